"""The images' background jobs."""

from django.tasks import task

from images import services
from infra import jobs


@jobs.retried(attempts=3, backoff=60)
@task
def render_image(*, image_id: int, file_name: str) -> bool:
    """Make an uploaded image's renditions (``images.services.render_renditions``)."""
    return services.render_renditions(image_id=image_id, file_name=file_name)
