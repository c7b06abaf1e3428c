"""Helpers for tests that run code in several threads against the real database."""

import threading

import pytest
from django.db import connection, connections

# SQLite's in-memory test database is per connection: threads would not share it.
requires_database_server = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="needs a database server: SQLite's in-memory test database is per connection",
)


def run_concurrently(count: int, target, *, timeout: float = 60) -> list:
    """
    Start ``count`` threads that call ``target(index)`` at the same instant, each on
    its own database connection; return what each returned, or the exception it raised.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index: int) -> None:
        try:
            barrier.wait()
            results[index] = target(index)
        except Exception as error:  # reported to the test, which asserts on it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
