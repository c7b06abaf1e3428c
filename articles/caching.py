"""
Caching of reader pages, in the shared cache (Redis when configured, a file cache
shared by the local workers otherwise).

- **Page cache.** Anonymous GETs of reader pages are stored whole. Each stored
  page remembers the version of what it shows (an article's version key, or the
  listings' key); a page is served only if that version is still current, and the
  page and its version come back in one ``get_many``: one cache round trip, no SQL.
  Publishing, editing or unpublishing an article and accepting or hiding one of
  its comments bump its version, so its page changes at once; listings and
  sidebars live at most ``PAGE_CACHE_SECONDS`` (60 s).
- **HTTP caching.** Cacheable pages say ``Cache-Control: public, s-maxage=…,
  stale-while-revalidate=…, stale-if-error=…`` with ``Surrogate-Key``/``Cache-Tag``
  so a CDN can purge by key, and carry an ``ETag``. A stored page answers a
  revalidation with 304 at once; an article or the home page, all of whose parts are
  stored rendered, has an ETag made from what it is built from (the code's release,
  the page's address and version, digests of its stored parts), known before
  rendering: 304 without rendering and without SQL even once the page has expired.
- **Purge hook.** ``NEWSROOM["PURGE_HOOK"]``, a dotted path to a callable taking a
  list of surrogate keys, is called after each commit that changes pages, to purge
  a CDN (see docs/performance.md).
"""

import hashlib
import importlib.metadata
import logging
import os
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache as memoize
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.utils.module_loading import import_string
from django.utils.timezone import localdate
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

LISTINGS_KEY = "v:listings"
CACHED_HEADERS = ("Content-Type", "Content-Language", "Surrogate-Key", "Cache-Tag")


def article_key(article_id: int) -> str:
    return f"v:article:{article_id}"


def _settings() -> dict:
    return settings.NEWSROOM


def _now_version() -> int:
    return int(timezone.now().timestamp() * 1_000_000)


def bump(*keys: str) -> None:
    """Give each version key a new value (the time in microseconds), after the commit."""

    def apply() -> None:
        cache.set_many(dict.fromkeys(keys, _now_version()), timeout=None)

    transaction.on_commit(apply)


def article_changed(article_id: int, *, section_slug: str = "", listings: bool = False) -> None:
    """
    An article's page must change now. With ``listings`` (publishing, unpublishing,
    a new headline), the home, section, topic and author pages change too;
    otherwise they follow within their lifetime.
    """
    keys, surrogate = [article_key(article_id)], [f"article-{article_id}"]
    if listings:
        keys.append(LISTINGS_KEY)
        surrogate.append("front")
        if section_slug:
            surrogate.append(f"section-{section_slug}")
    bump(*keys)
    purge(surrogate)


def articles_changed(article_ids: list[int]) -> None:
    """Several articles' pages and the listings must change now (one bump, one purge)."""
    if article_ids:
        _pages_and_listings_changed(article_ids)


def _pages_and_listings_changed(article_ids: list[int]) -> None:
    bump(*(article_key(pk) for pk in article_ids), LISTINGS_KEY)
    purge([*(f"article-{pk}" for pk in article_ids), "front"])


def navigation_key(language: str) -> str:
    """Where the sections menu of a language is kept."""
    return f"nav:{language}"


def sections_changed(article_ids: list[int]) -> None:
    """
    A section was renamed, moved or deleted: the menu, the listings and the pages of
    its articles (which name it) change now.
    """
    menus = [navigation_key(code) for code, _name in settings.LANGUAGES]
    transaction.on_commit(lambda: cache.delete_many(menus))
    _pages_and_listings_changed(article_ids)


def purge(surrogate_keys: list[str]) -> None:
    """Call the configured CDN purge hook with these keys, after the commit."""
    hook_path = _settings().get("PURGE_HOOK")
    if not hook_path:
        return

    def call() -> None:
        try:
            import_string(hook_path)(surrogate_keys)
        except Exception:
            # A CDN outage must not break editing; the page cache is already fresh.
            logger.exception("Purge hook failed for %s", surrogate_keys)

    transaction.on_commit(call)


# The entries of the page being built, fetched in one round trip (see reader_page).
_prefetched: ContextVar[dict | None] = ContextVar("newsroom_prefetched", default=None)


def cached_get(key: str):
    """A shared-cache entry, from this request's prefetched entries when they have it."""
    store = _prefetched.get()
    if store is not None and key in store:
        return store[key]
    return cache.get(key)


def cached_set(key: str, value, timeout: int | None) -> None:
    """Store an entry in the shared cache, and in this request's entries when it has them."""
    cache.set(key, value, timeout)
    shown(key, value)


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


def is_anonymous_request(request) -> bool:
    """Anonymous without touching the session store: no session cookie at all."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


# Query parameters that campaigns, newsletters and social networks add to links
# to our pages: the page is the same with or without them, so they are left out
# of its page-cache key (a story shared on a social network, each visitor's link
# carrying its own click id, must not turn every visit into a page-cache miss).
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "igshid"}
    | {"mc_cid", "mc_eid", "xtor", "at_medium", "at_campaign", "_ga", "_gl", "ref_src"}
)


def _is_tracking(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith("utm_")


def _page_key(request) -> str:
    """
    The page's language, path and query string, tracking parameters left out and the
    others ordered by name (a name given twice keeps its values' order: the last wins).
    """
    query = request.META.get("QUERY_STRING", "")
    if query:
        parts = [(part.split("=")[0], part) for part in query.split("&") if part]
        kept = sorted((p for p in parts if not _is_tracking(p[0])), key=lambda p: p[0])
        query = "&".join(part for _name, part in kept)
    # The host too: the page's links (canonical, alternates) are absolute.
    raw = f"{request.get_host()}|{get_language()}|{request.path}|{query}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


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


def part_stamps(store: dict, keys: list[str]) -> list | None:
    """
    What each of these entries adds to a page's ETag: its ``stamp`` (menu, sidebar)
    or a digest of its HTML (fragments, comments block); None when one is not at
    hand, and the page must be rendered to know its ETag.
    """
    stamps = []
    for key in keys:
        entry = store.get(key)
        if isinstance(entry, dict) and "stamp" in entry:
            stamps.append(entry["stamp"])
        elif isinstance(entry, dict) and "html" in entry:
            stamps.append(stamp(entry["html"]))
        elif isinstance(entry, str):
            stamps.append(stamp(entry))
        else:
            return None
    return stamps


def _content_etag(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'


def _version_etag(page_key: str, version: int, stamps: list) -> str:
    """The ETag of a page, from what it is built from rather than from its bytes."""
    raw = "|".join(map(str, (release(), page_key, version, localdate().year, *stamps)))
    return '"' + hashlib.blake2b(raw.encode(), digest_size=12).hexdigest() + '"'


def _matches(request, etag: str) -> bool:
    """Whether ``If-None-Match`` names this ETag (weak comparison, as RFC 9110 says)."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    # "*" is not honoured: a reader page answers 304 only for its own ETag.
    return etag in {tag.removeprefix("W/") for tag in parse_etags(header)}


def _not_modified(etag: str, surrogate_keys: list[str], *, hit: bool) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    if hit:
        response["X-Page-Cache"] = "hit"
    _public_headers(response, surrogate_keys)
    return response


def _lifetime(store: dict) -> int:
    """
    How long a page may be kept: PAGE_CACHE_SECONDS, or less when an entry it was
    built from says it expires sooner (``{"expires": epoch seconds}``, the sidebar),
    so a stored page never shows a part older than that part's own lifetime.
    """
    lifetime = _settings()["PAGE_CACHE_SECONDS"]
    now = time.time()
    for value in store.values():
        if isinstance(value, dict) and "expires" in value:
            lifetime = min(lifetime, int(value["expires"] - now))
    return lifetime


def _public_headers(response, surrogate_keys: list[str]) -> None:
    seconds = _settings()["PAGE_CACHE_SECONDS"]
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=seconds,
        stale_while_revalidate=seconds,
        stale_if_error=86400,
    )
    response["Surrogate-Key"] = " ".join(surrogate_keys)
    response["Cache-Tag"] = ",".join(surrogate_keys)


def current_version(version_key: str) -> int:
    """
    The version a page follows, created when missing. A page is never stored
    against a missing version: if the key were set and then evicted, the old page
    would look current again.
    """
    version = cache.get(version_key)
    if version is None:
        version = _now_version()
        if not cache.add(version_key, version, timeout=None):
            version = cache.get(version_key, version)
    return version


def _render(view, request, store: dict, *args, **kwargs):
    """Run and render a reader view with a prefetch store that lives for this request only."""
    token = _prefetched.set(store)
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        return response
    finally:
        _prefetched.reset(token)


def reader_page(
    depends_on: Callable[..., tuple[str, list[str]]],
    entries: Callable[..., list[str]] | None = None,
    stamps: Callable[..., list | None] | None = None,
):
    """
    Serve a reader page from the page cache when anonymous. ``depends_on(**kwargs)``
    names the version key the page follows and its surrogate keys.

    On a page-cache miss, ``entries(request, **kwargs)`` names the shared-cache
    entries the page is built from (its row, fragments, sidebar…), knowing the
    page's version (``request.page_version``): they come in one ``get_many`` and
    the view and templates read them with ``cached_get``. A miss thus costs two
    cache round trips before rendering (page and version, then the entries), and
    a hit one, without fetching the entries.

    ``stamps(request, store, keys, **kwargs)``, for pages built from those entries
    alone, tells what they contribute (``part_stamps``: digests of the stored
    fragments, the stamps of the menu and the sidebar), or None when one is
    missing or would be rebuilt. With the release, the page's key and version they make the
    ETag, so that a revalidation is answered 304 before rendering, with no SQL; a
    page whose stamps are not at hand is rendered, and gets the same ETag. Pages
    without ``stamps`` (their content is read from the database as they render)
    get a digest of their content.
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
            version_key, surrogate_keys = depends_on(**kwargs)
            use_page_cache = _settings()["PAGE_CACHE"]
            page_key = _page_key(request)
            entry = version = None
            if use_page_cache:
                found = cache.get_many([page_key, version_key])
                entry, version = found.get(page_key), found.get(version_key)
            if version is None:
                version = current_version(version_key)
            # Fragments of the page (the comments block) are cached under it too.
            request.page_version = version
            if entry is not None and entry["version"] == version:
                if _matches(request, entry["etag"]):
                    return _not_modified(entry["etag"], surrogate_keys, hit=True)
                response = HttpResponse(entry["content"], status=entry["status"])
                for name, value in entry["headers"].items():
                    response[name] = value
                response["ETag"] = entry["etag"]
                response["X-Page-Cache"] = "hit"
                _public_headers(response, surrogate_keys)
                return response

            keys = entries(request, **kwargs) if entries else []
            store = dict.fromkeys(keys) | cache.get_many(keys) if keys else {}

            def version_etag() -> str | None:
                found = stamps(request, store, keys, **kwargs) if stamps else None
                return None if found is None else _version_etag(page_key, version, found)

            etag = version_etag()
            if etag is not None and _matches(request, etag):
                return _not_modified(etag, surrogate_keys, hit=False)  # nothing rendered
            parts = [store[key] for key in keys]

            response = _render(view, request, store, *args, **kwargs)
            if response.status_code != 200 or getattr(response, "streaming", False):
                return response
            _public_headers(response, surrogate_keys)
            # Parts rebuilt while rendering are in the store now: the ETag follows them.
            rebuilt = any(store[key] is not part for key, part in zip(keys, parts, strict=True))
            if etag is None or rebuilt:
                etag = version_etag() or _content_etag(response.content)
            response["ETag"] = etag
            if use_page_cache:
                response["X-Page-Cache"] = "miss"
                lifetime = _lifetime(store)
                if lifetime > 0:
                    cache.set(
                        page_key,
                        {
                            "version": version,
                            "status": response.status_code,
                            "etag": etag,
                            "content": response.content,
                            "headers": {h: response[h] for h in CACHED_HEADERS if h in response},
                        },
                        lifetime,
                    )
            if _matches(request, etag):
                return _not_modified(etag, surrogate_keys, hit=False)
            return response

        return wrapper

    return decorator


class ReaderCacheHeadersMiddleware:
    """
    Reader pages' language comes from their path (French at the root, English under
    /en/), so ``Vary: Accept-Language``, which LocaleMiddleware adds to root pages,
    would only split shared caches; drop it from pages marked public.
    Must sit before LocaleMiddleware in MIDDLEWARE (it sees the response after it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
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
