"""
Article body HTML: the allow-list it is cleaned with, and the "Lire aussi" blocks.

The body is stored as HTML cleaned by nh3 on every save, so nothing an editor
pastes (scripts, event handlers, styles, iframes) reaches a reader. A "Lire aussi"
is stored as an empty marker, ``<aside data-read-also="42"></aside>``, that
references the target article by id: the title and URL are looked up when the
page is built, so a renamed target shows its new title and an unpublished or
deleted one simply disappears. The other blocks (photo, gallery, embed, quote,
box) follow the same idea; see below.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape, unescape

import nh3

from embeds import providers

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
    "figure",
    "section",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "aside": {"data-read-also"},
    "figure": {
        "data-photo",
        "data-width",
        "data-alt",
        "data-caption",
        "data-gallery",
        "data-embed",
    },
    "blockquote": {"data-quote"},
    "section": {"data-box"},
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


def _sanitize_once(html: str) -> str:
    cleaned = _blocks(_clean(html))
    markers: list[str] = []

    def keep(match: re.Match) -> str:
        markers.append(read_also_marker(int(match.group(1))))
        return f"\x00{len(markers) - 1}\x00"

    protected = READ_ALSO_MARKER.sub(keep, cleaned)
    protected = STRAY_ASIDE.sub("", protected)
    return re.sub(r"\x00(\d+)\x00", lambda m: markers[int(m.group(1))], protected).strip()


def sanitize_body(html: str) -> str:
    """
    Clean body HTML against the allow-list; keep only well-formed "Lire aussi" markers
    and blocks, each written in its canonical form, a quote's and a box's text cleaned
    with their own allow-lists.
    """
    if not html:
        return ""
    cleaned = _sanitize_once(html)
    # nh3 writes misnested markup out as it found it (a quote inside a paragraph),
    # which the next parse reads otherwise: clean again until the HTML reads back as
    # itself, so that saving a body twice stores it once.
    for _attempt in range(3):
        again = _sanitize_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def read_also_ids(html: str) -> list[int]:
    """Ids of the articles a body points to, in order, without duplicates."""
    return list(dict.fromkeys(int(i) for i in READ_ALSO_MARKER.findall(html or "")))


def expand_read_also(html: str, render: Callable[[int], str]) -> str:
    """Replace each marker with ``render(article_id)`` (an empty string drops it)."""
    return READ_ALSO_MARKER.sub(lambda m: render(int(m.group(1))), html or "")


# --- The body's blocks (docs/stories.md) ----------------------------------------
#
# Photo, gallery and embed are empty markers that name what they show; the page
# fills them from live data (the image library, the stored oEmbed answers), so a
# corrected credit or a withdrawn image shows at once. Quote and box hold text:
# each is cleaned with its own allow-list. The markers are written back by us, in
# one canonical form, from the attributes found.

PHOTO_WIDTHS = ("column", "wide")
QUOTE_TAGS = {"p", "br", "strong", "em", "b", "i"}
BOX_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li"}
MAX_GALLERY_IMAGES = 60

FIGURE = re.compile(r'<figure((?:\s+[\w-]+="[^"]*")*)\s*>(.*?)</figure>', re.S)
QUOTE = re.compile(r'<blockquote data-quote="([^"]*)">(.*?)</blockquote>', re.S)
BOX = re.compile(r'<section data-box="([^"]*)">(.*?)</section>', re.S)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
STRAY_SECTION = re.compile(r"</?section[^>]*>")
PHOTO_MARKER = re.compile(
    r'<figure data-photo="(\d+)" data-width="(column|wide)" data-alt="([^"]*)"'
    r' data-caption="([^"]*)"></figure>'
)
GALLERY_MARKER = re.compile(r'<figure data-gallery="(\d+(?:,\d+)*)"></figure>')
EMBED_MARKER = re.compile(r'<figure data-embed="([^"]+)"></figure>')
BLOCK = re.compile(
    "|".join(
        f"(?P<{name}>{regex.pattern})"
        for name, regex in (
            ("photo", PHOTO_MARKER),
            ("gallery", GALLERY_MARKER),
            ("embed", EMBED_MARKER),
            ("quote", QUOTE),
            ("box", BOX),
        )
    ),
    re.S,
)


@dataclass(frozen=True)
class Block:
    """A block found in a body: ``kind`` and its data (text unescaped)."""

    kind: str  # "photo", "gallery", "embed", "quote" or "box"
    image_ids: tuple[int, ...] = ()
    width: str = "column"
    alt: str = ""
    caption: str = ""
    url: str = ""
    label: str = ""  # a quote's author, a box's title
    inner: str = ""  # a quote's or a box's cleaned HTML


def photo_marker(image_id: int, *, alt: str, caption: str = "", width: str = "column") -> str:
    width = width if width in PHOTO_WIDTHS else "column"
    return (
        f'<figure data-photo="{int(image_id)}" data-width="{width}" '
        f'data-alt="{escape(alt.strip())}" data-caption="{escape(caption.strip())}"></figure>'
    )


def gallery_marker(image_ids) -> str:
    ids = list(dict.fromkeys(int(i) for i in image_ids))[:MAX_GALLERY_IMAGES]
    return f'<figure data-gallery="{",".join(map(str, ids))}"></figure>' if ids else ""


def embed_marker(url: str) -> str:
    return f'<figure data-embed="{escape(url.strip())}"></figure>'


def quote_block(inner: str, *, author: str) -> str:
    return f'<blockquote data-quote="{escape(author.strip())}">{inner}</blockquote>'


def box_block(inner: str, *, title: str) -> str:
    return f'<section data-box="{escape(title.strip())}">{inner}</section>'


def _inner(html: str, tags: set[str]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes={"a": {"href", "title"}},
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def _figure(match: re.Match) -> str:
    """A figure written again as the marker it is, or unwrapped when it is none."""
    attributes = {name: unescape(value) for name, value in ATTRIBUTE.findall(match.group(1))}
    if attributes.get("data-photo", "").isdecimal():
        return photo_marker(
            int(attributes["data-photo"]),
            alt=attributes.get("data-alt", ""),
            caption=attributes.get("data-caption", ""),
            width=attributes.get("data-width", "column"),
        )
    if "data-gallery" in attributes:
        ids = [i for i in attributes["data-gallery"].split(",") if i.strip().isdecimal()]
        return gallery_marker(ids)
    if "data-embed" in attributes:
        url = attributes["data-embed"].strip()
        if providers.match(url):
            return embed_marker(url)
        if url.startswith(("https://", "http://")):
            # Not a provider we accept: a plain link to it.
            return f'<p><a href="{escape(url)}" rel="noopener noreferrer">{escape(url)}</a></p>'
        return ""
    return match.group(2)


def _blocks(html: str) -> str:
    html = FIGURE.sub(_figure, html)
    html = QUOTE.sub(
        lambda m: quote_block(_inner(m.group(2), QUOTE_TAGS), author=unescape(m.group(1))), html
    )
    html = BOX.sub(
        lambda m: box_block(_inner(m.group(2), BOX_TAGS), title=unescape(m.group(1))), html
    )
    # A section that is not a box (or a box inside a box) is unwrapped.
    protected: list[str] = []

    def keep(match: re.Match) -> str:
        protected.append(match.group(0))
        return f"\x01{len(protected) - 1}\x01"

    html = BOX.sub(keep, html)
    html = STRAY_SECTION.sub("", html)
    return re.sub(r"\x01(\d+)\x01", lambda m: protected[int(m.group(1))], html)


def parse_blocks(html: str) -> list[Block]:
    """The body's photo, gallery and embed markers, quotes and boxes, in order."""
    return [_block(match.lastgroup, match.group(0)) for match in BLOCK.finditer(html or "")]


def _block(kind: str, text: str) -> Block:
    if kind == "photo":
        pk, width, alt, caption = PHOTO_MARKER.fullmatch(text).groups()
        return Block(kind, (int(pk),), width, unescape(alt), unescape(caption))
    if kind == "gallery":
        ids = GALLERY_MARKER.fullmatch(text).group(1)
        return Block(kind, tuple(int(i) for i in ids.split(",")))
    if kind == "embed":
        return Block(kind, url=unescape(EMBED_MARKER.fullmatch(text).group(1)))
    regex = QUOTE if kind == "quote" else BOX
    label, inner = regex.fullmatch(text).groups()
    return Block(kind, label=unescape(label), inner=inner)


def body_image_ids(html: str) -> list[int]:
    """The library images a body shows (photos, then galleries' images), without duplicates."""
    ids = [pk for block in parse_blocks(html) for pk in block.image_ids]
    return list(dict.fromkeys(ids))


def body_embed_urls(html: str) -> list[str]:
    return list(dict.fromkeys(b.url for b in parse_blocks(html) if b.kind == "embed"))


def photos_without_alt(html: str) -> list[int]:
    """The images of the photo blocks whose alternative text is empty."""
    return [
        block.image_ids[0]
        for block in parse_blocks(html)
        if block.kind == "photo" and not block.alt
    ]


def expand_blocks(html: str, render: Callable[[Block], str]) -> str:
    """Replace each block with ``render(block)`` (an empty string drops it)."""
    return BLOCK.sub(lambda m: render(_block(m.lastgroup, m.group(0))), html or "")
