"""
Cache generations: a counter per group of pages (an article's page, the listings, a
language's menu) that every stored entry built from that group remembers. Changing
what a group shows gives it a new generation, after the commit; an entry whose
generation is no longer current is never served. One round trip reads an entry with
its generation, and no entry has to be found and deleted.

"Generation" is the cache's word only: an article's ``version`` is its edit counter
(optimistic locking) and a "revision" is a saved copy of it (django-reversion).

The purge hook (``NEWSROOM["PURGE_HOOK"]``, a dotted path to a callable taking a list
of surrogate keys and a list of URLs, ``hook(keys, urls)``) purges a CDN: after the
same commits the keys join the pending ones (``PendingPurge``, each key once) and a
task (``infra.tasks.purge_cdn``) hands them to the hook in batches, retried while the
CDN refuses. No request waits for it. Surrogate keys are soft-purged (a page changed);
URLs (``purge_urls``: the files of a withdrawn image) are purged hard, never served
stale again. Both wait in the same rows, a URL's key prefixed with ``url:``.
"""

from collections.abc import Callable
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from infra import sharedcache
from infra.models import PendingPurge

PURGE_BATCH_SIZE = 200
URL_PREFIX = "url:"

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
        generation = create(generation_key)
    return generation


def create(generation_key: str) -> int:
    """
    The generation of a group just read as missing (with other keys, in one round
    trip): a new one, or the one another worker created meanwhile.
    """
    return sharedcache.add_or_get(generation_key, _new_generation())


def create_and_read(generation_key: str, keys_for: Callable[[int], list[str]]) -> tuple[int, dict]:
    """
    ``create``, and the entries stored under the new generation (``keys_for`` it), in
    one round trip: a page's generation just read as missing, and its parts (those
    that follow the generation cannot be there yet; the others, the menu and the
    sidebar, may). Another worker's generation, created meanwhile, is read with its
    entries in one more round trip.
    """
    proposed = _new_generation()
    found = sharedcache.add_then_get_many(generation_key, proposed, keys_for(proposed))
    if found is None:  # the shared cache is away: as ``create``, nothing stored
        return create(generation_key), {}
    generation, values = found
    if generation != proposed:
        values = cache.get_many(keys_for(generation))
    return generation, values


def bump(*keys: str) -> None:
    """Give each generation key a new value (the time in microseconds), after the commit."""

    def apply() -> None:
        cache.set_many(dict.fromkeys(keys, _new_generation()), timeout=None)

    transaction.on_commit(apply)


def purge(surrogate_keys: list[str]) -> None:
    """
    Purge these keys from the CDN, after the commit, through the purge task. A key
    already pending is not added twice; its time moves on, so a purge running
    meanwhile does not take it away before it has purged the newer change.
    """
    _queue(list(surrogate_keys))


def purge_urls(urls: list[str]) -> None:
    """
    Purge these absolute URLs from the CDN hard (no stale copy is served after it),
    after the commit, through the purge task: the files that left the public storage
    when their rights ended. The same rows, deduplication and retries as the keys.
    """
    _queue([URL_PREFIX + url for url in urls])


def split_pending(keys: list[str]) -> tuple[list[str], list[str]]:
    """The pending keys as the hooks take them: surrogate keys, then URLs (unprefixed)."""
    surrogate = [key for key in keys if not key.startswith(URL_PREFIX)]
    urls = [key.removeprefix(URL_PREFIX) for key in keys if key.startswith(URL_PREFIX)]
    return surrogate, urls


def _queue(keys: list[str]) -> None:
    if not keys or not settings.NEWSROOM.get("PURGE_HOOK"):
        return
    from infra import jobs, tasks  # the task module imports this one

    def queue() -> None:
        now = timezone.now()
        PendingPurge.objects.bulk_create(
            [PendingPurge(key=key, queued_at=now) for key in dict.fromkeys(keys)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["queued_at"],
        )

    transaction.on_commit(queue)
    jobs.enqueue_after_commit(tasks.purge_cdn)


def purge_pending() -> int:
    """
    Hand the pending keys and URLs to the purge hook, a batch at a time, oldest first;
    the number of keys and URLs purged. A hook error propagates (the task retries) and leaves
    the keys pending. Idempotent: with nothing pending it does nothing.
    """
    hook_path = settings.NEWSROOM.get("PURGE_HOOK")
    if not hook_path:
        return 0
    hook = import_string(hook_path)
    purged = 0
    while rows := list(
        PendingPurge.objects.order_by("queued_at", "pk").values_list("pk", "key", "queued_at")[
            :PURGE_BATCH_SIZE
        ]
    ):
        hook(*split_pending([key for _pk, key, _at in rows]))
        # Only the keys as they were read: one asked for again meanwhile stays.
        PendingPurge.objects.filter(
            reduce(or_, (Q(pk=pk, queued_at=at) for pk, _k, at in rows))
        ).delete()
        purged += len(rows)
    return purged


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
