"""Helpers shared by the audience tests."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

# 16 March 2026, 12:30 UTC = 13:30 in Paris (winter time, UTC+1).
NOON = datetime(2026, 3, 16, 12, 30, tzinfo=UTC)

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)

# django-redis pointing at a port nothing listens on: Redis "stopped".
REDIS_DOWN_CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "KEY_PREFIX": "newsroom-test",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    },
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}

requires_redis = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="needs REDIS_URL: reads only go through Redis when the cache is django-redis",
)


class Clock:
    """The time django.utils.timezone.now() answers; moved by the test, never slept."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now
