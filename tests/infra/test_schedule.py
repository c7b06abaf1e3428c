"""
The periodic jobs the scheduler (``manage.py task_scheduler``) enqueues, and what each
does when the worker runs it. The cadence is docs/jobs.md's table.
"""

import importlib
from datetime import timedelta

import pytest
import time_machine
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from infra import tasks
from infra.models import OutgoingMail, TaskRecord

SCHEDULE = {
    "fold_reads": "cron[month='*', day='*', day_of_week='*', hour='*', minute='*']",
    "rollup_reads": "cron[month='*', day='*', day_of_week='*', hour='*', minute='17']",
    "prune_reads": "cron[month='*', day='*', day_of_week='*', hour='3', minute='43']",
    "purge_personal_data": "cron[month='*', day='*', day_of_week='*', hour='2', minute='23']",
    "alert_overdue_notices": ("cron[month='*', day='*', day_of_week='*', hour='*', minute='*/15']"),
    "prune_task_results": "cron[month='*', day='*', day_of_week='*', hour='4', minute='41']",
    "requeue_lost_tasks": "cron[month='*', day='*', day_of_week='*', hour='*', minute='*/5']",
    "ingest_drop_folder_task": "cron[month='*', day='*', day_of_week='*', hour='*', minute='*']",
    "purge_unused_dispatches_task": (
        "cron[month='*', day='*', day_of_week='*', hour='3', minute='53']"
    ),
}


def test_the_scheduler_enqueues_each_periodic_job_on_its_cadence():
    from crontask import scheduler

    for module in ("audience.tasks", "comments.tasks", "infra.tasks", "wire.tasks"):
        importlib.import_module(module)

    jobs = {job.name: str(job.trigger) for job in scheduler.get_jobs()}

    assert {name: jobs.get(name) for name in SCHEDULE} == SCHEDULE
    assert str(scheduler.get_jobs()[0].trigger.timezone) == "Europe/Paris"


@pytest.mark.django_db
def test_pruning_keeps_failed_tasks_longer_than_finished_ones(database_tasks):
    now = timezone.now()

    def finished(status, days_ago):
        result = tasks.purge_cdn.enqueue()
        TaskRecord.objects.filter(pk=result.id).update(
            status=status, finished_at=now - timedelta(days=days_ago)
        )
        return result.id

    kept = {
        finished(TaskResultStatus.SUCCESSFUL, 13),
        finished(TaskResultStatus.FAILED, 89),
        tasks.purge_cdn.enqueue().id,  # waiting
    }
    finished(TaskResultStatus.SUCCESSFUL, 15)
    finished(TaskResultStatus.FAILED, 91)
    OutgoingMail.objects.create(to="a@example.org", subject="s", body="b", sent_at=now)
    OutgoingMail.objects.create(
        to="b@example.org", subject="s", body="b", sent_at=now - timedelta(days=15)
    )

    with time_machine.travel(now, tick=False):
        assert tasks.prune_task_results.call() == {"task_results": 2, "sent_mails": 1}

    assert {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)} == {
        str(pk) for pk in kept
    }
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == ["a@example.org"]
