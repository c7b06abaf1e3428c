"""The articles' background jobs."""

from datetime import datetime

from django.tasks import task

from articles import services
from infra import jobs


@jobs.retried(attempts=5, backoff=30)
@task
def go_live(*, article_id: int, at: str) -> bool:
    """A scheduled story goes live: its pages and the listings change, at the edge too."""
    return services.announce_go_live(article_id=article_id, at=datetime.fromisoformat(at))
