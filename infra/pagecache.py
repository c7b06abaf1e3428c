"""
The page cache of reader pages, in the shared cache (Redis when configured, a file
cache shared by the local workers otherwise), and their HTTP caching.

A reader page is declared once as a ``Page``: the generation it follows, its
surrogate keys, and the stored ``Part``s it is built from, each by name. The
``reader_page(page)`` decorator serves it:

- **Page cache.** Anonymous GETs are stored whole, with the generation of what they
  show (an article's generation key, or the listings'); a page is served only while
  that generation is current, and the page and its generation come back in one
  ``get_many``: one cache round trip, no SQL. Publishing, editing or unpublishing an
  article and accepting or hiding one of its comments give it a new generation
  (``infra.generations``), so its page changes at once; listings and sidebars live at
  most ``PAGE_CACHE_SECONDS`` (60 s).
- **Parts.** On a miss, the page's parts come in one more ``get_many``; the view and
  the templates read them with ``cached_get`` (and store rebuilt ones with
  ``cached_set``), so a part costs no round trip of its own: the rebuilt ones are
  written with the page, once it is rendered, in one ``set_many`` per lifetime.
- **HTTP caching.** Cacheable pages say ``Cache-Control: public, s-maxage=…,
  stale-while-revalidate=…, stale-if-error=…`` with ``Surrogate-Key``/``Cache-Tag``
  so a CDN can purge by key, and carry an ``ETag``. A stored page answers a
  revalidation with 304 at once; a page built from its parts alone has an ETag made
  from what it is built from (the code's release, the page's address and
  generation, the stamps of its parts), known before rendering: 304 without
  rendering and without SQL even once the page has expired.
"""

import hashlib
import importlib.metadata
import os
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache as memoize
from functools import lru_cache, wraps
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.utils.timezone import localdate
from django.utils.translation import get_language

from infra import generations, sharedcache
from infra.clients import is_anonymous_request

CACHED_HEADERS = ("Content-Type", "Content-Language", "Surrogate-Key", "Cache-Tag")


def _settings() -> dict:
    return settings.NEWSROOM


# The entries of the page being built, fetched in one round trip (see reader_page).
_prefetched: ContextVar[dict | None] = ContextVar("newsroom_prefetched", default=None)


def cached_get(key: str):
    """A shared-cache entry, from this request's prefetched entries when they have it."""
    store = _prefetched.get()
    if store is not None and key in store:
        return store[key]
    return cache.get(key)


# The entries the page being built stores, written together once it is rendered.
_pending: ContextVar[dict | None] = ContextVar("newsroom_pending", default=None)


def cached_set(key: str, value, timeout: int | None, *, at_once: bool = False) -> None:
    """
    Store an entry in the shared cache, and in this request's entries when it has them.
    While a reader page is built, the entry is written with the page's other entries
    (its rebuilt parts, the page itself) in one ``set_many`` per lifetime once the page
    is rendered, rather than in a round trip of its own; ``at_once`` writes it now
    (a value other workers wait for behind a lock).
    """
    pending = _pending.get()
    if pending is not None and not at_once:
        pending[key] = (value, timeout)
    else:
        cache.set(key, value, timeout)
    shown(key, value)


def _write_pending(pending: dict) -> None:
    """The entries a page stored while it was built, each with its own lifetime: one
    round trip with Redis (``sharedcache.set_each``)."""
    sharedcache.set_each(pending)


def shown(key: str, value) -> None:
    """
    Note in this request's entries a value the page shows without storing it in the
    shared cache (a last good value served while another worker computes the fresh
    one): the page's ETag and lifetime then follow what it really shows.
    """
    store = _prefetched.get()
    if store is not None:
        store[key] = value


def cached(key: str, compute: Callable, timeout: int | None = None):
    """A value from the shared cache, computed and stored on a miss."""
    value = cached_get(key)
    if value is None:
        value = compute()
        cached_set(key, value, timeout or _settings()["DATA_CACHE_SECONDS"])
    return value


# `make bench` forces page-cache misses with a parameter no page reads; with the bench's
# endpoints on (never in production), that parameter is part of the key.
BENCH_PARAMETER = "bench"


def _page_key(request, page: "Page") -> str:
    """
    The page's language, path and the values of the query parameters it reads
    (``Page.reads``), as the view sees them (decoded, a name given twice keeps its
    values' order), a value the page ignores (``Page.read_values``) left out. Any other
    parameter (a campaign's ``utm_*``, a social network's click id, ``?x=<random>``)
    changes nothing on the page, so it is left out: such a request is the canonical
    page, served from its entry, and stores no entry of its own. The host is not part of
    it: the page's absolute links come from SITE_URL.
    """
    query = []
    if request.META.get("QUERY_STRING"):
        reads = (*page.reads, BENCH_PARAMETER) if settings.BENCH_ENDPOINTS else page.reads
        for name in sorted(reads):
            values = request.GET.getlist(name)
            allowed = page.read_values.get(name)
            if allowed is not None:
                values = [value for value in values if value in allowed]
            if values:
                query.append((name, values))
    raw = repr((get_language(), request.path, query))
    return "reader-page:" + hashlib.sha256(raw.encode()).hexdigest()


# What the release digest reads: the project's code, templates and translations.
RELEASE_SUFFIXES = (".py", ".html", ".txt", ".mo")


@memoize
def release() -> str:
    """
    What identifies the code serving the pages, for ETags made from versions:
    ``NEWSROOM["RELEASE"]`` (the ``RELEASE`` environment variable, the deployed
    commit for instance) or else a digest of what the HTML depends on besides the
    data: the project's code, templates and translations, the static files' hashed
    names, the site's settings and the installed packages' versions. The same in
    every worker of a deploy; worked out once per process (gunicorn workers do it
    before serving, see newsroom/gunicorn.py).
    """
    return _settings().get("RELEASE") or _release_digest()


def _project_folders() -> list[str]:
    """The project's own apps, template folders and translations (not the virtualenv)."""
    base = str(settings.BASE_DIR)
    folders = {config.path for config in apps.get_app_configs() if config.path.startswith(base)}
    folders |= {str(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]}
    folders |= {str(folder) for folder in settings.LOCALE_PATHS}
    return sorted(folders)


def _release_digest() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for root in _project_folders():
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            for name in sorted(files):
                if name.endswith(RELEASE_SUFFIXES):
                    path = os.path.join(folder, name)
                    digest.update(os.path.relpath(path, settings.BASE_DIR).encode())
                    with open(path, "rb") as file:
                        digest.update(file.read())
    # Hashed static names (a new stylesheet is a new URL in every page).
    hashed = getattr(staticfiles_storage, "hashed_files", None) or {}
    digest.update(repr(sorted(hashed.items())).encode())
    site = {**_settings(), "RELEASE": ""}
    digest.update(repr(sorted((k, repr(v)) for k, v in site.items())).encode())
    digest.update(f"{settings.STATIC_URL}|{settings.MEDIA_URL}|{settings.LANGUAGES}".encode())
    packages = sorted(f"{d.name}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()


def stamp(*parts: str) -> str:
    """A short digest of a stored part of the pages (menu, sidebar, fragment), for ETags."""
    return hashlib.blake2b("\x00".join(parts).encode(), digest_size=8).hexdigest()


def html_stamp(value) -> str | None:
    """The stamp of a part stored as its rendered HTML (a fragment)."""
    return stamp(value) if isinstance(value, str) else None


def own_stamp(value) -> str | None:
    """The stamp a part stores with itself (``{"stamp": …}``: the menu, the sidebar)."""
    return value["stamp"] if value is not None else None


@dataclass(frozen=True)
class Part:
    """
    A stored part a reader page is built from, fetched with the page in one round trip.

    ``key(request, **url_kwargs)`` says where it is kept, knowing the page's generation
    (``request.page_generation``). ``stamp(value)`` says what it adds to the page's
    ETag (None when it is not at hand: the page must then be rendered to know its
    ETag); a part without ``stamp`` adds nothing (the article's row, which the page's
    ``parts_agree`` checks instead). ``expires(value)`` (epoch seconds) bounds how long
    a page showing it may be kept.
    """

    name: str
    key: Callable[..., str]
    stamp: Callable[[Any], str | None] | None = None
    expires: Callable[[Any], float] | None = None


@dataclass(frozen=True)
class Page:
    """
    A reader page: the generation key it follows and its surrogate keys (from the URL's
    keyword arguments), the parts it is built from, and the query parameters it
    ``reads`` (the only ones its page-cache key keeps). ``built_from_parts`` pages (all
    they show is stored in their parts) get an ETag known before rendering, when
    ``parts_agree(request, values)`` (values by part name) holds; the others, whose
    content is read from the database as they render, get a digest of their content.
    """

    name: str
    generation_key: Callable[..., str]
    surrogate_keys: Callable[..., list[str]]
    parts: tuple[Part, ...] = ()
    built_from_parts: bool = False
    parts_agree: Callable[[Any, dict], bool] | None = None
    reads: tuple[str, ...] = ()
    # For a parameter that only takes a few values (a notice), the values the page shows
    # differently; any other value is the page without the parameter.
    read_values: dict[str, frozenset[str]] = field(default_factory=dict)
    # How long shared caches (a CDN) may keep it, when not PAGE_CACHE_SECONDS: a
    # callable, since settings are read at request time (a live page's updates).
    shared_seconds: Callable[[], int] | None = None

    def shared_max_age(self) -> int:
        if self.shared_seconds is not None:
            return self.shared_seconds()
        return _settings()["PAGE_CACHE_SECONDS"]

    def keys(self, request, **url_kwargs) -> dict[str, str]:
        """
        Where each part of this request's page is kept, by part name. The parts follow
        the page's generation: a request that did not come through the page cache
        (logged-in readers, the comment form's POST) learns it here when it has not yet.

        Worked out once per request: the page cache asks before the view runs and the
        view again for its template, with the same page, generation, language and URL
        arguments (what the keys are made of, besides the query string).
        """
        if getattr(request, "page_generation", None) is None:
            request.page_generation = generations.current(self.generation_key(**url_kwargs))
        asked = (request.page_generation, get_language(), url_kwargs)
        known = getattr(request, "page_parts", None)
        if known is not None and known[0] is self and known[1] == asked:
            return known[2]
        keys = {part.name: part.key(request, **url_kwargs) for part in self.parts}
        request.page_parts = (self, asked, keys)
        return keys

    def stamps(self, request, values: dict) -> list[str] | None:
        """What the parts add to the ETag, in order; None when one is not at hand."""
        if not self.built_from_parts:
            return None
        if self.parts_agree is not None and not self.parts_agree(request, values):
            return None
        stamps = []
        for part in self.parts:
            if part.stamp is not None:
                found = part.stamp(values[part.name])
                if found is None:
                    return None
                stamps.append(found)
        return stamps

    def lifetime(self, values: dict) -> int:
        """
        How long the page may be kept: PAGE_CACHE_SECONDS, or less when a part says it
        is due sooner (the sidebar), so a stored page never shows a part older than
        that part's own lifetime.
        """
        lifetime = _settings()["PAGE_CACHE_SECONDS"]
        now = time.time()
        for part in self.parts:
            value = values.get(part.name)
            if part.expires is not None and value is not None:
                lifetime = min(lifetime, int(part.expires(value) - now))
        return lifetime


def _content_etag(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'


def _parts_etag(page_key: str, generation: int, stamps: list) -> str:
    """The ETag of a page, from what it is built from rather than from its bytes."""
    raw = "|".join(map(str, (release(), page_key, generation, localdate().year, *stamps)))
    return '"' + hashlib.blake2b(raw.encode(), digest_size=12).hexdigest() + '"'


def _matches(request, etag: str) -> bool:
    """Whether ``If-None-Match`` names this ETag (weak comparison, as RFC 9110 says)."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    # "*" is not honoured: a reader page answers 304 only for its own ETag.
    return etag in {tag.removeprefix("W/") for tag in parse_etags(header)}


def _not_modified(
    etag: str, surrogate_keys: list[str], *, hit: bool, seconds: int | None = None
) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    if hit:
        response["X-Page-Cache"] = "hit"
    _public_headers(response, surrogate_keys, seconds)
    return response


def _public_directives(seconds: int) -> dict:
    """What a cacheable reader page tells shared caches (a CDN, the edge)."""
    return {
        "public": True,
        "max_age": 0,
        "s_maxage": seconds,
        "stale_while_revalidate": seconds,
        "stale_if_error": 86400,
    }


@lru_cache(maxsize=16)
def _public_cache_control(seconds: int) -> str:
    """The Cache-Control of a response that has none yet (a stored page served)."""
    response = HttpResponse()
    patch_cache_control(response, **_public_directives(seconds))
    return response["Cache-Control"]


def _public_headers(response, surrogate_keys: list[str], seconds: int | None = None) -> None:
    seconds = _settings()["PAGE_CACHE_SECONDS"] if seconds is None else seconds
    if response.has_header("Cache-Control"):
        patch_cache_control(response, **_public_directives(seconds))
    else:
        response["Cache-Control"] = _public_cache_control(seconds)
    response["Surrogate-Key"] = " ".join(surrogate_keys)
    response["Cache-Tag"] = ",".join(surrogate_keys)


def _render(view, request, store: dict, pending: dict, *args, **kwargs):
    """
    Run and render a reader view with a prefetch store that lives for this request
    only; the entries it stores wait in ``pending`` (``cached_set``).
    """
    token, pending_token = _prefetched.set(store), _pending.set(pending)
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        return response
    finally:
        _pending.reset(pending_token)
        _prefetched.reset(token)


@dataclass(frozen=True)
class Lookup:
    """
    What the page cache holds for one request of a page: the page's key and generation
    key, the stored entry and the current generation as one ``get_many`` read them
    (None when missing, or when the page cache is off).
    """

    page: Page
    url_kwargs: dict
    page_key: str
    generation_key: str
    entry: dict | None
    generation: int | None


def look_up(request, page: Page, url_kwargs: dict) -> Lookup:
    """The page's entry and generation in one cache round trip (once per request)."""
    lookup = getattr(request, "page_cache_lookup", None)
    if lookup is not None and lookup.page is page:
        return lookup  # read by PageCacheMiddleware
    generation_key = page.generation_key(**url_kwargs)
    page_key = _page_key(request, page)
    entry = generation = None
    if _settings()["PAGE_CACHE"]:
        found = cache.get_many([page_key, generation_key])
        entry, generation = found.get(page_key), found.get(generation_key)
    return Lookup(page, url_kwargs, page_key, generation_key, entry, generation)


def stored_response(request, lookup: Lookup):
    """The stored page (or 304 for its ETag) while its generation is current, else None."""
    entry = lookup.entry
    if entry is None or lookup.generation is None or entry["generation"] != lookup.generation:
        return None
    shared = lookup.page.shared_max_age()
    surrogate_keys = lookup.page.surrogate_keys(**lookup.url_kwargs)
    if _matches(request, entry["etag"]):
        return _not_modified(entry["etag"], surrogate_keys, hit=True, seconds=shared)
    response = HttpResponse(entry["content"], status=entry["status"], headers=entry["headers"])
    # What LocaleMiddleware and CommonMiddleware would add, for a page served before them.
    response.headers.setdefault("Content-Language", get_language())
    response["Content-Length"] = str(len(entry["content"]))
    response["ETag"] = entry["etag"]
    response["X-Page-Cache"] = "hit"
    _public_headers(response, surrogate_keys, shared)
    return response


def reader_page(page: Page):
    """
    Serve the reader page ``page`` from the page cache when anonymous (see the
    module's docstring). A miss costs two cache round trips before rendering (the
    page and its generation, then its parts), and a hit one, without the parts; with
    ``PageCacheMiddleware`` installed, hits are served there and never get here.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if not is_anonymous_request(request):
                # Logged-in readers' pages may differ (staff links): for them alone.
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, max_age=0)
                return response
            surrogate_keys = page.surrogate_keys(**kwargs)
            # A 404 of this page carries its keys too (``infra.pagemiddleware``):
            # the purge when a scheduled story goes live reaches a CDN's stored 404.
            request.page_surrogate_keys = surrogate_keys
            use_page_cache = _settings()["PAGE_CACHE"]
            shared = page.shared_max_age()
            lookup = look_up(request, page, kwargs)
            page_key, generation = lookup.page_key, lookup.generation
            found = None
            if generation is None and use_page_cache:
                # Read already, with the page: missing, it is created at once, and the
                # parts read with it (those under it cannot be there yet).
                def keys_for(proposed: int) -> list[str]:
                    request.page_generation = proposed
                    return list(page.keys(request, **kwargs).values())

                generation, found = generations.create_and_read(lookup.generation_key, keys_for)
            elif generation is None:
                generation = generations.current(lookup.generation_key)
            # The page's parts are stored under its generation.
            request.page_generation = generation
            stored = stored_response(request, lookup)
            if stored is not None:
                return stored

            keys = page.keys(request, **kwargs)
            if found is None:
                found = cache.get_many(list(keys.values()))
            store = dict.fromkeys(keys.values()) | found

            def values() -> dict:
                return {name: store[key] for name, key in keys.items()}

            def parts_etag() -> str | None:
                found = page.stamps(request, values())
                return None if found is None else _parts_etag(page_key, generation, found)

            etag = parts_etag()
            if etag is not None and _matches(request, etag):
                # Nothing rendered.
                return _not_modified(etag, surrogate_keys, hit=False, seconds=shared)
            before = values()

            pending: dict = {}
            response = _render(view, request, store, pending, *args, **kwargs)
            if response.status_code != 200 or getattr(response, "streaming", False):
                _write_pending(pending)
                return response
            _public_headers(response, surrogate_keys, shared)
            # Parts rebuilt while rendering are in the store now: the ETag follows them.
            after = values()
            rebuilt = any(after[name] is not before[name] for name in keys)
            if etag is None or rebuilt:
                etag = parts_etag() or _content_etag(response.content)
            response["ETag"] = etag
            if use_page_cache:
                response["X-Page-Cache"] = "miss"
                lifetime = page.lifetime(after)
                if lifetime > 0:
                    entry = {
                        "generation": generation,
                        "status": response.status_code,
                        "etag": etag,
                        "content": response.content,
                        "headers": {h: response[h] for h in CACHED_HEADERS if h in response},
                    }
                    pending[page_key] = (entry, lifetime)
            # The parts rebuilt and the page, together.
            _write_pending(pending)
            if _matches(request, etag):
                return _not_modified(etag, surrogate_keys, hit=False, seconds=shared)
            return response

        # What the edge's configuration is generated from (infra.edge).
        wrapper.reader_page = page
        return wrapper

    return decorator
