"""
The read beacon against abuse: cross-site beacons are not counted (204 all the same),
an IPv6 reader is their /64, and the per-reader limit holds with Redis down.
"""

import pytest
from django.db.models import Sum
from django.urls import reverse

from audience.counters import fold_reads
from audience.models import HourlyReadCount
from tests.audience.support import BROWSER, REDIS_DOWN_CACHES
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def send(client, article, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.post(reverse("audience:read", args=[article.pk]), **headers)


def counted(*, fold: bool = True) -> int:
    """Reads stored, Redis counters folded first (when Redis runs)."""
    if fold:
        fold_reads()
    return HourlyReadCount.objects.aggregate(total=Sum("count"))["total"] or 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_SEC_FETCH_SITE": "none"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
    ],
)
def test_a_cross_site_beacon_answers_204_and_is_not_counted(client, headers):
    article = ArticleFactory()

    response = send(client, article, **headers)

    assert (response.status_code, response.content) == (204, b"")
    assert counted() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "http://127.0.0.1:8000"},  # SITE_URL
        {},
    ],
)
def test_a_same_origin_beacon_is_counted(client, headers):
    article = ArticleFactory()

    response = send(client, article, **headers)

    assert (response.status_code, counted()) == (204, 1)


def test_addresses_of_one_64_are_one_reader(client):
    article = ArticleFactory()

    for n in range(1, 6):
        send(client, article, REMOTE_ADDR=f"2001:db8:9:9::{n}")

    assert counted() == 1


def test_addresses_of_two_64_networks_are_two_readers(client):
    article = ArticleFactory()

    send(client, article, REMOTE_ADDR="2001:db8:9:9::1")
    send(client, article, REMOTE_ADDR="2001:db8:9:a::1")

    assert counted() == 2


@pytest.fixture
def redis_stopped(settings):
    settings.CACHES = REDIS_DOWN_CACHES


def test_a_reader_counts_once_a_window_with_redis_stopped(client, redis_stopped):
    article = ArticleFactory()

    answers = [send(client, article).status_code for _ in range(5)]

    assert (answers, counted(fold=False)) == ([204] * 5, 1)


def test_the_rate_limit_holds_with_redis_stopped(client, redis_stopped, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "AUDIENCE_BEACON_RATE_LIMIT": (3, 600)}
    articles = ArticleFactory.create_batch(5)

    for article in articles:
        send(client, article)

    assert counted(fold=False) == 3
