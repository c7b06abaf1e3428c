"""
PostgreSQL's full-text search: the ``french_unaccent`` configuration (``unaccent``
then the French Snowball stemmer, made by search's migration), one weighted
``tsvector`` per entry (A headline, B lead, C body, D topics and authors) and a GIN
index on it.
"""

from functools import reduce
from operator import and_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Value
from django.db.models.expressions import RawSQL

from infra.prepared import planned_each_time
from search.models import Entry
from search.query import Query

CONFIG = "french_unaccent"
# ts_rank's weights for D, C, B, A: topics and authors, body, lead, headline.
WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# Relevance is ranked among the newest matches only: ts_rank reads each match's
# vector, and a word found in half of 100,000 articles would make it read 50,000.
# Recency weighs on the score anyway; "plus récents" sees every match.
CANDIDATES = 200
# Recency: a story this old scores three quarters of one published now, a very old
# one half (see ``freshness``).
FRESHNESS_SECONDS = 30 * 24 * 3600

# The fields' weights: A headline, B lead, C body, D topics and authors (CONFIG).
UPSERT = """
INSERT INTO search_entry (kind, object_id, date, scope, vector)
VALUES (%s, %s, %s, %s,
    setweight(to_tsvector('french_unaccent', %s), 'A')
    || setweight(to_tsvector('french_unaccent', %s), 'B')
    || setweight(to_tsvector('french_unaccent', %s), 'C')
    || setweight(to_tsvector('french_unaccent', %s), 'D'))
ON CONFLICT (kind, object_id) DO UPDATE
    SET date = EXCLUDED.date, scope = EXCLUDED.scope, vector = EXCLUDED.vector
"""


def save(kind: str, documents: list) -> None:
    rows = [
        (kind, pk, doc.date, doc.scope, doc.title, doc.lead, doc.body, doc.extra)
        for pk, doc in documents
    ]
    with connection.cursor() as cursor:
        cursor.executemany(UPSERT, rows)


def delete(kind: str, object_ids: list[int]) -> None:
    Entry.objects.filter(kind=kind, object_id__in=object_ids).delete()


def clear(kind: str) -> None:
    Entry.objects.filter(kind=kind).delete()


def _phrase(words: tuple[str, ...], *, prefix: bool = False) -> SearchQuery:
    if prefix:
        # A single folded word of letters and digits: nothing of tsquery's syntax.
        return SearchQuery(f"{words[0]}:*", search_type="raw", config=CONFIG)
    if len(words) == 1:
        return SearchQuery(words[0], config=CONFIG)
    return SearchQuery(" ".join(words), search_type="phrase", config=CONFIG)


def tsquery(query: Query) -> SearchQuery:
    last = len(query.required) - 1
    parts = [
        _phrase(words, prefix=index == last and query.prefix_word() is not None)
        for index, words in enumerate(query.required)
    ]
    parts += [~_phrase(words) for words in query.excluded]
    return reduce(and_, parts)


def matching(kind: str, query: Query):
    return Entry.objects.filter(kind=kind, vector=tsquery(query)).values("object_id")


def freshness(now) -> RawSQL:
    """1 for a story published at ``now``, 0.75 at a month, tending to 0.5 with age."""
    return RawSQL(
        "0.5 + 0.5 / (1.0 + GREATEST(EXTRACT(EPOCH FROM (%s - COALESCE(search_entry.date, "
        "'-infinity'::timestamptz)))::float8, 0) / %s)",
        [now, FRESHNESS_SECONDS],
        output_field=FloatField(),
    )


def ranked(
    kind, query, *, within, now, limit, offset=0, newest=False, scope=None, since=None
) -> list[int]:
    search = tsquery(query)
    matches = Entry.objects.filter(kind=kind, vector=search, object_id__in=within.values("pk"))
    # A filtered search walks its scope's entries, from ``since``, newest first
    # (search_entry_scope_date_idx), rather than every entry with a join per match.
    if scope is not None:
        matches = matches.filter(scope=scope)
    if since is not None:
        matches = matches.filter(date__gte=since)
    if newest:
        rows = matches.order_by("-date", "-object_id")
    else:
        candidates = matches.order_by("-date").values("pk")[:CANDIDATES]
        rank = SearchRank(F("vector"), search, weights=WEIGHTS, normalization=Value(1))
        rows = (
            Entry.objects.filter(pk__in=candidates)
            .annotate(score=rank * freshness(now))
            .order_by("-score", "-date", "-object_id")
        )
    found = rows.values_list("object_id", flat=True)[offset : offset + limit]
    # Planned for its own words: a common word and a rare one want different plans.
    with planned_each_time(found.db):
        return list(found)
