"""
What the search index holds of a dispatch, for the desk's French search (accents,
case, stems: docs/search.md): its headline, then its slugline and summary, its body's
text, then its by-line, dateline and agency. Written by ``wire.services`` in the
ingest's transaction, forgotten by the retention purge; every version is indexed
(the desk's "Toutes les versions" searches the history too).
"""

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from articles.indexing import plain_text
from search import index
from search.index import Document
from search.query import Query
from wire.models import Dispatch

KIND = "dispatch"


def document(dispatch: Dispatch) -> Document:
    extra = [dispatch.byline, dispatch.dateline, dispatch.source.agency.short_name]
    return Document(
        title=dispatch.headline,
        lead=" ".join(part for part in (dispatch.slugline, dispatch.summary) if part),
        body=plain_text(dispatch.body),
        extra=" ".join(part for part in extra if part),
        date=dispatch.received_at,
    )


def index_dispatches(dispatches: Iterable[Dispatch]) -> None:
    """Write these dispatches' entries (their agency read with them: two queries)."""
    ids = [dispatch.pk for dispatch in dispatches]
    fresh = Dispatch.objects.filter(pk__in=ids).select_related("source__agency")
    index.save_documents(KIND, ((dispatch.pk, document(dispatch)) for dispatch in fresh))


def forget_dispatches(ids: Iterable[int]) -> None:
    index.delete_documents(KIND, ids)


def all_documents() -> Iterator[tuple[int, Document]]:
    """Every dispatch's document, for a rebuild (``rebuild_search_index dispatch``)."""
    dispatches = Dispatch.objects.select_related("source__agency").order_by("pk")
    for dispatch in dispatches.iterator(chunk_size=500):
        yield dispatch.pk, document(dispatch)


def matching(dispatches: QuerySet, query: Query) -> QuerySet:
    """The dispatches of ``dispatches`` that match (the desk's search)."""
    return dispatches.filter(pk__in=index.matching(KIND, query))
