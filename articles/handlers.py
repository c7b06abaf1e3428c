"""What the articles app does when another app tells it something happened."""

from django.db.models import Q

from articles.models import Article
from infra import generations


def _showing(image) -> Q:
    return Q(main_image=image) | Q(body_images=image)


def image_changed(sender, image, **kwargs) -> None:
    """An image was saved: the pages of the articles showing it (main image or body) change."""
    ids = Article.objects.filter(_showing(image)).values_list("pk", flat=True).distinct()
    generations.articles_changed(list(ids))


def embed_changed(sender, embed, **kwargs) -> None:
    """An embed's answer was fetched (or failed): the pages of the articles showing it change."""
    generations.articles_changed(list(embed.articles.values_list("pk", flat=True)))


def image_locked(image) -> bool:
    """
    An image is locked while a live or scheduled story shows it (registered with
    ``images.locks`` in ``ArticlesConfig.ready``).
    """
    return Article.objects.live_or_scheduled().filter(_showing(image)).exists()
