"""What the images app tells the apps that show images."""

from django.dispatch import Signal

# Sent by images.services once an image is saved (its file, renditions or texts
# changed), with ``image``: the pages showing it must change.
image_changed = Signal()
