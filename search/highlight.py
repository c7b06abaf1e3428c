"""
The words a query found, marked in a text: the headline whole, an extract of the
lead and body around the first match. Words are compared as the index compares
them (folded, stemmed), so "investir" marks "investissement". Everything is
escaped; only our own ``<mark>`` elements are added.
"""

from collections.abc import Iterator
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import analysis

SNIPPET_WORDS = 32
WORDS_BEFORE = 8


def _hits(text: str, stems: frozenset[str]) -> Iterator[tuple[int, int, bool]]:
    """Each word of ``text`` in turn: its span and whether the query found it."""
    for match in analysis.WORD.finditer(text):
        yield match.start(), match.end(), analysis.term(match.group()) in stems


def _marked(text: str, spans, start: int, end: int) -> str:
    parts, position = [], start
    for word_start, word_end, found in spans:
        if not found or word_start < start or word_end > end:
            continue
        parts += [escape(text[position:word_start]), "<mark>", escape(text[word_start:word_end])]
        parts.append("</mark>")
        position = word_end
    parts.append(escape(text[position:end]))
    return "".join(parts)


def highlight(text: str, stems: frozenset[str]) -> SafeString:
    """``text`` escaped, the words found marked."""
    return mark_safe(_marked(text, _hits(text, stems), 0, len(text)))  # escaped above


def snippet(text: str, stems: frozenset[str], *, words: int = SNIPPET_WORDS) -> SafeString:
    """
    About ``words`` words of ``text`` from a little before the first word found (or
    from the start), escaped, the words found marked, "…" where it was cut.
    """
    # The words are read up to the first one found and the extract's length beyond it
    # (a body runs to thousands of words; a results page shows twenty extracts).
    hits = _hits(text, stems)
    spans = []
    for span in hits:
        spans.append(span)
        if span[2]:
            break
    if not spans:
        return mark_safe("")
    first = len(spans) - 1 if spans[-1][2] else 0
    spans += islice(hits, max(0, first + words + 1 - len(spans)))
    begin = max(0, first - WORDS_BEFORE) if first >= words - WORDS_BEFORE else 0
    last = min(len(spans), begin + words) - 1
    start = spans[begin][0] if begin else 0
    end = spans[last][1] if last < len(spans) - 1 else len(text)
    body = _marked(text, spans, start, end).strip()
    prefix = "… " if begin else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # escaped in _marked
