"""
Querysets compiled once per process, for the few queries a page that misses every
cache runs each time (the long tail of the archive: docs/performance.md).

Django compiles a queryset to SQL on every evaluation: for an article's row with its
section and image, or its authors, topics and agencies in one UNION, the compilation
costs more CPU than the database takes to answer. A ``PreparedQuery`` builds a
``values_list`` queryset once with stand-in values, keeps the SQL the ORM wrote and
where each value goes among its parameters, and then runs that SQL with the real
values, through the compiler's own converters: the rows the queryset would have
returned, the same SQL, one query, without compiling it again.

Only for querysets whose SQL depends on nothing but the values given (pass the time
as a value rather than reading the clock inside).
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connections
from django.db.models.query import ValuesListIterable


@dataclass
class _Compiled:
    sql: str
    slots: list  # per parameter: the name of a value, or (None, a fixed parameter)
    compiler: Any
    converters: dict
    col_count: int


def _adapt(value, connection):
    """A value as the ORM passes it among the parameters (datetimes are adapted)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class PreparedQuery:
    """
    ``build(**values)`` returns a ``values_list`` queryset; ``stand_ins`` gives each
    value a stand-in of its type that appears nowhere else in the query, so that its
    place among the parameters is found. ``prepared(**values)`` returns the rows (as
    tuples) the queryset would.
    """

    def __init__(self, build, **stand_ins):
        self._build, self._stand_ins = build, stand_ins
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> _Compiled:
        queryset = self._build(**self._stand_ins)
        if queryset._iterable_class is not ValuesListIterable:
            raise TypeError("PreparedQuery takes values_list(...) querysets (not flat, not named)")
        connection = connections[alias]
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        adapted = {name: _adapt(value, connection) for name, value in self._stand_ins.items()}
        slots = []
        for param in params:
            names = [name for name, value in adapted.items() if param == value]
            slots.append(names[0] if names else (None, param))
        missing = set(adapted) - {slot for slot in slots if isinstance(slot, str)}
        if missing:
            raise ValueError(f"stand-ins not found among the parameters: {sorted(missing)}")
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        return _Compiled(
            sql=sql,
            slots=slots,
            compiler=compiler,
            converters=compiler.get_converters(fields),
            col_count=compiler.col_count,
        )

    def __call__(self, *, using: str = "default", **values) -> list[tuple]:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        connection = connections[using]
        params = [
            _adapt(values[slot], connection) if isinstance(slot, str) else slot[1]
            for slot in compiled.slots
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        return [tuple(row[: compiled.col_count]) for row in rows]


@contextmanager
def planned_each_time(using: str = "default"):
    """
    Run the statements inside without PostgreSQL's prepared statements (which the
    site's connections make of a statement run twice, ``prepare_threshold``): each is
    planned for its own values. A prepared statement soon runs a generic plan, made
    for any values: right for a row by its key, wrong for a full-text search, whose
    best plan depends on how common its words are.
    """
    connection = connections[using]
    connection.ensure_connection()
    raw = connection.connection
    saved = getattr(raw, "prepare_threshold", None)
    if saved is None:  # not PostgreSQL, or nothing is prepared anyway
        yield
        return
    raw.prepare_threshold = None
    try:
        yield
    finally:
        raw.prepare_threshold = saved
