"""Storing reads and comment counts: the database upsert, Redis and its fold, rollup, pruning."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Sum
from django_redis import get_redis_connection

from audience import counters
from audience.counters import FoldResult, fold_reads, record_comment_change, record_read
from audience.models import DailyCommentCount, DailyReadCount, FoldedBatch, HourlyReadCount
from tests.audience.factories import (
    DailyCommentCountFactory,
    DailyReadCountFactory,
    HourlyReadCountFactory,
)
from tests.audience.support import NOON, REDIS_DOWN_CACHES, requires_redis
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LOCMEM_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}


def hourly_rows() -> list[tuple[int, datetime, int]]:
    return list(
        HourlyReadCount.objects.order_by("article_id", "hour").values_list(
            "article_id", "hour", "count"
        )
    )


def utc(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def total_reads() -> int:
    return HourlyReadCount.objects.aggregate(total=Sum("count"))["total"] or 0


def test_record_read_upserts_one_row_per_article_and_hour(settings):
    settings.CACHES = LOCMEM_CACHES
    first, second = ArticleFactory(), ArticleFactory()
    noon, one = datetime(2026, 3, 16, 12, tzinfo=UTC), datetime(2026, 3, 16, 13, tzinfo=UTC)

    for minute in (0, 1, 59):
        record_read(article_id=first.pk, now=noon.replace(minute=minute))
    record_read(article_id=first.pk, now=one)
    record_read(article_id=second.pk, now=noon.replace(minute=30, second=5))

    assert hourly_rows() == [(first.pk, noon, 3), (first.pk, one, 1), (second.pk, noon, 1)]


def test_record_read_buckets_by_utc_hour_whatever_the_time_zone(settings):
    settings.CACHES = LOCMEM_CACHES
    article = ArticleFactory()
    paris = datetime(2026, 7, 1, 0, 45, tzinfo=counters.timezone.get_default_timezone())

    record_read(article_id=article.pk, now=paris)

    assert hourly_rows() == [(article.pk, datetime(2026, 6, 30, 22, tzinfo=UTC), 1)]


@requires_redis
def test_record_read_goes_to_redis_when_the_cache_is_django_redis():
    article = ArticleFactory()

    record_read(article_id=article.pk, now=NOON)
    record_read(article_id=article.pk, now=NOON)

    assert hourly_rows() == []
    assert counters.pending_fold_keys() == [counters.redis_hour_key(counters.hour_of(NOON))]
    assert get_redis_connection("default").hgetall(counters.redis_hour_key(NOON)) == {
        str(article.pk).encode(): b"2"
    }


def test_record_read_falls_back_to_the_database_when_redis_fails(settings):
    settings.CACHES = REDIS_DOWN_CACHES
    article = ArticleFactory()

    record_read(article_id=article.pk, now=NOON)
    record_read(article_id=article.pk, now=NOON)

    assert hourly_rows() == [(article.pk, datetime(2026, 3, 16, 12, tzinfo=UTC), 2)]


def test_record_comment_change_adds_deltas_on_the_local_day():
    article = ArticleFactory()
    evening = datetime(2026, 3, 16, 23, 30, tzinfo=UTC)  # 17 March, 0:30 in Paris

    record_comment_change(article_id=article.pk, delta=+1, when=evening)
    record_comment_change(article_id=article.pk, delta=+1, when=evening)
    record_comment_change(article_id=article.pk, delta=-1, when=evening)
    record_comment_change(article_id=article.pk, delta=+1, when=NOON)

    assert list(
        DailyCommentCount.objects.order_by("day").values_list("article_id", "day", "count")
    ) == [(article.pk, date(2026, 3, 16), 1), (article.pk, date(2026, 3, 17), 1)]


def test_record_comment_change_accepts_a_removal_before_any_addition():
    article = ArticleFactory()

    record_comment_change(article_id=article.pk, delta=-1, when=NOON)

    assert list(DailyCommentCount.objects.values_list("day", "count")) == [(date(2026, 3, 16), -1)]


def test_fold_does_nothing_without_redis(settings):
    settings.CACHES = LOCMEM_CACHES

    assert (fold_reads(), counters.pending_fold_keys()) == (FoldResult(batches=0, reads=0), [])


@requires_redis
def test_fold_moves_exactly_the_counts_and_leaves_nothing_behind():
    first, second = ArticleFactory(), ArticleFactory()
    earlier = NOON - timedelta(hours=5)
    HourlyReadCountFactory(article=first, hour=counters.hour_of(NOON), count=10)
    for _ in range(3):
        record_read(article_id=first.pk, now=NOON)
    record_read(article_id=second.pk, now=NOON)
    record_read(article_id=second.pk, now=earlier)

    result = fold_reads()

    assert result == FoldResult(batches=2, reads=5)
    assert hourly_rows() == [
        (first.pk, counters.hour_of(NOON), 13),
        (second.pk, counters.hour_of(earlier), 1),
        (second.pk, counters.hour_of(NOON), 1),
    ]
    assert counters.pending_fold_keys() == []
    assert FoldedBatch.objects.count() == 2

    assert fold_reads() == FoldResult(batches=0, reads=0)
    assert total_reads() == 15


@requires_redis
def test_fold_finishes_a_batch_left_by_a_crash():
    article = ArticleFactory()
    client = get_redis_connection("default")
    left_over = f"{counters.redis_key_base()}t:2026031611:{'a' * 32}"
    client.hset(left_over, str(article.pk), 4)

    assert fold_reads() == FoldResult(batches=1, reads=4)
    assert hourly_rows() == [(article.pk, datetime(2026, 3, 16, 11, tzinfo=UTC), 4)]
    assert (client.exists(left_over), FoldedBatch.objects.get().token) == (0, "a" * 32)


@requires_redis
def test_fold_never_counts_twice_a_batch_already_in_the_database():
    article = ArticleFactory()
    client = get_redis_connection("default")
    # The crash came after the commit, before the key was deleted.
    FoldedBatch.objects.create(token="b" * 32, reads=4)
    HourlyReadCountFactory(article=article, hour=datetime(2026, 3, 16, 11, tzinfo=UTC), count=4)
    client.hset(f"{counters.redis_key_base()}t:2026031611:{'b' * 32}", str(article.pk), 4)

    assert fold_reads() == FoldResult(batches=0, reads=0)
    assert hourly_rows() == [(article.pk, datetime(2026, 3, 16, 11, tzinfo=UTC), 4)]
    assert counters.pending_fold_keys() == []


@requires_redis
def test_fold_drops_reads_of_deleted_articles():
    kept, deleted = ArticleFactory(), ArticleFactory()
    record_read(article_id=kept.pk, now=NOON)
    record_read(article_id=deleted.pk, now=NOON)
    deleted.delete()

    assert fold_reads() == FoldResult(batches=1, reads=1)
    assert hourly_rows() == [(kept.pk, counters.hour_of(NOON), 1)]
    assert counters.pending_fold_keys() == []


def test_rollup_moves_old_hours_into_local_days_in_batches(clock):
    first, second = ArticleFactory(), ArticleFactory()
    HourlyReadCountFactory(article=first, hour=utc(12, 10), count=3)
    HourlyReadCountFactory(article=first, hour=utc(12, 11), count=4)
    HourlyReadCountFactory(article=first, hour=utc(13, 22), count=2)  # 23:00 on the 13th in Paris
    HourlyReadCountFactory(article=second, hour=utc(12, 23), count=1)  # 0:00 on the 13th
    HourlyReadCountFactory(article=first, hour=utc(13, 23), count=5)  # 0:00 on the 14th: kept
    HourlyReadCountFactory(article=first, hour=utc(16, 12), count=6)  # today: kept
    DailyReadCountFactory(article=first, day=date(2026, 3, 12), count=10)

    before = counters.rollup_cutoff(after_days=2)
    moved = counters.rollup_reads(before=before, batch_size=2)

    assert (before, moved) == (utc(13, 23), 4)
    assert list(
        DailyReadCount.objects.order_by("article_id", "day").values_list(
            "article_id", "day", "count"
        )
    ) == [
        (first.pk, date(2026, 3, 12), 17),
        (first.pk, date(2026, 3, 13), 2),
        (second.pk, date(2026, 3, 13), 1),
    ]
    assert hourly_rows() == [(first.pk, utc(13, 23), 5), (first.pk, utc(16, 12), 6)]
    assert counters.rollup_reads(before=before) == 0


def test_prune_deletes_counters_past_retention(clock):
    article = ArticleFactory()
    first_kept = date(2026, 2, 13)  # 16 March minus 31 days
    DailyReadCountFactory(article=article, day=first_kept - timedelta(days=1))
    kept_reads = DailyReadCountFactory(article=article, day=first_kept)
    DailyCommentCountFactory(article=article, day=first_kept - timedelta(days=1))
    kept_comments = DailyCommentCountFactory(article=article, day=first_kept)
    HourlyReadCountFactory(article=article, hour=datetime(2026, 2, 12, 22, tzinfo=UTC))
    kept_hour = HourlyReadCountFactory(article=article, hour=datetime(2026, 2, 12, 23, tzinfo=UTC))
    FoldedBatch.objects.create(token="old", folded_at=NOON - timedelta(days=8))
    kept_batch = FoldedBatch.objects.create(token="recent", folded_at=NOON - timedelta(days=6))

    deleted = counters.prune_reads(keep_days=31, batch_size=1)

    assert deleted == 4
    assert list(DailyReadCount.objects.all()) == [kept_reads]
    assert list(DailyCommentCount.objects.all()) == [kept_comments]
    assert list(HourlyReadCount.objects.all()) == [kept_hour]
    assert list(FoldedBatch.objects.all()) == [kept_batch]
    assert counters.prune_reads(keep_days=31) == 0
