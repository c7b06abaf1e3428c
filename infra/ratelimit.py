"""
Fixed-window rate limits in the shared cache.

Small on purpose: the limits apply after the form is validated, keyed on
fingerprints (a keyed hash of the IP, of the email) rather than raw values, and
answer with a message next to the form; django-ratelimit's decorators work before
validation on raw request attributes, which fits neither need.
"""

from django.core.cache import caches

from infra.sharedcache import limits_cache


def hit(key: str, *, limit: int, window: int) -> bool:
    """
    Count one hit for ``key``; True while the count stays within ``limit`` per ``window``.
    While the shared cache is away the count is kept in this process's memory, so the
    limit keeps holding (``infra.sharedcache.limits_cache``).
    """
    cache_key = f"ratelimit:{key}"
    store = limits_cache()
    added = store.add(cache_key, 1, timeout=window)
    if added is None:
        # The shared cache failed on this very call (django-redis ignores the error).
        store = caches["local"]
        added = store.add(cache_key, 1, timeout=window)
    if added:
        return True
    try:
        count = store.incr(cache_key)
    except ValueError:
        # The window expired between add() and incr(): start a new one.
        store.set(cache_key, 1, timeout=window)
        return True
    if count is None:
        # The shared cache went away between add() and incr(): let this one through.
        return True
    return count <= limit
