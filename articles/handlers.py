"""What the articles app does when another app tells it something happened."""

from articles import caching


def image_changed(sender, image, **kwargs) -> None:
    """An image was saved: the pages of the articles showing it change."""
    caching.articles_changed(list(image.articles.values_list("pk", flat=True)))
