"""Concurrent reads against the real database (PostgreSQL in CI): threads, one connection each."""

import threading

import pytest
from django.db import connections
from django.db.models import Sum

from audience.counters import fold_reads, record_read
from audience.models import HourlyReadCount
from tests.audience.support import NOON, requires_redis
from tests.concurrency import requires_database_server, run_concurrently
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    requires_database_server,
]

THREADS, READS_EACH = 16, 25
LOCMEM_CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def read_many(article_id: int) -> int:
    for _ in range(READS_EACH):
        record_read(article_id=article_id, now=NOON)
    return READS_EACH


def stored_reads(article_id: int) -> int:
    rows = HourlyReadCount.objects.filter(article_id=article_id)
    return rows.aggregate(total=Sum("count"))["total"] or 0


@pytest.mark.parametrize("storage", ["database", pytest.param("redis", marks=requires_redis)])
def test_concurrent_reads_of_one_article_all_count(settings, storage):
    if storage == "database":
        settings.CACHES = LOCMEM_CACHES
    article = ArticleFactory()

    results = run_concurrently(THREADS, lambda i: read_many(article.pk))
    fold_reads()

    assert results == [READS_EACH] * THREADS
    assert stored_reads(article.pk) == THREADS * READS_EACH
    assert HourlyReadCount.objects.filter(article=article).count() == 1


@requires_redis
def test_folding_while_readers_read_loses_nothing():
    article = ArticleFactory()
    done = threading.Event()
    folds: list = []

    def fold_until_done() -> None:
        try:
            while not done.is_set():
                folds.append(fold_reads())
        finally:
            connections.close_all()

    folder = threading.Thread(target=fold_until_done)
    folder.start()
    results = run_concurrently(8, lambda i: read_many(article.pk))
    done.set()
    folder.join(timeout=60)
    fold_reads()

    assert results == [READS_EACH] * 8
    assert stored_reads(article.pk) == 8 * READS_EACH
    assert len(folds) >= 1
