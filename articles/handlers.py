"""What the articles app does when another app tells it something happened."""

from articles.models import Article
from infra import generations


def image_changed(sender, image, **kwargs) -> None:
    """An image was saved: the pages of the articles showing it change."""
    generations.articles_changed(list(image.articles.values_list("pk", flat=True)))


def image_locked(image) -> bool:
    """
    An image is locked while a live or scheduled story shows it (registered with
    ``images.locks`` in ``ArticlesConfig.ready``).
    """
    return Article.objects.live_or_scheduled().filter(main_image=image).exists()
