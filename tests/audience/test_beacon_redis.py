"""The beacon's Redis path: one script call decides and counts, with no SQL once warm."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_redis import get_redis_connection

from audience import counters
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.REDIS_URL,
        reason="needs Redis (REDIS_URL); CI runs this with Redis",
    ),
]


def beacon(client, article, ip):
    return client.post(
        reverse("audience:read", args=[article.pk]),
        headers={"User-Agent": "Mozilla/5.0 test"},
        REMOTE_ADDR=ip,
    )


def hour_count(article, now):
    client = get_redis_connection("default")
    value = client.hget(counters.redis_hour_key(counters.hour_of(now)), str(article.pk))
    return int(value or 0)


def test_beacon_counts_in_one_script_call_without_sql(client, clock, django_assert_num_queries):
    article = ArticleFactory()
    assert beacon(client, article, "198.51.100.1").status_code == 204  # liveness from the DB

    with django_assert_num_queries(0):
        responses = [beacon(client, article, f"198.51.100.{n}").status_code for n in (2, 3)]

    assert responses == [204, 204]
    assert hour_count(article, clock.now) == 3


def test_beacon_script_counts_a_reader_once_per_window(client, clock, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "AUDIENCE_READ_WINDOW_SECONDS": 1800}
    article = ArticleFactory()

    first_hour = clock.now
    beacon(client, article, "198.51.100.1")
    beacon(client, article, "198.51.100.1")
    clock.advance(minutes=31)
    beacon(client, article, "198.51.100.1")

    assert hour_count(article, first_hour) + hour_count(article, clock.now) == 2


def test_beacon_script_applies_the_rate_limit(client, clock, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "AUDIENCE_BEACON_RATE_LIMIT": (2, 600)}
    articles = [ArticleFactory() for _ in range(3)]

    for article in articles:
        beacon(client, article, "198.51.100.1")

    assert [hour_count(a, clock.now) for a in articles] == [1, 1, 0]


def test_beacon_script_answers_404_for_an_unpublished_article(client, clock):
    article = ArticleFactory(status="draft")

    assert beacon(client, article, "198.51.100.1").status_code == 404
    assert hour_count(article, clock.now) == 0
