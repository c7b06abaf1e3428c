"""
The wire's background jobs (Django's task framework). Each wraps a plain, idempotent
service function, so a job run twice or late does no harm:

- ``ingest_drop_folder_task``: every minute, the drop folder (``WIRE_DROP_DIR``);
- ``purge_unused_dispatches_task``: once a day, the dispatches never used.
"""

from crontask import cron
from django.tasks import task

from wire import services


@cron("* * * * *")
@task
def ingest_drop_folder_task() -> int:
    return len(services.ingest_drop_folder())


@cron("53 3 * * *")
@task
def purge_unused_dispatches_task() -> int:
    return services.purge_unused_dispatches()
