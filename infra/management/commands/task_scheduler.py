"""
``python manage.py task_scheduler``: django-crontask's ``crontask``, which outlives a
Redis restart.

``crontask`` holds a Redis lock (``crontask-lock``, its TTL extended every
``LOCK_REFRESH_INTERVAL`` seconds) so that a second scheduler does not enqueue the
periodic tasks twice. It exits when Redis is unreachable at start (the lock's
``acquire`` raises), and when Redis restarts: the key is gone, the next extension
fails with ``LockNotOwnedError``, crontask shuts its scheduler down and the command
returns. A process manager that stops every process when one exits (honcho, for
``make run`` and ``make serve``) then takes the site down with it.

This command keeps crontask's scheduler and its jobs (the ``@cron`` tasks) and
manages the lock itself:

- Redis unreachable at start, or while waiting for the lock: it tries again every
  ``LOCK_REFRESH_INTERVAL`` seconds, with one warning per outage;
- Redis unreachable while it runs: the periodic tasks go on being enqueued (they go to
  the database, not to Redis; no other scheduler can take the lock meanwhile), one
  warning per outage;
- the lock lost (Redis restarted without the key, or it expired during a long
  outage): it stops enqueueing, takes the lock again (waiting while another scheduler
  holds it) and starts again;
- SIGTERM, SIGINT or SIGHUP: it stops and releases the lock.

A signal is only noted where it lands (a byte written to a pipe); a thread of the
command reads it and shuts the scheduler down. crontask raises KeyboardInterrupt
from its handler instead, wherever the main thread is: when that is inside one of
APScheduler's listeners or a job's submission, APScheduler logs the exception and
goes on, and the signal is lost (a scheduler that ignores SIGTERM until SIGKILL).

The Redis client has short timeouts, so a black-holed Redis never blocks it.
"""

import contextlib
import importlib
import logging
import os
import signal
import threading

import redis
from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.schedulers import SchedulerNotRunningError
from crontask import conf, scheduler
from crontask.management.commands.crontask import Command as CrontaskCommand
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import LockError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger("newsroom.scheduler")

REDIS_TIMEOUT_SECONDS = 2
LOCK_NAME = "crontask-lock"  # crontask's own, so a crontask and this command exclude each other
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class Command(CrontaskCommand):
    help = "Run the periodic tasks' scheduler; it outlives a Redis restart."

    def handle(self, *args, **options):
        if not options["no_task_loading"]:
            self.load_tasks(options)
        if not options["no_heartbeat"]:
            importlib.import_module("crontask.tasks")
        self.stopping = threading.Event()
        signals, self._signalled = os.pipe()
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._note_signal)
        threading.Thread(target=self._stop_on_signal, args=(signals,), daemon=True).start()
        settings = conf.get_settings()
        try:
            if not settings.REDIS_URL:
                self.stdout.write(self.style.SUCCESS("Starting scheduler (no lock)…"))
                self._run(lock=None, settings=settings)
            else:
                self._keep_running(self._lock(settings), settings)
        finally:
            if scheduler.running:
                scheduler.shutdown(wait=False)
        self.stdout.write(self.style.NOTICE("Scheduler stopped."))

    # Signals ----------------------------------------------------------------------------

    def _note_signal(self, signum, frame) -> None:
        """The handler: a write, safe wherever the main thread was."""
        os.write(self._signalled, bytes([signum]))

    def _stop_on_signal(self, signals: int) -> None:
        """A thread of its own: at the first signal, stop the scheduler and what waits."""
        signum = os.read(signals, 1)[0]
        name = signal.Signals(signum).name
        self.stdout.write(self.style.WARNING(f"Received {name} ({signum}), shutting down…"))
        self.stopping.set()
        with contextlib.suppress(SchedulerNotRunningError):
            scheduler.shutdown(wait=False)

    # The lock ---------------------------------------------------------------------------

    def _lock(self, settings):
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),
        )
        return client.lock(LOCK_NAME, timeout=settings.LOCK_TIMEOUT, thread_local=False)

    def _keep_running(self, lock, settings) -> None:
        """Take the lock, schedule until it is lost, again, until a signal stops it."""
        self.redis_down = self.waiting = False
        while not self.stopping.is_set():
            try:
                # Not longer than an interval at a time: a signal stops the wait.
                acquired = lock.acquire(blocking_timeout=settings.LOCK_REFRESH_INTERVAL)
            except REDIS_DOWN as error:
                self._redis_unavailable(error, "the scheduler waits for it")
                self.stopping.wait(settings.LOCK_REFRESH_INTERVAL)
                continue
            self._redis_available()
            if not acquired:
                if not self.waiting:
                    logger.warning("Another scheduler holds the lock: this one waits")
                    self.waiting = True
                continue
            self.waiting = False
            try:
                self._run(lock=lock, settings=settings)
            finally:
                self._release(lock)

    def _release(self, lock) -> None:
        try:
            lock.release()
        except (LockError, *REDIS_DOWN):
            pass  # lost already, or Redis away: the key expires by itself

    def _keep_lock(self, lock, settings, stopped: threading.Event) -> None:
        """
        A thread of its own while the scheduler runs: extend the lock every
        LOCK_REFRESH_INTERVAL; once it is lost, shut the scheduler down. (Not a job of
        the scheduler: an extension that waits on a black-holed Redis would have
        APScheduler log every skipped run.)
        """
        while not stopped.wait(settings.LOCK_REFRESH_INTERVAL):
            try:
                lock.extend(settings.LOCK_TIMEOUT, replace_ttl=True)
            except LockError:
                logger.warning(
                    "The scheduler lost its lock (Redis restarted?): it stops enqueueing "
                    "and takes the lock again"
                )
                with contextlib.suppress(SchedulerNotRunningError):
                    scheduler.shutdown(wait=False)
                return
            except REDIS_DOWN as error:
                self._redis_unavailable(error, "the periodic tasks are still enqueued")
            else:
                self._redis_available()

    def _redis_unavailable(self, error, what: str) -> None:
        if not self.redis_down:
            logger.warning("Redis unavailable, %s: %s", what, error)
            self.redis_down = True

    def _redis_available(self) -> None:
        if self.redis_down:
            logger.warning("Redis is back")
            self.redis_down = False

    # The scheduler ----------------------------------------------------------------------

    def _run(self, *, lock, settings) -> None:
        """crontask's scheduler until it is shut down (a signal, or the lock lost)."""
        self.stdout.write(self.style.SUCCESS("Starting scheduler…"))
        stopped = threading.Event()

        def started(event) -> None:
            if self.stopping.is_set():
                # The signal came between the check below and the start: stop at once
                # (unless the signal's thread just did).
                with contextlib.suppress(SchedulerNotRunningError):
                    scheduler.shutdown(wait=False)
            elif lock is not None:
                # Once the scheduler runs, so that a lock lost at once still stops it.
                threading.Thread(
                    target=self._keep_lock, args=(lock, settings, stopped), daemon=True
                ).start()

        if self.stopping.is_set():
            return
        scheduler.add_listener(started, EVENT_SCHEDULER_STARTED)
        try:
            scheduler.start()
        finally:
            stopped.set()
            # Ready to start again, with a fresh thread pool (a shut-down pool takes
            # no more work); the @cron jobs stay in the store.
            if scheduler.running:
                scheduler.shutdown(wait=False)
            scheduler.remove_listener(started)
            with contextlib.suppress(KeyError):  # never started: no pool was made
                scheduler.remove_executor("default", shutdown=False)
