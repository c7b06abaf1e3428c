"""What the articles app does when another app tells it something happened."""

from articles.models import Article
from images import usage
from infra import generations


def image_changed(sender, image, **kwargs) -> None:
    """
    An image was saved (or withdrawn): the pages of the articles showing it change,
    through any of their relations to it (main image, body images…).
    """
    articles = usage.filter_using(Article.objects.all(), image)
    generations.articles_changed(list(articles.values_list("pk", flat=True)))


def embed_changed(sender, embed, **kwargs) -> None:
    """An embed's answer was fetched (or failed): the pages of the articles showing it change."""
    generations.articles_changed(list(embed.articles.values_list("pk", flat=True)))


def image_locked(image) -> bool:
    """
    An image is locked while a live or scheduled story shows it (registered with
    ``images.locks`` in ``ArticlesConfig.ready``).
    """
    return usage.filter_using(Article.objects.live_or_scheduled(), image).exists()
