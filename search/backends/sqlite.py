"""
SQLite's FTS5, for the embedded default: a ``search_fts`` table (``unicode61
remove_diacritics 2``) whose rowid is the entry's, holding each field's terms as
``search.analysis`` makes them (folded, stop words left out, stemmed with
Snowball's French stemmer); queries are stemmed the same way.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from search import analysis
from search.models import Entry
from search.query import Query

# bm25's weights, in the table's column order: headline, lead, body, topics and authors.
BM25 = "bm25(search_fts, 10.0, 4.0, 1.0, 0.5)"
FRESHNESS_DAYS = 30.0


def _terms(text: str) -> str:
    return " ".join(analysis.terms(text))


def save(kind: str, documents: list) -> None:
    Entry.objects.bulk_create(
        [Entry(kind=kind, object_id=pk, date=doc.date, scope=doc.scope) for pk, doc in documents],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["date", "scope"],
    )
    ids = dict(
        Entry.objects.filter(kind=kind, object_id__in=[pk for pk, _doc in documents]).values_list(
            "object_id", "pk"
        )
    )
    rows = [
        (ids[pk], _terms(doc.title), _terms(doc.lead), _terms(doc.body), _terms(doc.extra))
        for pk, doc in documents
    ]
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [row[:1] for row in rows])
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, lead, body, extra) VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


def _delete_entries(entries) -> None:
    ids = list(entries.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk in ids])
    entries.delete()


def delete(kind: str, object_ids: list[int]) -> None:
    _delete_entries(Entry.objects.filter(kind=kind, object_id__in=object_ids))


def clear(kind: str) -> None:
    _delete_entries(Entry.objects.filter(kind=kind))


def _phrase(words: tuple[str, ...], *, prefix: bool = False) -> str:
    # Stop words are not indexed; stems are made of letters and digits only: nothing
    # of FTS5's syntax.
    stems = [analysis.stem(word) for word in words if word not in analysis.STOP_WORDS]
    return '"' + " ".join(stems) + '"' + ("*" if prefix else "")


def fts_query(query: Query) -> str:
    """The FTS5 query: every required phrase, then NOT each excluded one."""
    last = len(query.required) - 1
    text = " AND ".join(
        _phrase(words, prefix=index == last and query.prefix_word() is not None)
        for index, words in enumerate(query.required)
    )
    for words in query.excluded:
        text = f"{text} NOT {_phrase(words)}"
    return text


def matching(kind: str, query: Query):
    found = RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts_query(query)])
    return Entry.objects.filter(kind=kind, pk__in=found).values("object_id")


def ranked(kind, query, *, within, now, limit, offset=0, newest=False, **_hints) -> list[int]:
    # FTS5 finds the matches first, then ``within`` keeps them: the scope and date
    # hints (``search.index.ranked``) would not narrow that walk.
    # ``within`` is compiled by Django: its SQL and parameters are kept apart.
    within_sql, within_params = within.values("pk").query.sql_with_params()
    match = fts_query(query)
    if newest:
        sql = (
            "SELECT e.object_id FROM search_entry e WHERE e.kind = %s AND e.id IN "  # noqa: S608
            "(SELECT rowid FROM search_fts WHERE search_fts MATCH %s) "
            f"AND e.object_id IN ({within_sql}) "
            "ORDER BY e.date DESC, e.object_id DESC LIMIT %s OFFSET %s"
        )
        params = [kind, match, *within_params, limit, offset]
    else:
        sql = (
            "SELECT e.object_id FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid "  # noqa: S608
            f"WHERE search_fts MATCH %s AND e.kind = %s AND e.object_id IN ({within_sql}) "
            f"ORDER BY (-{BM25}) * (0.5 + 0.5 / (1.0 + max(julianday(%s) - julianday(e.date), 0)"
            f" / {FRESHNESS_DAYS})) DESC, e.date DESC, e.object_id DESC LIMIT %s OFFSET %s"
        )
        params = [match, kind, *within_params, connection.ops.adapt_datetimefield_value(now)]
        params += [limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
