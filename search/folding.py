"""
Accent- and case-insensitive "contains" filters, for the admin's searches of short
texts where stems do not matter and every word typed must appear (comments,
names). ``search_fold(text)`` is lower case without accents: on PostgreSQL an
immutable SQL function around ``unaccent`` (search's migration), indexable with
trigrams (``search.operations.FoldedTrigramIndex``); on SQLite a Python function
registered on each connection (``SearchConfig.ready``).
"""

from functools import reduce
from operator import or_

from django.db.models import F, Func, Q, QuerySet, TextField

from search.analysis import fold

MAX_WORDS = 8


class Folded(Func):
    function = "search_fold"
    output_field = TextField()


def contains_all(queryset: QuerySet, fields: list[str], text: str) -> QuerySet:
    """The rows where every word of ``text`` is in one of ``fields``, accents and case aside."""
    aliases = {f"folded_{field}": Folded(F(field)) for field in fields}
    queryset = queryset.alias(**aliases)
    for word in text.split()[:MAX_WORDS]:
        folded = fold(word)
        queryset = queryset.filter(
            reduce(or_, (Q(**{f"{alias}__contains": folded}) for alias in aliases))
        )
    return queryset


def sqlite_fold(value: str | None) -> str | None:
    return None if value is None else fold(value)
