"""
"Sujets les + lus" and "Sujets les + commentés", and read totals for the admin.

Rankings come from the database counters, start from Article.objects.published()
(so embargoed, scheduled or unpublished stories never appear) and break ties by
recency. They are computed at most about once a minute for all workers and
servers: the result sits in the default cache for AUDIENCE_RANKING_CACHE_SECONDS,
one worker recomputes it under a short lock while the others serve the last good
value. When the cache itself is down (Redis outage), each process keeps its own
copy for the same duration, so each ranking is computed once per process per
minute, not once per page.

Totals are summed by the database, grouped by article, over the counters of the
window only (never over comments or all articles), then the few articles at the
top are fetched: two or three small queries, about 100 ms for a week of 3,000
articles read every hour on PostgreSQL.
"""

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from audience.counters import MIN_ROLLUP_AFTER_DAYS, hour_of, local_day, start_of_day
from audience.models import DailyCommentCount, DailyReadCount, HourlyReadCount
from infra.pagecache import cached_get, cached_set, shown, stamp
from infra.replica import from_replica

LAST_GOOD_SECONDS = 7 * 24 * 60 * 60
LOCK_SECONDS = 30
NEVER = datetime.min.replace(tzinfo=UTC)

_local: dict[str, tuple[float, object]] = {}
_local_lock = threading.Lock()


# Windows and totals -------------------------------------------------------------------


def hours_window_start(hours: int, now: datetime | None = None) -> datetime:
    """The last ``hours`` hours: the current hour and the ``hours - 1`` before it."""
    return hour_of(now or timezone.now()) - timedelta(hours=hours - 1)


def _first_whole_day(since: datetime) -> date:
    """The first day (site time zone) that starts at or after ``since``."""
    day = local_day(since)
    return day if start_of_day(day) >= since else day + timedelta(days=1)


def read_totals(
    *,
    since: datetime,
    articles: QuerySet | None = None,
    article_ids=None,
    now: datetime | None = None,
) -> dict[int, int]:
    """
    Reads per article since ``since`` (articles with reads only; among ``articles``
    or ``article_ids`` when given), summed in the database: the hourly rows, plus
    the whole days rolled up from older hours when the window reaches back past
    the hours rollup_reads always keeps (one query more). A day only partly in the
    window counts once it is rolled up; AUDIENCE_ROLLUP_AFTER_DAYS (10) is longer
    than the reader-facing windows (7 days), so rankings never meet that case.
    """
    now = now or timezone.now()
    totals = _sums(_among(HourlyReadCount.objects.filter(hour__gte=since), articles, article_ids))
    always_hourly = start_of_day(local_day(now) - timedelta(days=MIN_ROLLUP_AFTER_DAYS))
    if since < always_hourly:
        daily = DailyReadCount.objects.filter(day__gte=_first_whole_day(since))
        for article_id, count in _sums(_among(daily, articles, article_ids)).items():
            totals[article_id] = totals.get(article_id, 0) + count
    return totals


def comment_totals(
    *, first_day: date, articles: QuerySet | None = None, article_ids=None
) -> dict[int, int]:
    """Comments published per article from ``first_day`` on and still visible (> 0 only)."""
    rows = _among(DailyCommentCount.objects.filter(day__gte=first_day), articles, article_ids)
    return {pk: count for pk, count in _sums(rows).items() if count > 0}


def _among(rows: QuerySet, articles: QuerySet | None, article_ids) -> QuerySet:
    if articles is not None:
        rows = rows.filter(article__in=articles.values("pk"))
    if article_ids is not None:
        rows = rows.filter(article_id__in=list(article_ids))
    return rows


def _sums(rows: QuerySet) -> dict[int, int]:
    # Grouped by article in the database; one row per article read (or commented).
    return dict(
        rows.order_by()
        .values("article_id")
        .annotate(total=Sum("count"))
        .values_list("article_id", "total")
    )


def top(totals: dict[int, int], *, limit: int, articles: QuerySet) -> list[tuple[Article, int]]:
    """
    The ``limit`` articles with the highest totals, ties broken by recency
    (published_at, then id, newest first). One query for the candidates only:
    those at or above the ``limit``-th total.
    """
    if not totals or limit < 1:
        return []
    threshold = sorted(totals.values(), reverse=True)[: min(limit, len(totals))][-1]
    candidates = [pk for pk, total in totals.items() if total >= threshold]
    found = list(articles.filter(pk__in=candidates))
    found.sort(
        key=lambda a: (totals[a.pk], a.published_at is not None, a.published_at or NEVER, a.pk),
        reverse=True,
    )
    return [(article, totals[article.pk]) for article in found[:limit]]


# Rankings -----------------------------------------------------------------------------


def _entry(article: Article, count: int) -> dict:
    return {"title": article.title, "url": article.get_absolute_url(), "count": count}


def _ranked_in_one_query(rows: QuerySet, published: QuerySet, limit: int) -> list[dict]:
    """
    Sum ``rows`` (counters of a window) per published article and keep the top
    ``limit``, ties by recency: one grouped query with the titles and slugs joined.
    """
    ranked = (
        rows.filter(article__in=published.values("pk"))
        .order_by()
        .values("article_id", "article__title", "article__slug", "article__published_at")
        .annotate(total=Sum("count"))
        .filter(total__gt=0)
        .order_by("-total", "-article__published_at", "-article_id")[:limit]
    )
    return [
        {
            "title": row["article__title"],
            "url": reverse(
                "articles:detail", kwargs={"slug": row["article__slug"], "pk": row["article_id"]}
            ),
            "count": row["total"],
        }
        for row in ranked
    ]


@from_replica
def compute_most_read(*, hours: int, limit: int) -> list[dict]:
    now = timezone.now()
    published = Article.objects.published(now)
    since = hours_window_start(hours, now)
    always_hourly = start_of_day(local_day(now) - timedelta(days=MIN_ROLLUP_AFTER_DAYS))
    if since >= always_hourly:
        # Reader-facing windows (24 h, 7 days) are all in hourly rows: one query.
        return _ranked_in_one_query(
            HourlyReadCount.objects.filter(hour__gte=since), published, limit
        )
    totals = read_totals(since=since, articles=published, now=now)
    ranked = top(totals, limit=limit, articles=published.only("title", "slug", "published_at"))
    return [_entry(article, count) for article, count in ranked]


@from_replica
def compute_most_commented(*, days: int, limit: int) -> list[dict]:
    now = timezone.now()
    first_day = local_day(now) - timedelta(days=days - 1)
    return _ranked_in_one_query(
        DailyCommentCount.objects.filter(day__gte=first_day),
        Article.objects.published(now),
        limit,
    )


def _ranking_size(limit: int | None) -> int:
    return limit or settings.NEWSROOM.get("AUDIENCE_RANKING_SIZE", 5)


def most_read(*, hours: int = 24, limit: int | None = None) -> list[dict]:
    """The most read published stories of the last ``hours`` hours: ``{title, url, count}``."""
    limit = _ranking_size(limit)
    return _shared(f"read:{hours}:{limit}", lambda: compute_most_read(hours=hours, limit=limit))


def most_commented(*, days: int = 7, limit: int | None = None) -> list[dict]:
    """
    The published stories with the most comments published in the last ``days``
    days (today included, site time zone): ``{title, url, count}``.
    """
    limit = _ranking_size(limit)
    return _shared(
        f"commented:{days}:{limit}", lambda: compute_most_commented(days=days, limit=limit)
    )


def sidebar() -> dict:
    """
    The three lists of the sidebar together, and the sidebar rendered from them
    (``html``), under one cache key: a page costs one cache round trip for them
    and renders nothing (and, at most once a minute, three queries). ``stamp`` (a
    digest of the html) goes into the pages' ETags; ``expires`` (when it is due to
    be computed again) bounds how long a page showing it is kept.
    """
    limit = _ranking_size(None)

    def compute() -> dict:
        lists = {
            "most_read": compute_most_read(hours=24, limit=limit),
            "most_read_week": compute_most_read(hours=7 * 24, limit=limit),
            "most_commented": compute_most_commented(days=7, limit=limit),
        }
        html = render_to_string("articles/_rankings.html", lists)
        fresh = settings.NEWSROOM.get("AUDIENCE_RANKING_CACHE_SECONDS", 60)
        return {**lists, "html": html, "stamp": stamp(html), "expires": time.time() + fresh}

    return _shared(_sidebar_name(limit), compute)


def _shared_key(name: str) -> str:
    return f"audience:rankings:{name}:{translation.get_language()}"


def sidebar_cache_key() -> str:
    """Where the sidebar's rankings are kept, for pages that prefetch their cache entries."""
    return _shared_key(_sidebar_name(_ranking_size(None)))


def _sidebar_name(limit: int) -> str:
    return f"sidebar-block:{limit}"


def _shared[T](name: str, compute: Callable[[], T]) -> T:
    # URLs depend on the language (/en/ prefix), so each language has its own copy.
    key = _shared_key(name)
    value = cached_get(key)
    if value is not None:
        return value
    if cache.add(f"{key}:lock", 1, timeout=LOCK_SECONDS):
        try:
            value = compute()
            fresh = settings.NEWSROOM.get("AUDIENCE_RANKING_CACHE_SECONDS", 60)
            # Stored before the lock goes: the other workers wait for it.
            cached_set(key, value, timeout=fresh, at_once=True)
            cache.set(f"{key}:last", value, timeout=LAST_GOOD_SECONDS)
        finally:
            cache.delete(f"{key}:lock")
        _remember(key, value)
        return value
    # Another worker is computing it, or the cache does not answer. The page shows
    # this value without it being the shared one: noted for the page's ETag and
    # lifetime (a sidebar past its minute keeps the page from being stored).
    value = cache.get(f"{key}:last")
    if value is None:
        with _local_lock:
            remembered = _local.get(key)
        if remembered is not None and remembered[0] > time.monotonic():
            value = remembered[1]
    if value is None:
        value = compute()
        _remember(key, value)
    shown(key, value)
    return value


def _remember(key: str, value: object) -> None:
    fresh = settings.NEWSROOM.get("AUDIENCE_RANKING_CACHE_SECONDS", 60)
    with _local_lock:
        _local[key] = (time.monotonic() + fresh, value)


def forget_local_rankings() -> None:
    """Drop this process's fallback copies (tests; nothing else needs it)."""
    with _local_lock:
        _local.clear()


# Admin --------------------------------------------------------------------------------


def reads_by_article(article_ids, *, hours: int = 24) -> dict[int, int]:
    """
    Reads of each article in the last ``hours`` hours (0 when unread): one query
    for windows up to a day, as the admin changelist's column needs.
    """
    ids = list(article_ids)
    totals = read_totals(since=hours_window_start(hours), article_ids=ids)
    return {pk: totals.get(pk, 0) for pk in ids}
