"""
The search index's public side: the rooms that own what is searched (articles,
images) describe each object as a ``Document`` and write it here, in the
transaction that changes the object; they ask which of their ids match a query.

The engine is the one ``NEWSROOM["SEARCH_BACKEND"]`` names (``search.backends``):
the database's own by default, PostgreSQL's full-text search or SQLite's FTS5.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from search.query import Query


@dataclass(frozen=True)
class Document:
    """
    What an object says to the index, by weight: ``title`` (the headline) above
    ``lead`` above ``body`` above ``extra`` (topics, authors, credits); ``date`` is
    what recency counts from; ``scope`` what the owner files the object under (an
    article: its section's id), for searches filtered on it.
    """

    title: str = ""
    lead: str = ""
    body: str = ""
    extra: str = ""
    date: datetime | None = None
    scope: int | None = None


@cache
def _backend(path: str):
    return import_string(path)()


def backend():
    """The engine the settings name."""
    return _backend(settings.NEWSROOM["SEARCH_BACKEND"])


def save_documents(kind: str, documents: Iterable[tuple[int, Document]]) -> None:
    """Index (or index again) objects of ``kind``: ``(object id, document)`` pairs."""
    backend().save(kind, list(documents))


def save_document(kind: str, object_id: int, document: Document) -> None:
    save_documents(kind, [(object_id, document)])


def delete_documents(kind: str, object_ids: Iterable[int]) -> None:
    backend().delete(kind, list(object_ids))


def matching(kind: str, query: Query) -> QuerySet:
    """The ids of the objects of ``kind`` that match, as a subquery (for ``pk__in``)."""
    return backend().matching(kind, query)


def ranked(
    kind: str,
    query: Query,
    *,
    within: QuerySet,
    now: datetime,
    limit: int,
    offset: int = 0,
    newest: bool = False,
    scope: int | None = None,
    since: datetime | None = None,
) -> list[int]:
    """
    The ids of the objects of ``kind`` that match and that ``within`` (a queryset of
    that kind) holds, best first: relevance by field weight, blended with recency
    counted from ``now``; or newest first with ``newest``. One query.

    ``scope`` and ``since`` say what ``within`` keeps anyway (the entries of that
    scope, dated from then on), for an engine that can walk only those entries;
    ``within`` alone decides what is found.
    """
    return backend().ranked(
        kind,
        query,
        within=within,
        now=now,
        limit=limit,
        offset=offset,
        newest=newest,
        scope=scope,
        since=since,
    )


# What each kind's owner gives to rebuild its entries (``rebuild_search_index``).
_sources: dict[str, Callable[[], Iterable[tuple[int, Document]]]] = {}


def register(kind: str, documents: Callable[[], Iterable[tuple[int, Document]]]) -> None:
    """Say how to list every document of ``kind``, for a full rebuild (from ``ready()``)."""
    _sources[kind] = documents


def sources() -> dict[str, Callable[[], Iterable[tuple[int, Document]]]]:
    return dict(_sources)


def rebuild(kind: str, *, batch: int = 500) -> int:
    """Drop the entries of ``kind`` and index every object its owner lists; how many."""
    engine = backend()
    engine.clear(kind)
    count, pending = 0, []
    for pair in _sources[kind]():
        pending.append(pair)
        if len(pending) >= batch:
            engine.save(kind, pending)
            count, pending = count + len(pending), []
    if pending:
        engine.save(kind, pending)
        count += len(pending)
    return count
