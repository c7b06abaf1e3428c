"""
The moderation record is evidence: its rows are appended, never changed or deleted,
except for the GDPR anonymization (``anonymizing()``). The ORM's guard is here; the
database's (PostgreSQL triggers) is in migrations 0005 and 0006.
"""

import contextvars
from contextlib import contextmanager

from django.db import connection, models


class RecordImmutable(ValueError):
    """A write the moderation record refuses: its events and notices are evidence."""


_ANONYMIZING = contextvars.ContextVar("comments_anonymizing", default=False)


@contextmanager
def anonymizing():
    """
    The one exception to the record's immutability: the GDPR anonymization (an
    erasure on request, the retention purge) may blank the personal fields of events
    and notices, never their facts, and never delete a row. Use inside a transaction:
    on PostgreSQL it tells the triggers too (``newsroom.anonymizing``, for the
    transaction only), see migration 0005.
    """
    token = _ANONYMIZING.set(True)
    _set_database_flag("on")
    try:
        yield
    finally:
        _set_database_flag("off")
        _ANONYMIZING.reset(token)


def _set_database_flag(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('newsroom.anonymizing', %s, true)", [value])


class RecordQuerySet(models.QuerySet):
    """
    The queryset paths of an append-only record: ``delete()`` is refused, and
    ``update()`` touches only the fields a decision moves (``MUTABLE``), or the
    personal fields (``ANONYMIZABLE``) inside ``anonymizing()``. PostgreSQL enforces
    the same with a trigger, whatever the client.
    """

    MUTABLE: frozenset[str] = frozenset()
    ANONYMIZABLE: frozenset[str] = frozenset()

    def allowed_fields(self) -> frozenset[str]:
        return self.MUTABLE | (self.ANONYMIZABLE if _ANONYMIZING.get() else frozenset())

    def update(self, **kwargs):
        refused = set(kwargs) - self.allowed_fields()
        if refused:
            raise RecordImmutable(
                f"{self.model._meta.label}: {', '.join(sorted(refused))} cannot be changed."
            )
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        raise RecordImmutable(f"{self.model._meta.label} rows are never deleted.")

    delete.queryset_only = True
