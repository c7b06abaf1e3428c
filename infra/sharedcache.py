"""
The shared cache when Redis fails: a circuit breaker in front of django-redis, and a
process-local store for the limits while the shared one is away.

django-redis with ``IGNORE_EXCEPTIONS`` already turns a Redis error into a cache miss,
but it tries Redis again on every call (each a socket timeout when Redis is
black-holed) and logs a traceback each time. ``ResilientRedisCache`` stops calling
Redis for ``CIRCUIT_SECONDS`` after a failure, then lets one call through to probe;
it logs one warning when an outage starts and one line when it ends, per process.

While the circuit is open every cache read is a miss and every write is dropped:
reader pages are built from the database (the page cache is bypassed, since a
generation that cannot be read is new on every request), and nothing stale is served.
Rate limits and "once per reader" cannot be dropped that way without lifting them, so
``limits_cache()`` gives them this process's own memory instead: the limits keep
holding, per process (with N workers a reader may get N times the allowance during
an outage), until Redis is back.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache import cache, caches
from django_redis.cache import RedisCache, omit_exception
from django_redis.client import DefaultClient
from django_redis.client.default import _main_exceptions
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("newsroom.cache")

DEFAULT_CIRCUIT_SECONDS = 5.0


class CircuitBreaker:
    """Open after a failure, for ``seconds``; then one call may probe the server."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.clock = time.monotonic  # tests move it explicitly
        self._lock = threading.Lock()
        self._open_until: float | None = None  # None: closed

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._open_until is not None

    def allows_call(self) -> bool:
        """Closed, or open long enough that one call may probe (which re-arms the wait)."""
        with self._lock:
            if self._open_until is None:
                return True
            if self.clock() >= self._open_until:
                self._open_until = self.clock() + self.seconds
                return True
            return False

    def failed(self, error: BaseException) -> None:
        with self._lock:
            opening = self._open_until is None
            self._open_until = self.clock() + self.seconds
        if opening:
            logger.warning("Shared cache unavailable (%s): serving without it", error)

    def succeeded(self) -> None:
        if self._open_until is None:
            return  # the usual case, on every cache call: no lock taken
        with self._lock:
            closing = self._open_until is not None
            self._open_until = None
        if closing:
            logger.warning("Shared cache available again")


# The calls of django-redis's client that talk to Redis (the others, such as
# ``get_client`` which django_redis.get_redis_connection uses, prove nothing).
GUARDED_CALLS = frozenset(
    {"get", "set", "add", "get_many", "set_many", "delete", "delete_many", "incr", "decr"}
    | {"has_key", "touch", "ttl", "expire", "persist", "clear", "keys", "iter_keys"}
    | {"delete_pattern", "get_or_set", "incr_version"}
    | {"set_each", "add_then_get_many"}
)


class PipelinedClient(DefaultClient):
    """
    django-redis's client, with the two writes a reader page makes in one round trip
    each where django-redis would take several: entries with lifetimes of their own
    (``set_many`` takes one lifetime, in a MULTI/EXEC transaction), and a new
    generation with the entries stored under it.
    """

    def set_each(self, entries: dict[str, tuple[Any, float | None]]) -> None:
        """Store each entry with its own lifetime: one pipeline, no transaction."""
        client = self.get_client(write=True)
        try:
            pipeline = client.pipeline(transaction=False)
            for key, (value, timeout) in entries.items():
                self.set(key, value, timeout, client=pipeline)
            pipeline.execute()
        except _main_exceptions as error:
            raise ConnectionInterrupted(connection=client) from error

    def add_then_get_many(self, key: str, value: Any, keys: list[str]) -> tuple[Any, dict]:
        """
        Add ``key`` (no lifetime) unless it exists, then read it and ``keys``: what it
        holds (``value`` or another writer's) and the entries found, in one pipeline.
        """
        client = self.get_client(write=True)
        named = {self.make_key(name): name for name in keys}
        try:
            pipeline = client.pipeline(transaction=False)
            pipeline.set(self.make_key(key), self.encode(value), nx=True)
            pipeline.get(self.make_key(key))
            if named:
                pipeline.mget(list(named))
            _added, stored, *found = pipeline.execute()
        except _main_exceptions as error:
            raise ConnectionInterrupted(connection=client) from error
        values = {
            named[raw]: self.decode(data)
            for raw, data in zip(named, found[0] if found else [], strict=True)
            if data is not None
        }
        return (value if stored is None else self.decode(stored)), values


class _GuardedClient:
    """django-redis's client, each call that talks to Redis going through the breaker."""

    def __init__(self, client, breaker: CircuitBreaker) -> None:
        self._client, self._breaker = client, breaker
        self._calls: dict[str, Any] = {}  # each wrapper made once, not once per cache call

    def __getattr__(self, name: str) -> Any:
        if name not in GUARDED_CALLS:
            return getattr(self._client, name)
        call = self._calls.get(name)
        if call is None:
            call = self._calls[name] = self._guard(getattr(self._client, name))
        return call

    def _guard(self, attribute):
        breaker = self._breaker

        def call(*args, **kwargs):
            if not breaker.allows_call():
                raise ConnectionInterrupted(connection=None) from ConnectionError("circuit open")
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                breaker.failed(error.__cause__ or error)
                raise
            breaker.succeeded()
            return result

        return call


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """
    django-redis behind a circuit breaker (``OPTIONS["CIRCUIT_SECONDS"]``, 5 s by
    default). Use with ``IGNORE_EXCEPTIONS`` so that an open circuit reads as a miss.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        seconds = float(options.pop("CIRCUIT_SECONDS", DEFAULT_CIRCUIT_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        # One breaker per server and process: Django gives each thread its own cache
        # object, and an outage is the process's news, told once.
        with _breakers_lock:
            self.breaker = _breakers.setdefault(server, CircuitBreaker(seconds))
        self._guarded = None

    @property
    def client(self):
        if self._guarded is None:
            self._guarded = _GuardedClient(super().client, self.breaker)
        return self._guarded

    @omit_exception
    def set_each(self, entries: dict[str, tuple[Any, float | None]]) -> None:
        self.client.set_each(entries)

    @omit_exception
    def add_then_get_many(self, key: str, value: Any, keys: list[str]) -> tuple[Any, dict]:
        return self.client.add_then_get_many(key, value, keys)


def set_each(entries: dict[str, tuple[Any, float | None]]) -> None:
    """
    Store entries in the shared cache, each with its own lifetime: one round trip
    with Redis (``PipelinedClient``), one ``set_many`` per lifetime otherwise.
    """
    if not entries:
        return
    if hasattr(cache, "set_each"):
        cache.set_each(entries)
        return
    by_timeout: dict[float | None, dict] = {}
    for key, (value, timeout) in entries.items():
        by_timeout.setdefault(timeout, {})[key] = value
    for timeout, values in by_timeout.items():
        cache.set_many(values, timeout)


def add_then_get_many(key: str, value: Any, keys: list[str]) -> tuple[Any, dict] | None:
    """
    Add ``key`` (kept until deleted) unless it exists, then read it and ``keys``: what
    it holds and the entries found; one round trip with Redis. None when the shared
    cache did not answer.
    """
    if hasattr(cache, "add_then_get_many"):
        return cache.add_then_get_many(key, value, keys)
    return add_or_get(key, value), cache.get_many(keys)


def add_or_get(key: str, value: Any) -> Any:
    """Add ``key`` (kept until deleted) unless it exists: what it holds now."""
    if not cache.add(key, value, timeout=None):
        value = cache.get(key, value)
    return value


def shared_cache_down() -> bool:
    """Whether the shared cache is known to be away (its circuit is open)."""
    breaker = getattr(cache, "breaker", None)
    return breaker is not None and breaker.is_open


def limits_cache():
    """Where rate limits and once-per-reader marks go: the shared cache, or while it is
    away, this process's own memory (``caches["local"]``)."""
    return caches["local"] if shared_cache_down() else cache
