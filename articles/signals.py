"""What the articles tell higher rooms, which connect in their ``AppConfig.ready()``."""

from django.dispatch import Signal

# An article readers could see is taken off the site (unpublished), inside the
# unpublishing's transaction: ``article`` (the Article).
article_withdrawn = Signal()
