"""
A worker killed mid-task: django-tasks-db leaves the task "running"; the periodic
``requeue_lost_tasks`` queues it again once it has run longer than LOST_TASK_MINUTES,
and the next worker does its work, once in effect.

The real test runs ``manage.py db_worker`` as a process of its own on the test
database (PostgreSQL's, or under SQLite a file copy of the in-memory one), lets it
take a mail whose SMTP server does not answer (a black-holed fault proxy in front
of a local server), kills it with SIGKILL, runs the recovery and a second worker.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from infra import jobs, tasks
from infra.mail import queue_mail
from infra.models import OutgoingMail
from tests import nodes
from tests.faults import FaultProxy, free_port
from tests.infra.support import Sink

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


def wait_until(predicate: Callable[[], bool], *, seconds: float) -> None:
    """Poll ``predicate`` until it holds, failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {seconds} s")
        time.sleep(0.05)


@pytest.fixture
def shared_database(tmp_path):
    yield from nodes.shared_database(tmp_path)


@pytest.fixture
def smtp():
    """A local SMTP server behind a fault proxy; the worker process is told its port."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with FaultProxy(controller.port) as proxy:
            proxy.sink = sink
            yield proxy
    finally:
        controller.stop()


def start_worker(database_url: str, smtp_port: int, *arguments: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "LOG_LEVEL": "CRITICAL",
    }
    command = [
        "manage.py",
        "db_worker",
        "--queue-name",
        "mail",
        "--no-reload",
        "--no-startup-delay",
    ]
    command += ["--verbosity", "0"]
    return subprocess.Popen([sys.executable, *command, *arguments], cwd=ROOT, env=env)


def test_a_mail_whose_worker_was_killed_goes_out_once_after_the_recovery(
    database_tasks, shared_database, smtp
):
    queued = queue_mail(to="lea@example.org", subject="Objet", body="Texte")
    record = DBTaskResult.objects.get()
    smtp.set_mode("blackhole")  # the worker's SMTP session hangs: the task is mid-flight

    first = start_worker(shared_database, smtp.port, "--interval", "0.1", "--worker-id", "first")
    try:
        wait_until(
            lambda: (
                smtp.accepted == 1
                and DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
            ),
            seconds=20,
        )
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=5)
    record.refresh_from_db()
    assert (record.status, record.worker_ids) == (TaskResultStatus.RUNNING, ["first"])

    assert tasks.requeue_lost_tasks.call() == {"requeued": 0, "failed": 0}  # not late yet
    later = timezone.now() + timedelta(minutes=settings.NEWSROOM["LOST_TASK_MINUTES"] + 1)
    with time_machine.travel(later, tick=False):
        assert tasks.requeue_lost_tasks.call() == {"requeued": 1, "failed": 0}
    record.refresh_from_db()
    assert record.status == TaskResultStatus.READY

    smtp.set_mode("pass")
    second = start_worker(shared_database, smtp.port, "--batch", "--worker-id", "second")
    assert second.wait(timeout=30) == 0

    record.refresh_from_db()
    assert (record.status, record.worker_ids, record.return_value) == (
        TaskResultStatus.SUCCESSFUL,
        ["first", "second"],
        True,
    )
    assert smtp.sink.recipients() == ["lea@example.org"]
    assert OutgoingMail.objects.get(pk=queued.pk).sent_at is not None


def lost(result, *, workers: list[str], minutes_ago: int) -> DBTaskResult:
    """Make a queued task look claimed by ``workers``, the last ``minutes_ago``."""
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=workers,
        started_at=NOW - timedelta(minutes=minutes_ago),
    )
    return DBTaskResult.objects.get(pk=result.id)


def recover() -> dict[str, int]:
    with time_machine.travel(NOW, tick=False):
        return tasks.requeue_lost_tasks.call()


def test_only_tasks_running_past_the_bound_are_queued_again(database_tasks):
    bound = settings.NEWSROOM["LOST_TASK_MINUTES"]
    late = lost(tasks.purge_cdn.enqueue(), workers=["a"], minutes_ago=bound + 1)
    busy = lost(tasks.purge_cdn.enqueue(), workers=["b"], minutes_ago=bound - 1)

    assert recover() == {"requeued": 1, "failed": 0}

    late.refresh_from_db()
    busy.refresh_from_db()
    assert (late.status, busy.status) == (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def test_a_task_that_lost_its_worker_on_its_last_attempt_is_left_failed(database_tasks):
    attempts = jobs.policy(tasks.send_mail).attempts
    mail = queue_mail(to="lea@example.org", subject="Objet", body="Texte")
    (result,) = DBTaskResult.objects.all()
    record = lost(result, workers=[f"w{i}" for i in range(attempts)], minutes_ago=60)

    assert recover() == {"requeued": 0, "failed": 1}

    record.refresh_from_db()
    assert (record.status, record.finished_at, record.exception_class_path) == (
        TaskResultStatus.FAILED,
        NOW,
        "infra.jobs.WorkerLost",
    )
    assert record.traceback.startswith("infra.jobs.WorkerLost: its worker was lost on attempt 10")
    assert jobs.retry_now(record) is True  # the admin's retry
    assert OutgoingMail.objects.get(pk=mail.pk).sent_at is None


def test_a_task_without_retries_runs_once_more_after_a_lost_worker(database_tasks):
    once = lost(tasks.prune_task_results.enqueue(), workers=["a"], minutes_ago=60)
    twice = lost(tasks.prune_task_results.enqueue(), workers=["a", "b"], minutes_ago=60)

    assert recover() == {"requeued": 1, "failed": 1}

    once.refresh_from_db()
    twice.refresh_from_db()
    assert (once.status, twice.status) == (TaskResultStatus.READY, TaskResultStatus.FAILED)


def test_a_lost_task_whose_code_is_gone_is_left_failed(database_tasks):
    result = tasks.purge_cdn.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(task_path="infra.tasks.removed_long_ago")
    record = lost(result, workers=["a"], minutes_ago=60)

    assert recover() == {"requeued": 0, "failed": 1}
    record.refresh_from_db()
    assert record.status == TaskResultStatus.FAILED
