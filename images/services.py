"""Writes with side effects for images. The admin and the demo seeding call these."""

import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from images import indexing
from images.models import Image
from images.renditions import make_renditions
from images.signals import image_changed
from images.uploads import CleanImage


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
    ``clean`` is the validated upload from ``images.uploads.clean_upload``.
    Sends ``images.signals.image_changed`` once saved: the pages showing it change.
    """
    if clean is None:
        image.save()
        indexing.index_image(image)
        image_changed.send(sender=Image, image=image)
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
    indexing.index_image(image)
    image_changed.send(sender=Image, image=image)
    transaction.on_commit(lambda: [default_storage.delete(p) for p in old_paths])
    return image
