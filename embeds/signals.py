"""What the embeds app tells the apps whose pages show embeds."""

from django.dispatch import Signal

# Sent by embeds.services once an oEmbed answer was fetched (or failed), with
# ``embed``: the pages showing it must change.
embed_changed = Signal()
