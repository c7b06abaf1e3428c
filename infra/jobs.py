"""
The house's glue around Django's task framework (``django.tasks``, stored by
django-tasks-db; docs/jobs.md).

- ``enqueue_after_commit``: a task leaves only once the transaction that asked for it
  has committed, so a rolled back decision sends nothing.
- ``retried``: a task's retry policy. django-tasks-db runs a task once; when a
  retried task fails, ``retry_failed`` (connected to ``task_finished`` in
  ``InfraConfig.ready``) puts the same record back in the queue, due after an
  exponential backoff. The record keeps its last error meanwhile, and its workers'
  list counts the attempts (``TaskResult.attempts``).
- ``requeue_lost``: django-tasks-db leaves a task "running" for good when its worker
  dies under it (SIGKILL, a machine lost); a periodic job puts such a task back in the
  queue once it has been running longer than any task can (``LOST_TASK_MINUTES``).
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, transaction
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int  # in all, the first run included
    backoff: float  # seconds before the second attempt; doubled at each attempt after
    cap: float  # the longest wait between two attempts, in seconds

    def delay(self, attempts_made: int) -> timedelta:
        return timedelta(seconds=min(self.cap, self.backoff * 2 ** (attempts_made - 1)))


_policies: dict[str, RetryPolicy] = {}


def retried(*, attempts: int, backoff: float = 30, cap: float = 3600):
    """Give a task (under its ``@task``) a retry policy: ``attempts`` runs in all."""

    def decorator(task: Task) -> Task:
        _policies[task.module_path] = RetryPolicy(attempts=attempts, backoff=backoff, cap=cap)
        return task

    return decorator


def policy(task: Task) -> RetryPolicy | None:
    return _policies.get(task.module_path)


def enqueue_after_commit(task: Task, *, run_after: datetime | None = None, **kwargs) -> None:
    """
    Enqueue ``task`` with these keyword arguments once the current transaction
    commits (at once outside one). With ``run_after``, on a backend that can defer;
    a backend that cannot (the immediate one of the tests) has nothing to wait for.
    """
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    transaction.on_commit(lambda: task.enqueue(**kwargs))


def retry_failed(sender, task_result, **kwargs) -> None:
    """A retried task failed: queue its record again after its backoff, while attempts remain."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    found = policy(task_result.task)
    record = getattr(task_result, "db_result", None)
    if found is None or record is None:
        return
    if task_result.attempts >= found.attempts:
        logger.error(
            "Task %s (%s) failed %d times: left failed, retry it from the admin",
            task_result.id,
            task_result.task.name,
            task_result.attempts,
        )
        return
    try:
        type(record).objects.filter(pk=record.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY,
            run_after=timezone.now() + found.delay(task_result.attempts),
            finished_at=None,
        )
    except DatabaseError:
        # The database went away under the worker: the record stays failed, and the
        # admin can retry it.
        logger.exception("Could not queue task %s again", task_result.id)


def retry_now(record) -> bool:
    """Queue a failed task record again, due at once (the admin's retry)."""
    return bool(
        type(record)
        .objects.filter(pk=record.pk, status=TaskResultStatus.FAILED)
        .update(status=TaskResultStatus.READY, run_after=get_date_max(), finished_at=None)
    )


class WorkerLost(Exception):
    """What a task whose worker was lost on its last attempt records as its error."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
# A task without a retry policy still gets one more run when its worker was lost.
LOST_TASK_ATTEMPTS = 2


def _attempts_allowed(record: DBTaskResult) -> int:
    try:
        task = record.task
    except (ImportError, SuspiciousOperation):
        return 0  # the task no longer exists: nothing to run again
    found = policy(task)
    return found.attempts if found else LOST_TASK_ATTEMPTS


def requeue_lost(*, started_before: datetime) -> dict[str, int]:
    """
    Put back in the queue the tasks that a worker claimed before ``started_before``
    and never finished: their worker is gone. The lost run counts as an attempt; a
    task past its attempts is left failed with a ``WorkerLost`` error instead, for the
    admin's retry (a task that kills its worker each time must not loop). Each update
    is conditional on the claim it saw, so a worker that finishes meanwhile keeps its
    outcome. Safe because every task is idempotent: if the worker was merely slow,
    the task runs twice, to no harm.
    """
    requeued = failed = 0
    lost = DBTaskResult.objects.running().filter(started_at__lt=started_before)
    for record in lost:
        claim = DBTaskResult.objects.filter(
            pk=record.pk, status=TaskResultStatus.RUNNING, started_at=record.started_at
        )
        attempts = len(record.worker_ids)
        if attempts < _attempts_allowed(record):
            requeued += claim.update(status=TaskResultStatus.READY)
            logger.warning(
                "Task %s (%s) lost its worker: queued again", record.pk, record.task_path
            )
            continue
        started = record.started_at.isoformat()
        error = f"{WORKER_LOST}: its worker was lost on attempt {attempts}, started {started}"
        failed += claim.update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=WORKER_LOST,
            traceback=error + "\n",
        )
        logger.error(
            "Task %s (%s) lost its worker on its last attempt: left failed",
            record.pk,
            record.task_path,
        )
    return {"requeued": requeued, "failed": failed}
