"""
The infrastructure's background jobs: mail delivery, CDN purges, taking back the tasks
of a lost worker, pruning the queue.
"""

from datetime import timedelta

from crontask import cron
from django.conf import settings
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from infra import generations, jobs, mail
from infra.models import OutgoingMail, TaskRecord

# Mail's own queue, served by its own worker (`task_worker --queue-name mail`): each
# attempt may wait EMAIL_TIMEOUT on a mail server that hangs, and must not hold up the
# other tasks meanwhile.
MAIL_QUEUE = "mail"


@jobs.retried(attempts=10, backoff=30, cap=3600)
@task(queue_name=MAIL_QUEUE)
def send_mail(*, mail_id: int) -> bool:
    """Deliver one message of the outbox (``infra.mail``); a sent one is not sent again."""
    return mail.deliver(mail_id=mail_id)


@jobs.retried(attempts=8, backoff=10, cap=900)
@task
def purge_cdn() -> int:
    """Purge the pending surrogate keys from the CDN (``infra.generations.purge_pending``)."""
    return generations.purge_pending()


@cron("*/5 * * * *")
@task
def requeue_lost_tasks() -> dict[str, int]:
    """
    Queue again the tasks running for longer than LOST_TASK_MINUTES: their worker was
    killed under them (``infra.jobs.requeue_lost``).
    """
    minutes = settings.NEWSROOM["LOST_TASK_MINUTES"]
    return jobs.requeue_lost(started_before=timezone.now() - timedelta(minutes=minutes))


@cron("41 4 * * *")
@task
def prune_task_results() -> dict[str, int]:
    """
    Delete finished task records past TASK_RESULTS_KEEP_DAYS (failed ones past
    FAILED_TASK_RESULTS_KEEP_DAYS: someone may still want to read their error) and
    the copies of mails sent as long ago.
    """
    now, limits = timezone.now(), settings.NEWSROOM
    kept = now - timedelta(days=limits["TASK_RESULTS_KEEP_DAYS"])
    failed_kept = now - timedelta(days=limits["FAILED_TASK_RESULTS_KEEP_DAYS"])
    tasks, _by_model = TaskRecord.objects.filter(
        Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=kept)
        | Q(status=TaskResultStatus.FAILED, finished_at__lt=failed_kept)
    ).delete()
    mails, _by_model = OutgoingMail.objects.filter(sent_at__lt=kept).delete()
    return {"task_results": tasks, "sent_mails": mails}
