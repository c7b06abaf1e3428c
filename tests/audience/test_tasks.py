"""The audience's periodic tasks do what the commands do (tests/audience/test_commands.py)."""

from datetime import UTC, date, datetime

import pytest

from audience import tasks
from audience.models import DailyReadCount, HourlyReadCount
from tests.audience.factories import DailyReadCountFactory, HourlyReadCountFactory
from tests.audience.support import requires_redis
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LOCMEM_CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_folding_without_redis_has_nothing_to_do(settings):
    settings.CACHES = LOCMEM_CACHES

    assert tasks.fold_reads.call() == 0


@requires_redis
def test_folding_moves_the_redis_counters(clock):
    from audience.counters import record_read

    article = ArticleFactory()
    record_read(article_id=article.pk)
    record_read(article_id=article.pk)

    assert tasks.fold_reads.call() == 2
    assert list(HourlyReadCount.objects.values_list("count", flat=True)) == [2]


def test_the_hourly_rollup_keeps_the_settings_days_of_hours(clock, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "AUDIENCE_ROLLUP_AFTER_DAYS": 8}
    HourlyReadCountFactory(hour=datetime(2026, 3, 7, 22, tzinfo=UTC), count=2)
    kept = HourlyReadCountFactory(hour=datetime(2026, 3, 8, 10, tzinfo=UTC))

    assert tasks.rollup_reads.call() == 1
    assert list(HourlyReadCount.objects.all()) == [kept]


def test_the_daily_prune_never_goes_below_what_the_audience_page_shows(clock, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "AUDIENCE_RETENTION_DAYS": 5}
    article = ArticleFactory()
    DailyReadCountFactory(article=article, day=date(2026, 2, 13))
    kept = DailyReadCountFactory(article=article, day=date(2026, 2, 16))

    assert tasks.prune_reads.call() == 1
    assert list(DailyReadCount.objects.all()) == [kept]
