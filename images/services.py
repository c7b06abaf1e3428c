"""Writes with side effects for images. The admin and the demo seeding call these."""

import os

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from images import indexing, locks, purges, rights
from images.models import Image, content_hash
from images.renditions import (
    ALL_FORMATS,
    FORMAT_ORDER,
    RENDITION_WIDTHS,
    make_crops,
    make_renditions,
)
from images.signals import image_changed
from images.uploads import CleanImage
from infra import jobs


def _base_name(filename: str) -> str:
    stem = os.path.splitext(os.path.basename(filename or ""))[0]
    return slugify(stem)[:60] or "image"


def delete_files(paths: list[str]) -> None:
    """Delete these files from the storage; one already gone is no error."""
    for path in paths:
        default_storage.delete(path)


def take_down_files(paths: list[str]) -> None:
    """
    Delete these public files and purge them hard from the edge and the CDN (a deleted
    image's: no copy of it may stay reachable, whatever a cache's TTL).
    """
    try:
        delete_files(paths)
    finally:
        purges.purge_files(paths)


@transaction.atomic
def save_image(
    *, image: Image, clean: CleanImage | None, original_name: str = "", by=None
) -> Image:
    """
    Save an image. When a new file was uploaded, store its re-encoded content and
    enqueue its renditions (``images.tasks.render_image``, after the commit): pages
    show the stored original until they exist, and no request resizes.
    ``clean`` is the validated upload from ``images.uploads.clean_upload``.
    Sends ``images.signals.image_changed`` once saved: the pages showing it change.
    Refused (PermissionDenied) when ``by`` may not change an image that a live or
    scheduled story shows (``images.locks``).
    """
    if by is not None and not locks.may_change(by, image):
        raise PermissionDenied
    stored = _stored(image)
    expiry_changed = (stored["usage_expires_at"] if stored else None) != image.usage_expires_at
    if expiry_changed:
        image.expiry_alerted_at = None  # a new date gets its own alert
    if clean is None:
        image.save()
        indexing.index_image(image)
        image_changed.send(sender=Image, image=image)
        if expiry_changed:
            rights.schedule_expiry(image)
        focal = (image.focal_x, image.focal_y)
        if stored and focal != (stored["focal_x"], stored["focal_y"]) and image.renditions:
            from images import tasks  # the task module imports this one

            # The crops around the old point stay until the new ones are made.
            jobs.enqueue_after_commit(
                tasks.render_crops,
                image_id=image.pk,
                file_name=image.file.name,
                focal_x=image.focal_x,
                focal_y=image.focal_y,
            )
        return image
    if by is not None and image.uploaded_by_id is None:
        image.uploaded_by = by
    old_paths = [r["path"] for r in [*image.renditions, *image.crops]]
    image.file.save(
        f"{_base_name(original_name)}.{clean.extension}", ContentFile(clean.content), save=False
    )
    image.width, image.height = clean.width, clean.height
    image.content_hash = content_hash(clean.content)
    # The old renditions show the old picture: the page uses the new original meanwhile.
    image.renditions = []
    image.crops = []
    image.save()
    indexing.index_image(image)
    image_changed.send(sender=Image, image=image)
    transaction.on_commit(lambda: delete_files(old_paths))
    from images import tasks  # the task module imports this one

    if image.withdrawn_at is None:
        jobs.enqueue_after_commit(tasks.render_image, image_id=image.pk, file_name=image.file.name)
    if expiry_changed:
        rights.schedule_expiry(image)
    return image


def _stored(image: Image) -> dict | None:
    """What the database holds of the fields whose change has consequences."""
    if image.pk is None:
        return None
    fields = ("usage_expires_at", "focal_x", "focal_y")
    return Image.objects.filter(pk=image.pk).values(*fields).first()


def render_renditions(*, image_id: int, file_name: str) -> bool:
    """
    Make and store the renditions of an image's file ``file_name``, then say the
    image changed; True when made now. Does nothing if the image has them already,
    was deleted, or its file was replaced since (that file's own task makes them).
    """
    image = Image.objects.filter(pk=image_id, file=file_name, withdrawn_at=None).first()
    if image is None or image.renditions:
        return False
    with default_storage.open(file_name, "rb") as original:
        content = original.read()
    renditions = _store_renditions(image, make_renditions(content))
    crops = _store_renditions(image, make_crops(content, focal=(image.focal_x, image.focal_y)))
    with transaction.atomic():
        stored = Image.objects.filter(
            pk=image_id, file=file_name, renditions=[], withdrawn_at=None
        ).update(renditions=renditions, crops=crops)
        if stored:
            image.renditions, image.crops = renditions, crops
            image_changed.send(sender=Image, image=image)
    if not stored:
        # Replaced or rendered by another run meanwhile: these files belong to no one.
        delete_files([r["path"] for r in [*renditions, *crops]])
    return bool(stored)


def render_crops(*, image_id: int, file_name: str, focal: tuple[float, float]) -> bool:
    """
    Make again the cropped thumbnails of an image around its new focal point; True
    when made now. Nothing if the image's file or focal point changed since (that
    change's own task makes them), or it was withdrawn.
    """
    current = {"pk": image_id, "file": file_name, "focal_x": focal[0], "focal_y": focal[1]}
    image = Image.objects.filter(**current, withdrawn_at=None).first()
    if image is None:
        return False
    with default_storage.open(file_name, "rb") as original:
        content = original.read()
    crops = _store_renditions(image, make_crops(content, focal=focal), suffix="-crop")
    with transaction.atomic():
        locked = Image.objects.select_for_update().filter(**current, withdrawn_at=None).first()
        if locked is None:
            transaction.on_commit(lambda: delete_files([c["path"] for c in crops]))
            return False
        old = [c["path"] for c in locked.crops]
        Image.objects.filter(pk=image_id).update(crops=crops)
        image.crops = crops
        image_changed.send(sender=Image, image=image)
        transaction.on_commit(lambda: delete_files(old))
    return True


def _store_renditions(image: Image, made, suffix: str = "") -> list[dict]:
    """Save rendered files under the image's folder; their entries for the JSON lists."""
    base = _base_name(image.file.name)
    stored = []
    for rendition in made:
        ratio = f"-{rendition.crop.replace(':', 'x')}" if rendition.crop else ""
        path = default_storage.save(
            f"images/renditions/{image.pk}/{base}{ratio}{suffix}-{rendition.width}"
            f".{rendition.extension}",
            ContentFile(rendition.content),
        )
        entry = {"crop": rendition.crop} if rendition.crop else {}
        entry.update(
            width=rendition.width, height=rendition.height, format=rendition.format, path=path
        )
        stored.append(entry)
    return stored


def rebuild_renditions(
    *,
    image: Image,
    widths: tuple[int, ...] = RENDITION_WIDTHS,
    formats: tuple[str, ...] = ALL_FORMATS,
    replace: bool = False,
) -> int:
    """
    Make the renditions of ``image`` missing for these widths and formats (new widths
    or a new format since it was uploaded), or all of them again with ``replace``
    (the old files are deleted after the commit), and its cropped thumbnails when it
    has none (or with ``replace``). The number of files made. Nothing
    for a withdrawn image, or one whose file changed meanwhile (its task makes them).
    ``formats`` among "AVIF", "WEBP" and "FALLBACK" (JPEG, or PNG when transparent).
    """
    with default_storage.open(image.file.name, "rb") as original:
        content = original.read()
    made = make_renditions(content, widths=widths, formats=formats)
    present = set() if replace else {(r["width"], r["format"]) for r in image.renditions}
    missing = [r for r in made if (r.width, r.format) not in present]
    crops = []
    if replace or not image.crops:
        focal = (image.focal_x, image.focal_y)
        crops = _store_renditions(image, make_crops(content, focal=focal, formats=formats))
    if not (missing or crops):
        return 0
    stored = _store_renditions(image, missing)
    with transaction.atomic():
        current = (
            Image.objects.select_for_update()
            .filter(pk=image.pk, file=image.file.name, withdrawn_at=None)
            .first()
        )
        if current is None:
            transaction.on_commit(lambda: delete_files([r["path"] for r in stored + crops]))
            return 0
        if crops:
            old_crops = [c["path"] for c in current.crops]
            transaction.on_commit(lambda: delete_files(old_crops))
        if replace:
            old = [r["path"] for r in current.renditions]
            kept = []
            transaction.on_commit(lambda: delete_files(old))
        else:
            made_now = {(r["width"], r["format"]) for r in stored}
            kept = [r for r in current.renditions if (r["width"], r["format"]) not in made_now]
        renditions = sorted(
            kept + stored, key=lambda r: (r["width"], FORMAT_ORDER.get(r["format"], 9))
        )
        image.renditions = renditions
        image.crops = crops or current.crops
        Image.objects.filter(pk=image.pk).update(renditions=renditions, crops=image.crops)
        image_changed.send(sender=Image, image=image)
    return len(stored) + len(crops)
