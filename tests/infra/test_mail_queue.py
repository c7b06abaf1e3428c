"""
Mail has its own queue and its own worker: a mail server that hangs holds the mail
worker (each attempt up to the SMTP timeout), never the worker of the other tasks.
The real test runs both workers as the Procfile does, on the test database, the mail
server black-holed behind the fault proxy.
"""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from infra import tasks
from infra.mail import queue_mail
from tests.infra.test_lost_tasks import shared_database, smtp, wait_until

__all__ = ["shared_database", "smtp"]  # fixtures this module uses
ROOT = Path(__file__).resolve().parents[2]
PROCESS_FILES = ["Procfile", "Procfile.dev"]
UNITS = ROOT / "docs" / "deploy"


def served_queues(command: str) -> set[str] | None:
    """The queues a ``task_worker`` command line serves (None: not a worker)."""
    if "task_worker" not in command:
        return None
    found = re.search(r"--queue-name[ =](\S+)", command)
    return set((found.group(1) if found else "default").split(","))


@pytest.mark.parametrize("name", PROCESS_FILES)
def test_each_queue_has_a_worker_and_mail_has_its_own(name):
    commands = [
        line.split(":", 1)[1]
        for line in (ROOT / name).read_text().splitlines()
        if line and not line.startswith("#")
    ]
    workers = [queues for queues in map(served_queues, commands) if queues is not None]
    assert sorted(map(sorted, workers)) == [["default"], ["mail"]]
    assert set().union(*workers) == set(settings.TASKS["default"]["QUEUES"])


def test_the_deployment_units_serve_every_queue():
    workers = {
        unit.name: served_queues(line)
        for unit in UNITS.glob("*.service")
        for line in unit.read_text().splitlines()
        if line.startswith("ExecStart=") and "task_worker" in line
    }
    assert workers == {
        "newsroom-mail-worker.service": {"mail"},
        "newsroom-worker.service": {"default"},
    }


def test_the_mail_task_is_on_the_mail_queue():
    assert (tasks.send_mail.queue_name, tasks.purge_cdn.queue_name) == ("mail", "default")


def start_worker(database_url: str, smtp_port: int, *arguments: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "LOG_LEVEL": "CRITICAL",
    }
    command = ["manage.py", "task_worker", "--no-reload", "--no-startup-delay", "--verbosity", "0"]
    return subprocess.Popen([sys.executable, *command, *arguments], cwd=ROOT, env=env)


@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_does_not_hold_up_the_other_tasks(
    database_tasks, shared_database, smtp
):
    smtp.set_mode("blackhole")  # accepts the connection, never answers
    stuck = queue_mail(to="lea@example.org", subject="Objet", body="Texte")
    mailer = start_worker(shared_database, smtp.port, "--queue-name", "mail", "--interval", "0.1")
    try:
        wait_until(
            lambda: (
                smtp.accepted == 1
                and DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 1
            ),
            seconds=30,
        )
        # While the mail worker waits on the server: another mail, and other work.
        waiting = queue_mail(to="paul@example.org", subject="Objet", body="Texte")
        purge = tasks.purge_cdn.enqueue()

        worker = start_worker(shared_database, smtp.port, "--queue-name", "default", "--batch")
        assert worker.wait(timeout=60) == 0

        purge.refresh()
        assert purge.status == TaskResultStatus.SUCCESSFUL
        mails = {
            r.args_kwargs["kwargs"]["mail_id"]: r.status
            for r in DBTaskResult.objects.filter(queue_name="mail")
        }
        # The first mail still holds the mail worker; the second waits for it, untouched
        # by the other worker.
        assert mails == {stuck.pk: TaskResultStatus.RUNNING, waiting.pk: TaskResultStatus.READY}
        assert mailer.poll() is None
    finally:
        mailer.send_signal(signal.SIGKILL)
        mailer.wait(timeout=10)
