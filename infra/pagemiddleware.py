"""
The page cache's middleware, and which URLs are reader pages.

``reader_urls()`` walks the URLconf for the views that serve a reader page
(``infra.pagecache.reader_page``), each with a regex of its paths: the edge's VCL is
generated from it (``infra.edge``), and ``PageCacheMiddleware`` asks the same question
of each request before it resolves anything.

- ``PageCacheMiddleware`` serves stored pages to anonymous readers early, before the
  middleware that only building a page needs.
- ``ReaderCacheHeadersMiddleware`` drops ``Vary: Accept-Language`` from public pages
  and gives anonymous 404s a short shared lifetime.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.cache import patch_cache_control

from infra.clients import is_anonymous_request
from infra.pagecache import Page, look_up, stored_response

# Django's regexes name their groups; joined into one, they must not.
_GROUP_NAME = re.compile(r"\(\?P<\w+>")


def page_of(view) -> Page | None:
    """The reader page a URL's view serves (``reader_page``), function or class-based."""
    page = getattr(view, "reader_page", None)
    view_class = getattr(view, "view_class", None)
    if page is None and view_class is not None:
        page = getattr(view_class.dispatch, "reader_page", None)
    return page


def _language_prefix() -> str:
    """The URL prefix of the languages other than the default one (``(?:en/)?``)."""
    others = sorted(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    return f"(?:(?:{'|'.join(map(re.escape, others))})/)?" if others else ""


def _pattern_regex(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return _language_prefix()
    regex = pattern.regex.pattern.removeprefix("^")
    return _GROUP_NAME.sub("(?:", regex.removesuffix(r"\Z"))


def reader_urls(patterns=None, prefix: str = "") -> list[tuple[str, Page]]:
    """
    Every URL of the URLconf served by a reader page, in the URLconf's order: the
    regex of its paths after the leading slash (without anchors, groups unnamed), and
    its page.
    """
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        here = prefix + _pattern_regex(entry.pattern)
        if isinstance(entry, URLResolver):
            found += reader_urls(entry.url_patterns, here)
        elif isinstance(entry, URLPattern) and (page := page_of(entry.callback)) is not None:
            found.append((here, page))
    return found


@lru_cache(maxsize=4)
def _reader_paths(resolver) -> re.Pattern:
    """One regex for the paths of every reader page of ``resolver``'s URLconf."""
    urls = reader_urls(resolver.url_patterns)
    return re.compile("^/(?:" + "|".join(regex for regex, _page in urls) + r")\Z")


def is_reader_path(path: str) -> bool:
    """Whether a path may be a reader page's: the one question asked of every request."""
    return _reader_paths(get_resolver()).match(path) is not None


class PageCacheMiddleware:
    """
    Serve anonymous GET and HEAD requests of reader pages found in the page cache
    before the middleware that only building a page needs (sessions, language, CSRF,
    authentication, messages, ...): a stored page is the same for every anonymous
    reader, and those layers add nothing to it. A path that is no reader page's goes
    on at once (``is_reader_path``); a reader page's is resolved as the handler would
    resolve it, in the language its path says. What was read on the way (a
    ``Lookup``) serves the view on a miss: a miss still costs one round trip for the
    page and its generation.

    Sits after the middleware every response needs (security headers, the content
    security policy, static files) and before SessionMiddleware. A query string with
    too many parameters goes on to RequestLimitsMiddleware, which answers it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and settings.NEWSROOM["PAGE_CACHE"]
            and is_anonymous_request(request)
            and is_reader_path(request.path_info)
        ):
            response = self._stored(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _stored(self, request):
        path = request.path_info
        language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
        with translation.override(language):
            found = _resolved(get_resolver(), language, path)
            if found is None:
                return None
            page, url_kwargs = found
            try:
                lookup = look_up(request, page, url_kwargs)
            except TooManyFieldsSent:
                return None
            request.page_cache_lookup = lookup
            return stored_response(request, lookup)


@lru_cache(maxsize=4096)
def _resolved(resolver, language: str, path: str) -> tuple[Page, dict] | None:
    """
    The reader page of a path and its URL arguments, as Django resolves it in
    ``language`` (active): the pages most asked for are resolved once per process.
    Keyed by the URLconf's resolver, which a change of URLconf replaces.
    """
    try:
        match = resolver.resolve(path)
    except Resolver404:
        return None
    page = page_of(match.func)
    return None if page is None else (page, match.kwargs)


def _not_found_headers(request, response) -> None:
    """
    An anonymous 404 may be kept by a CDN, briefly (NOT_FOUND_CACHE_SECONDS): the
    address of a story about to go live answers 404 until then, and a CDN's own
    default for errors could be much longer.
    """
    if (
        response.status_code != 404
        or request.method not in ("GET", "HEAD")
        or response.has_header("Cache-Control")
        or not is_anonymous_request(request)
    ):
        return
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=settings.NEWSROOM["NOT_FOUND_CACHE_SECONDS"]
    )
    keys = getattr(request, "page_surrogate_keys", None)
    if keys:
        response["Surrogate-Key"] = " ".join(keys)
        response["Cache-Tag"] = ",".join(keys)


class ReaderCacheHeadersMiddleware:
    """
    Reader pages' language comes from their path (French at the root, English under
    /en/), so ``Vary: Accept-Language``, which LocaleMiddleware adds to root pages,
    would only split shared caches; drop it from pages marked public. Anonymous
    404s get a short shared lifetime (``_not_found_headers``).
    Must sit before LocaleMiddleware in MIDDLEWARE (it sees the response after it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        _not_found_headers(request, response)
        if "Surrogate-Key" in response and response.has_header("Vary"):
            kept = [
                v.strip()
                for v in response["Vary"].split(",")
                if v.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
