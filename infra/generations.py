"""
Cache generations: a counter per group of pages (an article's page, the listings, a
language's menu) that every stored entry built from that group remembers. Changing
what a group shows gives it a new generation, after the commit; an entry whose
generation is no longer current is never served. One round trip reads an entry with
its generation, and no entry has to be found and deleted.

"Generation" is the cache's word only: an article's ``version`` is its edit counter
(optimistic locking) and a "revision" is a saved copy of it (django-reversion).

The purge hook (``NEWSROOM["PURGE_HOOK"]``, a dotted path to a callable taking a list
of surrogate keys) is called after the same commits, to purge a CDN.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

LISTINGS_KEY = "v:listings"


def article_key(article_id: int) -> str:
    """The generation key of an article's page (its row, fragments and comments block)."""
    return f"v:article:{article_id}"


def navigation_key(language: str) -> str:
    """Where the sections menu of a language is kept (deleted, not versioned: it is small)."""
    return f"nav:{language}"


def _new_generation() -> int:
    return int(timezone.now().timestamp() * 1_000_000)


def current(generation_key: str) -> int:
    """
    The current generation of a group, created when missing. A page is never stored
    against a missing generation: if the key were set and then evicted, the old page
    would look current again.
    """
    generation = cache.get(generation_key)
    if generation is None:
        generation = _new_generation()
        if not cache.add(generation_key, generation, timeout=None):
            generation = cache.get(generation_key, generation)
    return generation


def bump(*keys: str) -> None:
    """Give each generation key a new value (the time in microseconds), after the commit."""

    def apply() -> None:
        cache.set_many(dict.fromkeys(keys, _new_generation()), timeout=None)

    transaction.on_commit(apply)


def purge(surrogate_keys: list[str]) -> None:
    """Call the configured CDN purge hook with these keys, after the commit."""
    hook_path = settings.NEWSROOM.get("PURGE_HOOK")
    if not hook_path:
        return

    def call() -> None:
        try:
            import_string(hook_path)(surrogate_keys)
        except Exception:
            # A CDN outage must not break editing; the page cache is already fresh.
            logger.exception("Purge hook failed for %s", surrogate_keys)

    transaction.on_commit(call)


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


def sections_changed(article_ids: list[int]) -> None:
    """
    A section was renamed, moved or deleted: the menu, the listings and the pages of
    its articles (which name it) change now.
    """
    menus = [navigation_key(code) for code, _name in settings.LANGUAGES]
    transaction.on_commit(lambda: cache.delete_many(menus))
    _pages_and_listings_changed(article_ids)


def _pages_and_listings_changed(article_ids: list[int]) -> None:
    bump(*(article_key(pk) for pk in article_ids), LISTINGS_KEY)
    purge([*(f"article-{pk}" for pk in article_ids), "front"])
