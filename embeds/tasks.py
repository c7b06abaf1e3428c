"""The embeds' background jobs."""

from django.tasks import task

from embeds import services
from infra import jobs


@jobs.retried(attempts=3, backoff=60)
@task
def fetch_embed(*, url: str) -> bool:
    """Fetch an embed's oEmbed answer (``embeds.services.fetch_embed``)."""
    return services.fetch_embed(url=url)
