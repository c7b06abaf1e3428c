"""
Which read beacons count: the honesty rules of "Sujets les + lus".

A read counts once per reader per article per window (AUDIENCE_READ_WINDOW_SECONDS,
30 minutes by default). The reader is a keyed HMAC of the client's IP address and
user agent; its key derives from SECRET_KEY and the current UTC date, so it changes
every day and yesterday's values cannot be linked to today's. It lives only as a
cache key that expires with the window: no cookie, nothing in the database, and
the IP address itself is never stored.
"""

from datetime import UTC, date, datetime
from enum import StrEnum

from django.conf import settings
from django.core.cache import caches

from audience.bots import is_bot
from infra.clients import client_key, is_anonymous_request, keyed_hash
from infra.ratelimit import hit
from infra.sharedcache import limits_cache
from infra.site import site_origin

PREFETCH_WORDS = ("prefetch", "prerender", "preview")


class Skip(StrEnum):
    """Why a beacon did not count."""

    BOT = "bot"
    PREFETCH = "prefetch"
    PREVIEW = "preview"
    STAFF = "staff"
    CROSS_SITE = "cross_site"
    RATE_LIMITED = "rate_limited"
    ALREADY_COUNTED = "already_counted"


def reader_digest(value: str, *, purpose: str, day: date) -> str:
    """A keyed HMAC of ``value`` whose key changes every (UTC) day."""
    return keyed_hash(value, f"audience:{purpose}:{day.isoformat()}")[:32]


def is_prefetch(request) -> bool:
    """Speculative loads (link prefetch, prerender, Safari's previews) are not reads."""
    purpose = " ".join(
        request.headers.get(name, "") for name in ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
    ).lower()
    return any(word in purpose for word in PREFETCH_WORDS)


def is_preview(request) -> bool:
    """An editor's preview reports itself with ``?preview`` on the beacon URL."""
    # Readers' beacons have no query string: nothing to parse.
    return bool(request.META.get("QUERY_STRING")) and "preview" in request.GET


def is_cross_site(request) -> bool:
    """
    A beacon sent from another site's page (a page that posts to our beacon to inflate
    a story's reads): the browser says where it comes from with ``Sec-Fetch-Site``,
    or else ``Origin``. Neither header (older browsers, scripts) is not a refusal:
    the other honesty rules bound what such requests can do.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site != "same-origin"
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    scheme, host = site_origin()
    # The site's address, or the address this page was served from (ALLOWED_HOSTS).
    return origin not in {f"{scheme}://{host}", f"{request.scheme}://{request.get_host()}"}


def is_staff(request) -> bool:
    if is_anonymous_request(request):
        return False  # no session cookie: no session to load, nobody logged in
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def first_read_in_window(*, reader: str, article_id: int, now: datetime) -> bool:
    """
    True the first time ``reader`` reads the article in the window, False after. While
    the shared cache is away, the marks are kept in this process's memory
    (``infra.sharedcache.limits_cache``), so the rule keeps holding.

    The cache entry holds the time of the counted read and expires with the
    window; the comparison makes the rule follow ``now`` exactly.
    """
    window = settings.NEWSROOM.get("AUDIENCE_READ_WINDOW_SECONDS", 30 * 60)
    key = f"audience:seen:{article_id}:{reader}"
    stamp = now.timestamp()
    store = limits_cache()
    added = store.add(key, stamp, timeout=window)
    if added is None:
        # The shared cache failed on this very call: this process's memory holds the mark.
        store = caches["local"]
        added = store.add(key, stamp, timeout=window)
    if added:
        return True
    previous = store.get(key)
    if previous is None or stamp - previous >= window:
        store.set(key, stamp, timeout=window)
        return True
    return False


def quick_skip(request) -> Skip | None:
    """The reasons not to count that need no storage: robots, prefetches, previews, staff."""
    if is_bot(request.headers.get("User-Agent", "")):
        return Skip.BOT
    if is_cross_site(request):
        return Skip.CROSS_SITE
    if is_prefetch(request):
        return Skip.PREFETCH
    if is_preview(request):
        return Skip.PREVIEW
    if is_staff(request):
        return Skip.STAFF
    return None


def reader_keys(request, *, now: datetime) -> tuple[str, str]:
    """
    The reader's daily fingerprint (address group and user agent) and its address
    group's, for the limits: an IPv6 reader is their /64 (``infra.clients.client_key``).
    """
    ip = client_key(request)
    day = now.astimezone(UTC).date()
    user_agent = request.headers.get("User-Agent", "")
    return (
        reader_digest(f"{ip}\x1f{user_agent}", purpose="reader", day=day),
        reader_digest(ip, purpose="ip", day=day),
    )


def limits_skip(reader: str, address: str, *, article_id: int, now: datetime) -> Skip | None:
    """
    The once-per-window rule and the rate limit, kept in the shared cache (in this
    process's memory while it is away).
    """
    first = first_read_in_window(reader=reader, article_id=article_id, now=now)
    limit, period = settings.NEWSROOM.get("AUDIENCE_BEACON_RATE_LIMIT", (120, 10 * 60))
    if not hit(f"audience:{address}", limit=limit, window=period):
        return Skip.RATE_LIMITED
    return None if first else Skip.ALREADY_COUNTED
