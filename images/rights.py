"""
The usage rights of images over time (services; docs/images.md):

- ``schedule_expiry``: once an image with an expiry is saved, a task due at that
  time withdraws it (``images.tasks.withdraw_expired_image``); an hourly sweep
  (``withdraw_expired_images``) catches any task lost on the way.
- ``withdraw_image``: the image leaves every public page at once (``is_usable`` is
  false, ``image_changed`` bumps the pages showing it), its renditions are deleted
  and its original moved out of the public storage into the ``image_archive`` one,
  and their URLs purged hard from the edge and the CDN;
  an ``ImageWithdrawal`` row records who, why, when and where it was used.
- ``alert_expiring_images``: the daily mail to the photo desk listing the images
  whose rights expire within IMAGE_EXPIRY_ALERT_DAYS, each image once.
- ``restore_image``: rights renewed, the editor brings the image back.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from images import locks, purges, usage
from images.models import Image, ImageWithdrawal
from images.signals import image_changed
from infra import jobs, mail
from infra.site import absolute_url

logger = logging.getLogger(__name__)

ARCHIVE_STORAGE = "image_archive"


def _local(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def renditions_folder(image_id: int) -> str:
    return f"images/renditions/{image_id}"


def schedule_expiry(image: Image) -> None:
    """
    Enqueue (after the commit) the withdrawal of ``image`` at its expiry: at once when
    the expiry is already past. A task for an earlier expiry, moved since, does nothing.
    """
    from images import tasks  # the task module imports this one

    if image.usage_expires_at is None or image.withdrawn_at is not None:
        return
    if image.usage_expires_at <= timezone.now():
        jobs.enqueue_after_commit(tasks.withdraw_expired_image, image_id=image.pk)
    else:
        jobs.enqueue_after_commit(
            tasks.withdraw_expired_image, image_id=image.pk, run_after=image.usage_expires_at
        )


def _uses_note(image: Image) -> str:
    lines = [
        f"{relation.label} : {', '.join(str(row) for row in rows)}"
        for relation, rows in usage.uses(image)
    ]
    return "\n".join(lines) or gettext("Utilisée nulle part.")


def archive_public_files(image: Image) -> int:
    """
    Take an image's files off the public storage: its renditions deleted (made again
    from the original if it comes back), its original moved into the archive storage
    under the same name; then each file removed is purged hard from the edge and the
    CDN (``images.purges``), even when a later one failed. Idempotent (the sweep runs
    it again after a failure); the number of files taken off.
    """
    archive = storages[ARCHIVE_STORAGE]
    removed: list[str] = []
    try:
        folder = renditions_folder(image.pk)
        if default_storage.exists(folder):
            _dirs, files = default_storage.listdir(folder)
            for name in files:
                default_storage.delete(f"{folder}/{name}")
                removed.append(f"{folder}/{name}")
        name = image.file.name
        if name and default_storage.exists(name):
            if not archive.exists(name):
                with default_storage.open(name, "rb") as original:
                    archive.save(name, ContentFile(original.read()))
            default_storage.delete(name)
            removed.append(name)
    finally:
        purges.purge_files(removed)
    return len(removed)


def withdraw_image(
    *, image: Image, by=None, reason: str = ImageWithdrawal.Reason.MANUAL, note: str = ""
) -> ImageWithdrawal | None:
    """
    Withdraw ``image`` from every public page (``None`` when it was already). The
    pages showing it are told at once; its public files go after the commit.
    """
    with transaction.atomic():
        locked = Image.objects.select_for_update().filter(pk=image.pk, withdrawn_at=None).first()
        if locked is None:
            return None
        now = timezone.now()
        locked.withdrawn_at = now
        locked.renditions, locked.crops = [], []
        locked.save(update_fields=["withdrawn_at", "renditions", "crops"])
        record = ImageWithdrawal.objects.create(
            image=locked,
            at=now,
            by=by,
            reason=reason,
            note="\n".join(part for part in (note, _uses_note(locked)) if part),
        )
        image.withdrawn_at, image.renditions, image.crops = locked.withdrawn_at, [], []
        image_changed.send(sender=Image, image=locked)
        transaction.on_commit(lambda: archive_public_files(locked))
    logger.info("Image %s withdrawn (%s)", image.pk, reason)
    return record


def withdraw_if_expired(*, image_id: int) -> bool:
    """The task's work: withdraw the image if its rights have expired by now."""
    image = Image.objects.filter(
        pk=image_id, withdrawn_at=None, usage_expires_at__lte=timezone.now()
    ).first()
    if image is None:
        return False  # extended, withdrawn already, or deleted
    note = gettext("Droits d'utilisation expirés le %(date)s.") % {
        "date": _local(image.usage_expires_at)
    }
    return withdraw_image(image=image, reason=ImageWithdrawal.Reason.EXPIRED, note=note) is not None


def withdraw_expired_images() -> dict[str, int]:
    """
    The safety net: withdraw every image whose rights have expired (a lost task), and
    take off the public storage the files of withdrawn images still there (a move
    that failed); the withdrawn ones of the last days only are looked at again.
    """
    now = timezone.now()
    recent = Image.objects.filter(withdrawn_at__gte=now - timedelta(days=2))
    cleaned = sum(bool(archive_public_files(image)) for image in recent.only("pk", "file"))
    expired = Image.objects.filter(withdrawn_at=None, usage_expires_at__lte=now)
    withdrawn = sum(withdraw_if_expired(image_id=pk) for pk in expired.values_list("pk", flat=True))
    return {"withdrawn": withdrawn, "files_cleaned": cleaned}


def _photo_desk() -> list[str]:
    configured = settings.NEWSROOM["PHOTO_DESK_EMAIL"]
    if configured:
        return [configured]
    app, codename = locks.PERMISSION.split(".")
    perm = Q(
        groups__permissions__codename=codename, groups__permissions__content_type__app_label=app
    )
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return sorted(set(users.filter(perm | Q(is_superuser=True)).values_list("email", flat=True)))


def expiring_soon(now: datetime | None = None):
    """The usable images whose rights expire within IMAGE_EXPIRY_ALERT_DAYS, soonest first."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.NEWSROOM["IMAGE_EXPIRY_ALERT_DAYS"])
    return (
        Image.objects.usable(now)
        .filter(usage_expires_at__lte=horizon)
        .order_by("usage_expires_at", "pk")
    )


def alert_expiring_images() -> int:
    """
    Mail the photo desk the images whose rights expire soon and that no alert has
    named yet, then mark them (each image is named once; a new expiry date resets
    it). The number of images named.
    """
    with transaction.atomic():
        images = list(
            expiring_soon().filter(expiry_alerted_at=None).select_for_update(skip_locked=True)
        )
        if not images:
            return 0
        recipients = _photo_desk()
        if not recipients:
            logger.warning("No photo desk address to tell %d images expire", len(images))
            return 0
        lines = [
            "- {caption} ({credit}) : {date}\n  {url}".format(
                caption=image,
                credit=image.rights_holder or image.credit,
                date=_local(image.usage_expires_at),
                url=absolute_url(reverse("admin:images_image_change", args=[image.pk])),
            )
            for image in images
        ]
        subject = ngettext(
            "Droits d'image : %(count)d image expire bientôt",
            "Droits d'image : %(count)d images expirent bientôt",
            len(images),
        ) % {"count": len(images)}
        body = "\n".join(
            [
                gettext(
                    "À la fin de leurs droits d'utilisation, ces images seront retirées "
                    "de toutes les pages du site :"
                ),
                "",
                *lines,
                "",
                gettext(
                    "Prolongez les droits ou remplacez-les dans les articles qui les utilisent."
                ),
            ]
        )
        for to in recipients:
            mail.queue_mail(to=to, subject=subject, body=body)
        Image.objects.filter(pk__in=[i.pk for i in images]).update(expiry_alerted_at=timezone.now())
    return len(images)


def restore_image(*, image: Image, by) -> Image:
    """
    Bring a withdrawn image back once its rights were renewed (its expiry removed or
    moved to the future): its original back in the public storage, its renditions
    made again by the usual task. Refused (ValidationError) while they are expired.
    """
    from images import tasks  # the task module imports this one

    if image.usage_expires_at is not None and image.usage_expires_at <= timezone.now():
        raise ValidationError(
            gettext("Prolongez d'abord les droits d'utilisation de l'image « %(image)s ».")
            % {"image": image}
        )
    archive = storages[ARCHIVE_STORAGE]
    name = image.file.name
    with transaction.atomic():
        if archive.exists(name) and not default_storage.exists(name):
            with archive.open(name, "rb") as original:
                stored = default_storage.save(name, ContentFile(original.read()))
            image.file.name = stored
        image.withdrawn_at = None
        image.renditions, image.crops = [], []
        image.save(update_fields=["withdrawn_at", "renditions", "crops", "file"])
        image_changed.send(sender=Image, image=image)
        jobs.enqueue_after_commit(tasks.render_image, image_id=image.pk, file_name=image.file.name)
        schedule_expiry(image)
    logger.info("Image %s restored by %s", image.pk, getattr(by, "pk", None))
    return image
