"""What the live room does when another room tells it something happened."""

from articles.models import Article
from infra import generations
from live.models import LivePost


def _live_pages_showing(image):
    shown = LivePost.objects.visible().filter(image=image).values("article_id")
    return Article.objects.filter(pk__in=shown)


def image_changed(sender, image, **kwargs) -> None:
    """An image was saved: the live pages whose posts show it change (caption, credit)."""
    pages = list(_live_pages_showing(image).values_list("pk", flat=True))
    if pages:
        generations.bump(*(generations.article_key(pk) for pk in pages))
        generations.purge([key for pk in pages for key in (f"article-{pk}", f"live-{pk}")])


def image_locked(image) -> bool:
    """An image is locked while a post of a live or scheduled live page shows it."""
    return _live_pages_showing(image).live_or_scheduled().exists()
