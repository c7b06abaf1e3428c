"""
The audience's periodic jobs (docs/audience.md), enqueued by the scheduler
(``manage.py task_scheduler``) and run by the worker. Each is idempotent and safe to stop.
"""

from crontask import cron
from django.conf import settings
from django.tasks import task

from audience import counters
from audience.reports import CHART_DAYS


@cron("* * * * *")
@task
def fold_reads() -> int:
    """Move the read counters from Redis into the database (nothing to do without Redis)."""
    if not counters.redis_configured():
        return 0
    return counters.fold_reads().reads


@cron("17 * * * *")
@task
def rollup_reads() -> int:
    """Roll hourly counts older than AUDIENCE_ROLLUP_AFTER_DAYS up into days."""
    after_days = max(
        settings.NEWSROOM["AUDIENCE_ROLLUP_AFTER_DAYS"], counters.MIN_ROLLUP_AFTER_DAYS
    )
    return counters.rollup_reads(before=counters.rollup_cutoff(after_days=after_days))


@cron("43 3 * * *")
@task
def prune_reads() -> int:
    """Delete read and comment counters older than AUDIENCE_RETENTION_DAYS."""
    # Never below what the audience pages show (as the command refuses).
    keep_days = max(settings.NEWSROOM["AUDIENCE_RETENTION_DAYS"], CHART_DAYS)
    return counters.prune_reads(keep_days=keep_days)
