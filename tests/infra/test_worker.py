"""
The real queue: django-tasks-db's backend and its ``db_worker`` command, on the
test database (SQLite or PostgreSQL), for enqueue → run → result, retries with
backoff and tasks run twice.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from infra import jobs, tasks
from infra.mail import queue_mail
from infra.models import OutgoingMail
from tests.infra.support import LOCMEM, REFUSING

pytestmark = pytest.mark.django_db(transaction=True)

# A fixed moment (never the clock at collection time); each test travels to it.
NOW = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


def only_record() -> DBTaskResult:
    (record,) = DBTaskResult.objects.all()
    return record


def test_a_mail_waits_for_the_commit_then_the_worker_sends_it_once(run_worker, settings):
    settings.MAILERS = LOCMEM
    with transaction.atomic():
        queued = queue_mail(to="lea@example.org", subject="Objet", body="Texte")
        assert DBTaskResult.objects.count() == 0  # nothing leaves before the commit

    record = only_record()
    assert (record.task_path, record.status, record.args_kwargs) == (
        "infra.tasks.send_mail",
        TaskResultStatus.READY,
        {"args": [], "kwargs": {"mail_id": queued.pk}},
    )
    run_worker()

    record.refresh_from_db()
    assert (record.status, record.return_value, len(record.worker_ids)) == (
        TaskResultStatus.SUCCESSFUL,
        True,
        1,
    )
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["lea@example.org"], "Objet", "Texte")
    ]
    assert OutgoingMail.objects.get().sent_at is not None


def test_a_rolled_back_decision_queues_no_mail(run_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_mail(to="lea@example.org", subject="Objet", body="Texte")
        raise RuntimeError

    assert (DBTaskResult.objects.count(), OutgoingMail.objects.count()) == (0, 0)


def test_a_refused_mail_is_retried_after_a_backoff_and_keeps_its_last_error(run_worker, settings):
    settings.MAILERS = REFUSING
    with time_machine.travel(NOW, tick=False):
        queue_mail(to="lea@example.org", subject="Objet", body="Texte")
        run_worker()

        record = only_record()
        assert (record.status, len(record.worker_ids), record.run_after) == (
            TaskResultStatus.READY,
            1,
            NOW + timedelta(seconds=30),
        )
        assert record.exception_class_path == "smtplib.SMTPServerDisconnected"
        assert record.traceback.strip().splitlines()[-1] == (
            "smtplib.SMTPServerDisconnected: Connection unexpectedly closed"
        )
        run_worker()  # not due yet: nothing runs
        record.refresh_from_db()
        assert len(record.worker_ids) == 1

    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        run_worker()  # refused again: the wait doubles
    record.refresh_from_db()
    assert (record.status, len(record.worker_ids), record.run_after) == (
        TaskResultStatus.READY,
        2,
        NOW + timedelta(seconds=30 + 60),
    )

    settings.MAILERS = LOCMEM  # the mail server is back
    with time_machine.travel(NOW + timedelta(seconds=90), tick=False):
        run_worker()
    record.refresh_from_db()
    assert (record.status, len(record.worker_ids), record.traceback) == (
        TaskResultStatus.SUCCESSFUL,
        3,
        "",
    )
    assert [m.to for m in mail.outbox] == [["lea@example.org"]]


def test_a_task_failing_every_attempt_stays_failed_until_retried_by_hand(run_worker, settings):
    settings.MAILERS = REFUSING
    attempts = jobs.policy(tasks.send_mail).attempts
    queue_mail(to="lea@example.org", subject="Objet", body="Texte")
    moment = NOW
    for _ in range(attempts):
        with time_machine.travel(moment, tick=False):
            run_worker()
        moment += timedelta(hours=2)

    record = only_record()
    assert (record.status, len(record.worker_ids)) == (TaskResultStatus.FAILED, attempts)

    settings.MAILERS = LOCMEM
    assert jobs.retry_now(record) is True
    run_worker()
    record.refresh_from_db()
    assert (record.status, len(record.worker_ids)) == (TaskResultStatus.SUCCESSFUL, attempts + 1)
    assert len(mail.outbox) == 1


def test_a_mail_task_run_twice_sends_once(run_worker, settings):
    settings.MAILERS = LOCMEM
    queued = queue_mail(to="lea@example.org", subject="Objet", body="Texte")
    tasks.send_mail.enqueue(mail_id=queued.pk)  # the same delivery, queued again

    run_worker()

    assert sorted(r.return_value for r in DBTaskResult.objects.all()) == [False, True]
    assert len(mail.outbox) == 1
