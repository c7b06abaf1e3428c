"""The PostgreSQL backend's health check: the socket looked at, no statement sent."""

import time

import psycopg
import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend"),
]


def other_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    return psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})


class NoStatement:
    """Stands for the driver's connection's cursor: any statement fails the test."""

    def __call__(self, *args, **kwargs):
        raise AssertionError("the health check sent a statement")


def test_the_settings_choose_it():
    assert connection.settings_dict["ENGINE"] == "infra.postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_an_idle_connection_is_usable_without_a_round_trip(monkeypatch):
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "cursor", NoStatement())
    monkeypatch.setattr(connection.connection, "execute", NoStatement())
    assert connection.is_usable() is True


def test_a_connection_the_server_terminated_is_replaced_before_the_next_query():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with other_connection() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's goodbye is on its way
    assert connection.is_usable() is False

    # What Django does before a request's first query.
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_connection_in_a_failed_transaction_is_not_usable():
    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = False
    try:
        with pytest.raises(psycopg.errors.DivisionByZero):
            raw.execute("SELECT 1 / 0")
        assert connection.is_usable() is False
    finally:
        raw.rollback()
        raw.autocommit = True
    assert connection.is_usable() is True


def test_a_closed_connection_is_not_usable():
    connection.ensure_connection()
    connection.connection.close()
    assert connection.is_usable() is False
    connection.close()
