"""
Fixed-window rate limits in the shared cache.

Small on purpose: the limits apply after the form is validated, keyed on
fingerprints (a keyed hash of the IP, of the email) rather than raw values, and
answer with a message next to the form; django-ratelimit's decorators work before
validation on raw request attributes, which fits neither need.
"""

from django.core.cache import cache


def hit(key: str, *, limit: int, window: int, store=None) -> bool:
    """
    Count one hit for ``key``; True while the count stays within ``limit`` per ``window``.
    In the shared cache, or in ``store`` (a cache of the process's own, when the
    shared one is down).
    """
    store = cache if store is None else store
    cache_key = f"ratelimit:{key}"
    if store.add(cache_key, 1, timeout=window):
        return True
    try:
        count = store.incr(cache_key)
    except ValueError:
        # The window expired between add() and incr(): start a new one.
        store.set(cache_key, 1, timeout=window)
        return True
    if count is None:
        # The cache is down (django-redis ignores the error): let the request through
        # rather than refuse every reader.
        return True
    return count <= limit
