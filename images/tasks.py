"""The images' background jobs."""

from crontask import cron
from django.tasks import task

from images import rights, services
from infra import jobs


@jobs.retried(attempts=3, backoff=60)
@task
def render_image(*, image_id: int, file_name: str) -> bool:
    """Make an uploaded image's renditions (``images.services.render_renditions``)."""
    return services.render_renditions(image_id=image_id, file_name=file_name)


@jobs.retried(attempts=3, backoff=60)
@task
def render_crops(*, image_id: int, file_name: str, focal_x: float, focal_y: float) -> bool:
    """Crop an image's thumbnails again around its new focal point."""
    return services.render_crops(image_id=image_id, file_name=file_name, focal=(focal_x, focal_y))


@jobs.retried(attempts=5, backoff=60)
@task
def withdraw_expired_image(*, image_id: int) -> bool:
    """
    Due at an image's usage expiry: withdraw it from the site if its rights have
    expired by now (``images.rights.withdraw_if_expired``; extended since: nothing).
    """
    return rights.withdraw_if_expired(image_id=image_id)


@cron("7 * * * *")
@task
def withdraw_expired_images() -> dict[str, int]:
    """
    The safety net behind ``withdraw_expired_image``: every hour, withdraw the images
    whose rights have expired and clean the public files of the ones just withdrawn.
    """
    return rights.withdraw_expired_images()


@cron("0 8 * * *")
@task
def alert_expiring_images() -> int:
    """Every morning, tell the photo desk which images' rights expire within 7 days."""
    return rights.alert_expiring_images()
