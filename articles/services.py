"""Writes with side effects for articles and images. Views and the admin call these."""

import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.images import CleanImage, make_renditions
from articles.models import Article, Image

# Changing any of these on a live story is announced to readers as "Mis à jour le …".
ANNOUNCED_FIELDS = frozenset({"title", "lead", "body", "main_image"})


def _base_name(filename: str) -> str:
    stem = os.path.splitext(os.path.basename(filename or ""))[0]
    return slugify(stem)[:60] or "image"


@transaction.atomic
def save_image(
    *, image: Image, clean: CleanImage | None, original_name: str = "", by=None
) -> Image:
    """
    Save an image and, when a new file was uploaded, store its re-encoded content
    and generate its renditions once, here, so that no page ever resizes.
    ``clean`` is the validated upload from ``articles.images.clean_upload``.
    """
    if clean is None:
        image.save()
        return image
    if by is not None and image.uploaded_by_id is None:
        image.uploaded_by = by
    base = _base_name(original_name)
    old_paths = [r["path"] for r in image.renditions]
    image.file.save(f"{base}.{clean.extension}", ContentFile(clean.content), save=False)
    image.width, image.height = clean.width, clean.height
    image.save()

    renditions = []
    for rendition in make_renditions(clean.content):
        path = default_storage.save(
            f"images/renditions/{image.pk}/{base}-{rendition.width}.{rendition.extension}",
            ContentFile(rendition.content),
        )
        renditions.append(
            {
                "width": rendition.width,
                "height": rendition.height,
                "format": rendition.format,
                "path": path,
            }
        )
    image.renditions = renditions
    image.save(update_fields=["renditions"])
    transaction.on_commit(lambda: [default_storage.delete(p) for p in old_paths])
    return image


def save_article(*, article: Article, changed_fields: list[str] | tuple[str, ...] = ()) -> Article:
    """
    Save an article. When the readers' text of a live story changes, the change
    is dated so the page shows "Mis à jour le …" and feeds carry the new date.
    """
    now = timezone.now()
    if (
        article.pk
        and article.status == Article.Status.PUBLISHED
        and article.published_at
        and article.published_at <= now
        and ANNOUNCED_FIELDS.intersection(changed_fields)
    ):
        article.content_updated_at = now
    article.save()
    return article
