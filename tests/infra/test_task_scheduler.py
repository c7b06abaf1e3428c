"""
The scheduler outlives Redis: ``manage.py task_scheduler`` runs as a process of its
own, its Redis behind the fault proxy, while Redis restarts (the proxy refuses, and
the lock's key is gone as a restarted Redis without persistence loses it), is
black-holed past the lock's lifetime, or is away when the scheduler starts. Each time
it keeps running, takes its lock again, and a signal still stops it.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from tests.faults import FaultProxy, port_open
from tests.infra.test_lost_tasks import shared_database, wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not port_open(6379), reason="needs a Redis server on 127.0.0.1:6379"),
]

ROOT = Path(__file__).resolve().parents[2]
LOCK = "crontask-lock"
DB = int(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7").rsplit("/", 1)[-1] or 0)
__all__ = ["shared_database"]  # a fixture this module uses


@pytest.fixture
def direct():
    """Redis itself, not through the proxy: what the lock's key holds."""
    client = redis.Redis(port=6379, db=DB)
    client.delete(LOCK)
    yield client
    client.delete(LOCK)
    client.close()


@pytest.fixture
def proxy():
    with FaultProxy(6379) as fault_proxy:
        yield fault_proxy


@pytest.fixture
def start_scheduler(shared_database, proxy, tmp_path):
    processes = []

    def start():
        log = tmp_path / "scheduler.log"
        env = {
            **os.environ,
            "DATABASE_URL": shared_database,
            "REDIS_URL": f"redis://127.0.0.1:{proxy.port}/{DB}",
            "SCHEDULER_LOCK_REFRESH_SECONDS": "0.5",
            "SCHEDULER_LOCK_TIMEOUT_SECONDS": "2",
            "LOG_LEVEL": "WARNING",
        }
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "task_scheduler", "--no-heartbeat"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        process.log = log
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def output(process) -> str:
    return process.log.read_text()


def lines(process, text: str) -> int:
    return sum(text in line for line in output(process).splitlines())


def holder(client) -> bytes | None:
    return client.get(LOCK)


# How long a stopped scheduler may take to exit: a periodic task it is enqueueing
# finishes first, and on SQLite that insert may wait out the database's 20 s busy
# timeout while another test of the suite writes.
EXIT_SECONDS = 60


def stop(process, client) -> None:
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=EXIT_SECONDS) == 0
    assert holder(client) is None  # released on the way out
    # One line per outage, not one per call: no traceback, no skipped extensions.
    assert ("Traceback" in output(process), "skipped" in output(process)) == (False, False)


def test_the_scheduler_survives_a_redis_restart(start_scheduler, proxy, direct):
    scheduler = start_scheduler()
    wait_until(lambda: holder(direct) is not None, seconds=60)
    first = holder(direct)

    proxy.set_mode("refuse")  # Redis stops: connections reset, the port closed
    direct.delete(LOCK)  # and it comes back empty
    wait_until(lambda: lines(scheduler, "Redis unavailable") == 1, seconds=20)
    proxy.set_mode("pass")

    wait_until(lambda: holder(direct) not in (None, first), seconds=20)
    assert scheduler.poll() is None
    assert lines(scheduler, "Redis unavailable") == 1
    assert lines(scheduler, "Redis is back") == 1
    assert lines(scheduler, "lost its lock") == 1
    assert lines(scheduler, "Starting scheduler") == 2
    # Running again: its lock is extended (its lifetime goes back up to 2 s).
    direct.pexpire(LOCK, 500)
    wait_until(lambda: direct.pttl(LOCK) > 1000, seconds=10)
    stop(scheduler, direct)


def test_the_scheduler_survives_redis_black_holed_past_its_lock(start_scheduler, proxy, direct):
    scheduler = start_scheduler()
    wait_until(lambda: holder(direct) is not None, seconds=60)
    first = holder(direct)

    proxy.set_mode("blackhole")
    wait_until(lambda: holder(direct) is None, seconds=20)  # the key expired meanwhile
    wait_until(lambda: lines(scheduler, "Redis unavailable") == 1, seconds=20)
    proxy.set_mode("pass")

    wait_until(lambda: holder(direct) not in (None, first), seconds=30)
    assert scheduler.poll() is None
    assert lines(scheduler, "Redis unavailable") == 1
    assert lines(scheduler, "lost its lock") == 1
    stop(scheduler, direct)


def test_the_scheduler_waits_for_redis_at_start(start_scheduler, proxy, direct):
    proxy.set_mode("refuse")
    scheduler = start_scheduler()
    wait_until(lambda: lines(scheduler, "Redis unavailable, the scheduler waits") == 1, seconds=60)
    assert (scheduler.poll(), holder(direct)) == (None, None)
    proxy.set_mode("pass")

    wait_until(lambda: holder(direct) is not None, seconds=20)
    assert lines(scheduler, "Redis is back") == 1
    stop(scheduler, direct)


def test_a_second_scheduler_waits_while_the_first_holds_the_lock(start_scheduler, direct):
    first = start_scheduler()
    wait_until(lambda: holder(direct) is not None, seconds=60)
    second = start_scheduler()
    wait_until(lambda: lines(second, "Another scheduler holds the lock") == 1, seconds=60)
    assert lines(second, "Starting scheduler") == 0

    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=EXIT_SECONDS) == 0
    wait_until(lambda: lines(second, "Starting scheduler") == 1, seconds=30)
    assert holder(direct) is not None
    stop(second, direct)


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.1])
def test_a_signal_as_the_scheduler_starts_stops_it(start_scheduler, direct, delay):
    # The moment its lock's thread starts: a signal raised there as an exception was
    # caught by APScheduler's listener dispatch, and the scheduler ran on.
    scheduler = start_scheduler()
    wait_until(lambda: lines(scheduler, "Starting scheduler") == 1, seconds=60)
    time.sleep(delay)

    stop(scheduler, direct)
    assert lines(scheduler, "Received SIGTERM (15), shutting down") == 1


def test_a_scheduler_waiting_for_the_lock_stops_at_a_signal(start_scheduler, direct):
    first = start_scheduler()
    wait_until(lambda: holder(direct) is not None, seconds=60)
    second = start_scheduler()
    wait_until(lambda: lines(second, "Another scheduler holds the lock") == 1, seconds=60)

    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=EXIT_SECONDS) == 0
    assert lines(second, "Starting scheduler") == 0
    assert holder(direct) is not None  # the first one's, still
    stop(first, direct)
