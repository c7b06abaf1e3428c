"""
The optional read replica (``DATABASE_REPLICA_URL``, the ``replica`` database).

Some reads may be a few seconds behind without harm: the rankings, the sitemaps, the
feeds and the search. They ask for the replica explicitly, by running inside
``reading_replica()`` (or a view wrapped with ``from_replica``); ``ReplicaRouter``
sends the reads made meanwhile there. Everything else, and every write, goes to the
primary: above all the data of the pages the page cache stores as current (an
article, its comments), which must never come from a copy that lags.
Without a replica configured, all of this reads from the primary.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings

REPLICA = "replica"

_reading_replica: ContextVar[bool] = ContextVar("newsroom_reading_replica", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_replica() -> Iterator[None]:
    """Reads made inside go to the replica, when there is one."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def from_replica[F: Callable](view: F) -> F:
    """A view (or any callable) whose reads go to the replica."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        with reading_replica():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Reads inside ``reading_replica()`` from the replica; everything else as usual."""

    def db_for_read(self, model, **hints):
        if _reading_replica.get() and configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The same rows, one copy behind: an object read from either may point to the other.
        return True if configured() else None

    def allow_migrate(self, db, app_label, **hints):
        # The replica follows the primary's schema; it is never migrated itself.
        return False if db == REPLICA else None
