"""
Article body HTML: the allow-list it is cleaned with, and the "Lire aussi" blocks.

The body is stored as HTML cleaned by nh3 on every save, so nothing an editor
pastes (scripts, event handlers, styles, iframes) reaches a reader. A "Lire aussi"
is stored as an empty marker, ``<aside data-read-also="42"></aside>``, that
references the target article by id: the title and URL are looked up when the
page is built, so a renamed target shows its new title and an unpublished or
deleted one simply disappears.
"""

import re
from collections.abc import Callable

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "aside",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "aside": {"data-read-also"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

READ_ALSO_MARKER = re.compile(r'<aside data-read-also="(\d+)">\s*</aside>')
# An aside that is not a well-formed marker (someone typed text into one) is unwrapped.
STRAY_ASIDE = re.compile(r"</?aside[^>]*>")


def read_also_marker(article_id: int) -> str:
    return f'<aside data-read-also="{int(article_id)}"></aside>'


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def sanitize_body(html: str) -> str:
    """Clean body HTML against the allow-list; keep only well-formed "Lire aussi" markers."""
    if not html:
        return ""
    cleaned = _clean(html)
    # nh3 writes misnested markup out as it found it (a quote inside a paragraph),
    # which the next parse reads otherwise: clean again until the HTML reads back as
    # itself, so that saving a body twice stores it once.
    for _attempt in range(3):
        again = _clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    markers: list[str] = []

    def keep(match: re.Match) -> str:
        markers.append(read_also_marker(int(match.group(1))))
        return f"\x00{len(markers) - 1}\x00"

    protected = READ_ALSO_MARKER.sub(keep, cleaned)
    protected = STRAY_ASIDE.sub("", protected)
    return re.sub(r"\x00(\d+)\x00", lambda m: markers[int(m.group(1))], protected).strip()


def read_also_ids(html: str) -> list[int]:
    """Ids of the articles a body points to, in order, without duplicates."""
    return list(dict.fromkeys(int(i) for i in READ_ALSO_MARKER.findall(html or "")))


def expand_read_also(html: str, render: Callable[[int], str]) -> str:
    """Replace each marker with ``render(article_id)`` (an empty string drops it)."""
    return READ_ALSO_MARKER.sub(lambda m: render(int(m.group(1))), html or "")
