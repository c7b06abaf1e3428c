"""What the articles app does when another app tells it something happened."""

from infra import generations


def image_changed(sender, image, **kwargs) -> None:
    """An image was saved: the pages of the articles showing it change."""
    generations.articles_changed(list(image.articles.values_list("pk", flat=True)))
