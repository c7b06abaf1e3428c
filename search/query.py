"""
What a reader or an editor types, understood once for every engine.

- words: every result has each of them (stemmed: "investir" finds "investissement");
- ``"exact phrase"``: the words in this order (an unclosed quote runs to the end);
- ``-word`` or ``-"phrase"``: no result has it;
- a word made of several ("porte-parole", "l'intelligence", "1,9") is a phrase of its
  parts; stop words (the elided "l'", "d'", "qu'"…) match anything, and a part made of
  stop words only is left out.

Each engine turns the parsed ``Query`` into its own syntax from folded words made of
letters and digits only, so nothing typed reaches a query language unescaped.
"""

import re
from dataclasses import dataclass

from search import analysis

TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
MAX_PARTS = 12


@dataclass(frozen=True)
class Query:
    """Required phrases (a one-word phrase is a word) and excluded ones, folded."""

    required: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()
    # The last required word also matches words it begins ("invest" → "investiture"):
    # for the pickers that search as the editor types.
    prefix: bool = False

    def __bool__(self) -> bool:
        return bool(self.required)

    @property
    def stems(self) -> frozenset[str]:
        """The stems of the required words, which results highlight."""
        return frozenset(
            analysis.stem(word)
            for phrase in self.required
            for word in phrase
            if word not in analysis.STOP_WORDS
        )

    def prefix_word(self) -> str | None:
        """The word matched as a prefix, when there is one."""
        if self.prefix and len(self.required[-1]) == 1:
            return self.required[-1][0]
        return None


def _words(text: str) -> tuple[str, ...]:
    """The folded words of ``text``; none when they are all stop words."""
    words = tuple(analysis.words(text))
    return words if any(word not in analysis.STOP_WORDS for word in words) else ()


def parse(text: str, *, prefix: bool = False) -> Query:
    """
    The query typed in ``text`` (see the module's docstring). With ``prefix``, the
    last word matches as a prefix unless a space or a quote follows it.
    """
    required: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    ends_with_word = False
    for match in TOKEN.finditer(text):
        quoted_minus, phrase, minus, word = match.groups()
        words = _words(phrase if phrase is not None else word)
        negative = bool(quoted_minus if phrase is not None else minus)
        ends_with_word = (
            bool(words) and phrase is None and not negative and match.end() == len(text)
        )
        if not words:
            continue
        target = excluded if negative else required
        if words not in target and len(required) + len(excluded) < MAX_PARTS:
            target.append(words)
    return Query(
        required=tuple(required),
        excluded=tuple(excluded),
        prefix=prefix and ends_with_word and bool(required),
    )
