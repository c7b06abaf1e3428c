"""fold_reads, rollup_reads and prune_reads."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from audience.counters import record_read
from audience.models import DailyReadCount, HourlyReadCount
from tests.audience.factories import DailyReadCountFactory, HourlyReadCountFactory
from tests.audience.support import NOON, requires_redis
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LOCMEM_CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_fold_reads_explains_there_is_nothing_to_fold_without_redis(settings):
    settings.CACHES = LOCMEM_CACHES

    assert run("fold_reads") == (
        "Pas de Redis configuré : les lectures sont déjà comptées en base, rien à verser.\n",
        "",
    )


@requires_redis
def test_fold_reads_moves_the_redis_counters(clock):
    article = ArticleFactory()
    for _ in range(3):
        record_read(article_id=article.pk, now=NOON)
    record_read(article_id=article.pk, now=NOON - timedelta(hours=2))

    output = run("fold_reads", "--no-progress")

    assert output == ("4 lecture(s) versée(s) en base depuis 2 tranche(s) horaire(s).\n", "")
    assert list(HourlyReadCount.objects.order_by("hour").values_list("count", flat=True)) == [1, 3]


@requires_redis
def test_fold_reads_refuses_a_negative_loop():
    with pytest.raises(CommandError, match="--loop attend un nombre de secondes positif"):
        run("fold_reads", "--loop", "-1")


def test_rollup_reads_rolls_up_older_hours(clock):
    article = ArticleFactory()
    HourlyReadCountFactory(article=article, hour=datetime(2026, 3, 5, 10, tzinfo=UTC), count=2)
    HourlyReadCountFactory(article=article, hour=datetime(2026, 3, 5, 11, tzinfo=UTC), count=3)
    kept = HourlyReadCountFactory(article=article, hour=datetime(2026, 3, 6, 10, tzinfo=UTC))

    output = run("rollup_reads", "--after-days", "10", "--no-progress")

    assert output == (
        "2 ligne(s) horaire(s) regroupée(s) par jour (avant le 06/03/2026).\n",
        "",
    )
    assert list(DailyReadCount.objects.values_list("day", "count")) == [(date(2026, 3, 5), 5)]
    assert list(HourlyReadCount.objects.all()) == [kept]


def test_rollup_reads_uses_the_setting_by_default(clock, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "AUDIENCE_ROLLUP_AFTER_DAYS": 8}
    HourlyReadCountFactory(hour=datetime(2026, 3, 7, 22, tzinfo=UTC), count=2)

    assert run("rollup_reads")[0] == (
        "1 ligne(s) horaire(s) regroupée(s) par jour (avant le 08/03/2026).\n"
    )


def test_rollup_reads_keeps_at_least_eight_days_of_hours():
    with pytest.raises(CommandError, match="--after-days doit valoir au moins 8"):
        run("rollup_reads", "--after-days", "7")


def test_prune_reads_deletes_past_retention(clock, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "AUDIENCE_RETENTION_DAYS": 60}
    article = ArticleFactory()
    DailyReadCountFactory(article=article, day=date(2026, 1, 14))
    kept = DailyReadCountFactory(article=article, day=date(2026, 1, 15))

    assert run("prune_reads", "--no-progress") == (
        "1 ligne(s) supprimée(s) (conservation : 60 jours).\n",
        "",
    )
    assert list(DailyReadCount.objects.all()) == [kept]


def test_prune_reads_keeps_what_the_audience_page_shows():
    with pytest.raises(CommandError, match="--keep-days doit valoir au moins 30"):
        run("prune_reads", "--keep-days", "29")
