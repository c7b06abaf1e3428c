"""
``python manage.py task_worker``: django-tasks-db's ``db_worker``, which waits out a
database outage instead of exiting. ``db_worker`` stops at the first database error
between two tasks (it only tolerates a locked SQLite), and a process manager that stops
every process when one exits (honcho, for ``make run`` and ``make serve``) would then
take the site down with it. Same options as ``db_worker``.
"""

import logging
import time

from django.db import connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from infra.middleware import DATABASE_UNAVAILABLE

logger = logging.getLogger("newsroom.database")

RETRY_SECONDS = 5


class Command(DatabaseWorkerCommand):
    help = "Run the task worker; it waits for the database to come back rather than exit."

    def handle(self, *args, **options):
        while True:
            try:
                return super().handle(*args, **options)
            except DATABASE_UNAVAILABLE as error:
                # A task cut short stays "running" until requeue_lost_tasks takes it back.
                logger.warning(
                    "Database unavailable, the task worker starts again in %d s: %s",
                    RETRY_SECONDS,
                    error,
                )
                connections.close_all()
                time.sleep(RETRY_SECONDS)
