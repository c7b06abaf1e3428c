"""The task worker waits out a database outage instead of exiting."""

import logging

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from infra.management.commands import task_worker


def test_the_worker_starts_again_after_a_database_error(database_tasks, monkeypatch, caplog):
    runs, waits = [], []

    def db_worker(self, *args, **options):
        runs.append(options["batch"])
        if len(runs) == 1:
            raise OperationalError("connection refused")
        return None

    monkeypatch.setattr(DatabaseWorkerCommand, "handle", db_worker)
    monkeypatch.setattr(task_worker.time, "sleep", waits.append)
    caplog.set_level(logging.WARNING, logger="newsroom.database")

    call_command("task_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    assert (runs, waits) == ([True, True], [task_worker.RETRY_SECONDS])
    assert [r.getMessage() for r in caplog.records if r.name == "newsroom.database"] == [
        "Database unavailable, the task worker starts again in 5 s: connection refused"
    ]


def test_other_errors_are_not_swallowed(database_tasks, monkeypatch):
    def db_worker(self, *args, **options):
        raise RuntimeError("a bug")

    monkeypatch.setattr(DatabaseWorkerCommand, "handle", db_worker)

    with pytest.raises(RuntimeError, match="a bug"):
        call_command("task_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
