"""The desk's background jobs."""

from crontask import cron
from django.tasks import task

from desk import services
from infra import jobs


@jobs.retried(attempts=5, backoff=30)
@task
def announce_arrangement(*, arrangement_id: int) -> bool:
    """A scheduled arrangement's time has come: the page caches and the CDN follow."""
    return services.announce_arrangement(arrangement_id=arrangement_id)


@cron("* * * * *")
@task
def announce_due_arrangements() -> int:
    """The safety net: any arrangement in force not yet announced (a lost task's) is."""
    return services.announce_due_arrangements()
