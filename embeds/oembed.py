"""
Fetching an oEmbed answer and cleaning its markup.

The answer is untrusted: its ``html`` is cleaned with nh3 against a small allow-list
(an iframe, or a quote of text and links), and an iframe survives only when its
address is https on one of the provider's own ``frames`` hosts. The iframe is then
written again by us, with a title, lazy loading and no referrer beyond the origin,
so that nothing the provider sent (event handlers, styles, scripts) reaches a page.
"""

from html import escape
from urllib.parse import urlsplit

import nh3
import requests
from django.conf import settings

from embeds.providers import Match, Provider

MAX_ANSWER_BYTES = 256 * 1024
HTML_TAGS = {"iframe", "blockquote", "p", "a", "br", "strong", "em"}
HTML_ATTRIBUTES = {"iframe": {"src", "width", "height"}, "a": {"href"}}
IFRAME_ALLOW = "autoplay; encrypted-media; fullscreen; picture-in-picture"


class FetchError(Exception):
    """The provider did not give a usable answer."""


def _frame_allowed(provider: Provider, src: str) -> bool:
    parts = urlsplit(src)
    return parts.scheme == "https" and parts.hostname in provider.frames


def _dimension(value: str | None, default: int) -> int:
    return int(value) if value and value.isdecimal() and 0 < int(value) <= 4000 else default


def iframe(src: str, *, title: str, width: int = 560, height: int = 315) -> str:
    # A landscape frame (a video) keeps its proportions at any width; others their height.
    shape = "landscape" if width > 1.3 * height else "tall"
    return (
        f'<iframe class="embed__iframe embed__iframe--{shape}" src="{escape(src)}" '
        f'width="{width}" height="{height}" '
        f'title="{escape(title)}" loading="lazy" allow="{IFRAME_ALLOW}" allowfullscreen '
        f'referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )


def clean_html(match: Match, html: str, *, title: str) -> str:
    """
    The answer's markup made safe: the provider's iframe written again by us (or one
    built from ``frame_url``), else its text and links; empty when nothing is left.
    """
    provider = match.provider
    frames: list[dict] = []

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe":
            if attribute == "src" and not _frame_allowed(provider, value):
                return None
            frames.append({attribute: value})
        return value

    cleaned = nh3.clean(
        html or "",
        tags=HTML_TAGS,
        clean_content_tags={"script", "style"},
        attributes=HTML_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes={"https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
    found = {key: value for attributes in frames for key, value in attributes.items()}
    label = title or provider.name
    if found.get("src"):
        return iframe(
            found["src"],
            title=label,
            width=_dimension(found.get("width"), 560),
            height=_dimension(found.get("height"), 315),
        )
    if provider.frame_url:
        groups = dict(match.groups)
        if provider.frame_source is not None:
            source = provider.frame_source.search(html or "")
            groups.update(source.groupdict() if source else {})
        try:
            src = provider.frame_url.format(**groups)
        except KeyError:
            src = ""
        if src and _frame_allowed(provider, src):
            return iframe(src, title=label, width=550, height=600)
    # No frame: what is left is text and links (an iframe without an allowed address is gone).
    return nh3.clean(cleaned, tags=HTML_TAGS - {"iframe"}, attributes={"a": {"href"}})


def fetch(match: Match, url: str) -> dict:
    """
    Ask the provider's endpoint for ``url``'s oEmbed answer, within
    ``EMBED_FETCH_TIMEOUT`` seconds, and return ``{"title", "author_name", "html"}``
    cleaned. Raises ``FetchError`` when there is no usable answer.
    """
    provider = match.provider
    params = {"url": url, "format": "json", "maxwidth": 720, **provider.params}
    try:
        with requests.get(
            provider.endpoint,
            params=params,
            timeout=settings.EMBED_FETCH_TIMEOUT,
            headers={"Accept": "application/json"},
            allow_redirects=False,
            stream=True,
        ) as response:
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code}")
            body = response.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True)
    except requests.RequestException as error:
        raise FetchError(type(error).__name__) from error
    if len(body) > MAX_ANSWER_BYTES:
        raise FetchError("answer too large")
    try:
        answer = requests.models.complexjson.loads(body)
    except ValueError as error:
        raise FetchError("not JSON") from error
    if not isinstance(answer, dict) or answer.get("type") not in {"video", "rich"}:
        raise FetchError("not a video or rich answer")
    title = str(answer.get("title") or "")[:300]
    html = clean_html(match, str(answer.get("html") or ""), title=title)
    if not html:
        raise FetchError("nothing left once cleaned")
    return {"title": title, "author_name": str(answer.get("author_name") or "")[:200], "html": html}
