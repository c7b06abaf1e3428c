"""
Redis refused, black-holed or slow, through a fault proxy in front of the real server,
with the production cache backend and the page cache on: pages answer, comments are
posted, the limits hold, one warning per outage, and everything resumes by itself.
"""

import logging
from unittest import mock

import pytest
from django.core.cache import cache
from django.db.models import Sum
from django.urls import reverse
from redis.client import Pipeline

from audience.models import HourlyReadCount
from comments.models import Comment
from infra import sharedcache
from infra.sharedcache import CircuitBreaker, shared_cache_down
from tests.audience.support import BROWSER
from tests.factories import ArticleFactory
from tests.faults import FaultProxy, port_open
from tests.reader.views.test_comments import post_url, valid_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not port_open(6379), reason="needs a Redis server on 127.0.0.1:6379"),
]

CIRCUIT_SECONDS = 5.0
OUTAGES = [("refuse", 0.0), ("blackhole", 0.0), ("delay", 0.5)]


class Clock:
    """The breaker's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def redis(settings):
    """The production cache backend, talking to Redis through a fault proxy."""
    with FaultProxy(6379) as proxy:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "infra.sharedcache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{proxy.port}/12",
                "KEY_PREFIX": "newsroom-faults",
                "OPTIONS": {
                    **settings.REDIS_CACHE_OPTIONS,
                    "SOCKET_CONNECT_TIMEOUT": 0.2,
                    "SOCKET_TIMEOUT": 0.2,
                    "CIRCUIT_SECONDS": CIRCUIT_SECONDS,
                },
            },
        }
        settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}
        clock = Clock()
        cache.breaker.clock = clock
        cache.clear()
        proxy.clock = clock
        yield proxy
        proxy.set_mode("pass")
        cache.breaker.succeeded()
        cache.clear()


def outage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "newsroom.cache"]


@pytest.mark.parametrize(("mode", "delay"), OUTAGES, ids=[m for m, _d in OUTAGES])
def test_reader_pages_answer_through_an_outage_and_the_cache_resumes(
    client, redis, caplog, mode, delay
):
    caplog.set_level(logging.WARNING, logger="newsroom.cache")
    article = ArticleFactory(title="Le budget adopté")
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    redis.set_mode(mode, delay=delay)
    during = [client.get(url) for _ in range(3)]

    assert [(r.status_code, r["X-Page-Cache"]) for r in during] == [(200, "miss")] * 3
    assert "Le budget adopté" in during[-1].content.decode()
    assert shared_cache_down() is True
    assert len(outage_lines(caplog)) == 1
    assert outage_lines(caplog)[0].startswith("Shared cache unavailable")

    redis.set_mode("pass")
    redis.clock.now += CIRCUIT_SECONDS
    after = [client.get(url)["X-Page-Cache"] for _ in range(2)]

    # The page stored before the outage is still current: nothing changed meanwhile.
    assert after == ["hit", "hit"]
    assert shared_cache_down() is False
    assert outage_lines(caplog)[1:] == ["Shared cache available again"]


def test_an_open_circuit_does_not_call_redis_again_until_its_time(redis):
    cache.set("probe", 1)
    redis.set_mode("blackhole")

    assert cache.get("probe") is None  # one call waits for the socket timeout, then opens
    redis.set_mode("pass")

    # Redis answers again, but the circuit stays open until CIRCUIT_SECONDS have passed.
    assert (cache.get("probe"), shared_cache_down()) == (None, True)
    redis.clock.now += CIRCUIT_SECONDS
    assert (cache.get("probe"), shared_cache_down()) == (1, False)


def test_comments_are_posted_and_rate_limited_while_redis_is_away(client, redis, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "COMMENT_RATE_LIMIT": (1, 600)}
    article = ArticleFactory()
    redis.set_mode("refuse")

    first = client.post(post_url(article), valid_data(body="Un premier avis."))
    second = client.post(post_url(article), valid_data(body="Un second avis."))

    assert (first.status_code, second.status_code) == (302, 429)
    assert list(Comment.objects.values_list("body", flat=True)) == ["Un premier avis."]
    assert "Un second avis." in second.content.decode()  # what the reader typed is kept


def test_the_beacon_counts_a_reader_once_while_redis_is_away(client, redis):
    article = ArticleFactory()
    redis.set_mode("refuse")
    url = reverse("audience:read", args=[article.pk])

    answers = [client.post(url, HTTP_USER_AGENT=BROWSER).status_code for _ in range(3)]

    assert answers == [204, 204, 204]
    assert HourlyReadCount.objects.aggregate(total=Sum("count"))["total"] == 1


def test_a_breaker_probes_once_per_period_and_says_each_outage_once(caplog):
    caplog.set_level(logging.WARNING, logger="newsroom.cache")
    breaker, clock = CircuitBreaker(5.0), Clock()
    breaker.clock = clock

    breaker.failed(ConnectionError("refused"))
    breaker.failed(ConnectionError("refused"))
    allowed_at_once = breaker.allows_call()
    clock.now += 5.0
    probes = [breaker.allows_call(), breaker.allows_call()]
    breaker.succeeded()

    assert (allowed_at_once, probes, breaker.is_open) == (False, [True, False], False)
    assert outage_lines(caplog) == [
        "Shared cache unavailable (refused): serving without it",
        "Shared cache available again",
    ]


def test_entries_with_lifetimes_of_their_own_are_stored_in_one_round_trip(redis):
    sizes = []
    execute = Pipeline.execute

    def counted(pipeline, *args, **kwargs):
        sizes.append(len(pipeline.command_stack))
        return execute(pipeline, *args, **kwargs)

    with mock.patch.object(Pipeline, "execute", counted):
        sharedcache.set_each({"a": ("un", 60), "b": ({"deux": 2}, 3600), "c": (3, None)})

    assert sizes == [3]
    assert cache.get_many(["a", "b", "c"]) == {"a": "un", "b": {"deux": 2}, "c": 3}
    assert (cache.ttl("a"), cache.ttl("b"), cache.ttl("c")) == (60, 3600, None)


def test_a_key_added_and_entries_read_in_one_round_trip_keep_another_writers_value(redis):
    cache.set("entry", "stored", 60)

    added = sharedcache.add_then_get_many("generation", 7, ["entry", "missing"])
    cache.set("generation", 8, None)  # another worker's (never overwritten by an add)
    kept = sharedcache.add_then_get_many("generation", 9, ["entry"])

    assert added == (7, {"entry": "stored"})
    assert kept == (8, {"entry": "stored"})
    assert cache.ttl("generation") is None


def test_pipelined_calls_answer_nothing_while_redis_is_away(redis):
    redis.set_mode("refuse")

    assert sharedcache.add_then_get_many("generation", 7, ["entry"]) is None
    assert sharedcache.set_each({"entry": ("x", 60)}) is None
    assert shared_cache_down()
