"""
Storing reads and comment counts.

Reads: when the default cache is django-redis, a read is one HINCRBY on a hash
per hour (``audience:reads:h:<YYYYMMDDHH>``, field = article id), and
``fold_reads`` moves those hashes into HourlyReadCount every minute. Without
Redis, or while Redis does not answer, a read is one upsert of its hourly row.
Either way no read waits on a lock held by another read for long, and none is lost.

Comments: one upsert per moderation decision on DailyCommentCount, called by
comments.services inside the decision's transaction.

Days are calendar days in the site's time zone (TIME_ZONE), hours are UTC hours.
"""

import logging
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from enum import IntEnum

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis.exceptions import RedisError, ResponseError

from articles.models import Article
from audience.models import DailyCommentCount, DailyReadCount, FoldedBatch, HourlyReadCount

logger = logging.getLogger(__name__)

# After a Redis error, reads go straight to the database for this long (per process),
# so that an outage costs one failed attempt every few seconds, not one per read.
REDIS_RETRY_SECONDS = 10
HOUR_FORMAT = "%Y%m%d%H"
# Fold markers only need to outlive a crash between the database commit and the
# deletion of the Redis key, which the next fold (a minute later) cleans up.
FOLD_MARKER_DAYS = 7
# rollup_reads always keeps at least this many days of hourly rows (besides today),
# so the reader-facing windows (24 hours, 7 days) are read from the hourly rows
# alone, in one query.
MIN_ROLLUP_AFTER_DAYS = 8

_redis_down_until: dict[str, float] = {}

Progress = Callable[[int], None] | None


# Time helpers -------------------------------------------------------------------------


def hour_of(moment: datetime) -> datetime:
    """The start of ``moment``'s hour, in UTC."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def local_day(moment: datetime) -> date:
    """The calendar day of ``moment`` in the site's time zone."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone, as an aware datetime."""
    return datetime.combine(day, clock_time.min, tzinfo=timezone.get_default_timezone())


# Upserts ------------------------------------------------------------------------------


def _upsert_sql(model: type[models.Model], key: str) -> str:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    count = quote("count")
    return (
        f"INSERT INTO {table} ({quote('article_id')}, {quote(key)}, {count}) "  # noqa: S608 - names from our models
        f"VALUES (%s, %s, %s) ON CONFLICT ({quote('article_id')}, {quote(key)}) "
        f"DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}"
    )


def _add_counts(model: type[models.Model], period: str, adapt, rows: Iterable[tuple]) -> None:
    """Add each (article id, period, count) to its row of ``model``, creating it if needed."""
    params = [(article_id, adapt(moment), count) for article_id, moment, count in rows]
    if not params:
        return
    with connection.cursor() as cursor:
        if len(params) == 1:
            cursor.execute(_upsert_sql(model, period), params[0])
        else:
            cursor.executemany(_upsert_sql(model, period), params)


def _add_to_hours(rows: Iterable[tuple[int, datetime, int]]) -> None:
    _add_counts(HourlyReadCount, "hour", connection.ops.adapt_datetimefield_value, rows)


def _add_to_days(model: type[models.Model], rows: Iterable[tuple[int, date, int]]) -> None:
    _add_counts(model, "day", connection.ops.adapt_datefield_value, rows)


# Redis --------------------------------------------------------------------------------


def redis_configured() -> bool:
    """Whether the default cache is Redis (django-redis, with or without the breaker)."""
    return isinstance(caches["default"], RedisCache)


def _redis_location() -> str:
    return str(settings.CACHES["default"].get("LOCATION", ""))


def _redis_for_counting():
    """The Redis client behind the default cache, unless there is none or it just failed."""
    if not redis_configured():
        return None
    if _redis_down_until.get(_redis_location(), 0.0) > time.monotonic():
        return None
    return get_redis_connection("default")


def _redis_failed(error: Exception) -> None:
    location = _redis_location()
    if _redis_down_until.get(location, 0.0) <= time.monotonic():
        logger.warning("Redis unreachable, counting reads in the database: %s", error)
    _redis_down_until[location] = time.monotonic() + REDIS_RETRY_SECONDS


def redis_key_base() -> str:
    # Through the cache's key function, so that sites sharing a Redis database
    # (different KEY_PREFIX) never fold each other's counters.
    return str(caches["default"].make_key("audience:reads:"))


def redis_hour_key(hour: datetime) -> str:
    return f"{redis_key_base()}h:{hour:{HOUR_FORMAT}}"


def _parse_hour(tag: str) -> datetime:
    return datetime.strptime(tag, HOUR_FORMAT).replace(tzinfo=UTC)


# Public API ---------------------------------------------------------------------------


def record_read(*, article_id: int, now: datetime | None = None) -> None:
    """
    Count one read of an article in its hourly bucket. Storage only: the caller
    has decided that the read counts (see audience.readers).
    """
    hour = hour_of(now or timezone.now())
    client = _redis_for_counting()
    if client is not None:
        try:
            client.hincrby(redis_hour_key(hour), str(article_id), 1)
        except RedisError as error:
            _redis_failed(error)
        else:
            return
    _add_to_hours([(article_id, hour, 1)])


def record_comment_change(*, article_id: int, delta: int, when: datetime) -> None:
    """
    Add ``delta`` to the published comments of an article on the day of ``when``
    (the comment's publication time): +1 when a comment is published, -1 when a
    published comment is hidden, rejected or erased. One statement, so it can run
    inside the moderation decision's transaction.
    """
    _add_to_days(DailyCommentCount, [(article_id, local_day(when), delta)])


@dataclass(frozen=True)
class FoldResult:
    batches: int
    reads: int


def pending_fold_keys() -> list[str]:
    """The Redis keys fold_reads has to move: hourly hashes and leftovers of a crash."""
    if not redis_configured():
        return []
    client = get_redis_connection("default")
    pattern = re.sub(r"([*?\[\]\\])", r"\\\1", redis_key_base()) + "*"  # glob-escaped prefix
    keys = client.scan_iter(match=pattern, count=1000)
    # SCAN may return a key twice; hours are folded in order.
    return sorted({key.decode() for key in keys})


def fold_reads(*, keys: list[str] | None = None, progress: Progress = None) -> FoldResult:
    """
    Move the read counters from Redis into HourlyReadCount, exactly once.

    Each hourly hash is first RENAMEd to a key of its own (atomic in Redis), so
    reads arriving meanwhile start a new hash and are folded next time. The
    batch's counts and a FoldedBatch marker are written in one transaction, then
    the key is deleted; a key left by a crash is folded by the next run, or only
    deleted when its marker shows it was already counted.
    """
    if not redis_configured():
        return FoldResult(batches=0, reads=0)
    client = get_redis_connection("default")
    base = redis_key_base()
    batches = reads = 0
    for key in pending_fold_keys() if keys is None else keys:
        kind, _, rest = key.removeprefix(base).partition(":")
        if kind == "h":
            token = uuid.uuid4().hex
            batch_key = f"{base}t:{rest}:{token}"
            try:
                client.rename(key, batch_key)
            except ResponseError:
                # Gone meanwhile: another fold took it.
                batch_key = ""
        elif kind == "t":
            batch_key = key
        else:
            batch_key = ""
        if batch_key:
            folded = _fold_batch(client, batch_key, base)
            batches += folded is not None
            reads += folded or 0
        if progress:
            progress(1)
    return FoldResult(batches=batches, reads=reads)


def _fold_batch(client, batch_key: str, base: str) -> int | None:
    """Fold one renamed hash; the number of reads moved, None if there was nothing to do."""
    hour_tag, _, token = batch_key.removeprefix(f"{base}t:").partition(":")
    hour = _parse_hour(hour_tag)
    if FoldedBatch.objects.filter(token=token).exists():
        client.delete(batch_key)
        return None
    counts = {int(field): int(value) for field, value in client.hgetall(batch_key).items()}
    live = set(Article.objects.filter(pk__in=counts).values_list("pk", flat=True))
    rows = [(pk, hour, count) for pk, count in counts.items() if pk in live and count > 0]
    total = sum(count for _pk, _hour, count in rows)
    try:
        with transaction.atomic():
            FoldedBatch.objects.create(token=token, reads=total)
            _add_to_hours(rows)
    except IntegrityError:
        if not FoldedBatch.objects.filter(token=token).exists():
            raise  # not a concurrent fold: keep the key for the next run
        total = None
    client.delete(batch_key)
    return total


def rollup_cutoff(*, after_days: int, now: datetime | None = None) -> datetime:
    """Hourly rows before this instant (a local midnight) are rolled up into days."""
    return start_of_day(local_day(now or timezone.now()) - timedelta(days=after_days))


def rollup_reads(*, before: datetime, batch_size: int = 5000, progress: Progress = None) -> int:
    """
    Move hourly read rows older than ``before`` into daily rows, in batches of
    ``batch_size`` rows, each batch one transaction (added to the days and deleted
    from the hours together), so the command can be stopped and run again at any
    time. Returns the number of hourly rows rolled up.
    """
    moved = 0
    pending = HourlyReadCount.objects.filter(hour__lt=before).order_by("pk")
    while True:
        with transaction.atomic():
            batch = list(
                pending.select_for_update().values_list("pk", "article_id", "hour", "count")[
                    :batch_size
                ]
            )
            if not batch:
                break
            days: dict[tuple[int, date], int] = defaultdict(int)
            for _pk, article_id, hour, count in batch:
                days[article_id, local_day(hour)] += count
            _add_to_days(DailyReadCount, [(a, d, c) for (a, d), c in sorted(days.items())])
            HourlyReadCount.objects.filter(pk__in=[row[0] for row in batch]).delete()
        moved += len(batch)
        if progress:
            progress(len(batch))
    return moved


def prune_querysets(*, keep_days: int, now: datetime | None = None) -> list[models.QuerySet]:
    """Counters older than ``keep_days`` days, and fold markers no run will need again."""
    now = now or timezone.now()
    first_kept = local_day(now) - timedelta(days=keep_days)
    return [
        HourlyReadCount.objects.filter(hour__lt=start_of_day(first_kept)),
        DailyReadCount.objects.filter(day__lt=first_kept),
        DailyCommentCount.objects.filter(day__lt=first_kept),
        FoldedBatch.objects.filter(folded_at__lt=now - timedelta(days=FOLD_MARKER_DAYS)),
    ]


def prune_reads(
    *,
    keep_days: int,
    now: datetime | None = None,
    batch_size: int = 5000,
    progress: Progress = None,
) -> int:
    """Delete counters past retention, in batches; returns the number of rows deleted."""
    deleted = 0
    for queryset in prune_querysets(keep_days=keep_days, now=now):
        while ids := list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size]):
            queryset.model.objects.filter(pk__in=ids).delete()
            deleted += len(ids)
            if progress:
                progress(len(ids))
    return deleted


# The beacon in one Redis round trip ------------------------------------------------------

# Everything a counted read needs, atomically and in one round trip: is the article
# known to be live, the reader's rate limit, the once-per-window rule, the increment.
# KEYS: live flag, reader's last counted read, rate counter, hour hash.
# ARGV: now (s), window (s), rate limit, rate period (s), article id.
# Returns -1 (liveness unknown: ask the database), 0 (already counted in the window),
# 1 (counted), 2 (rate limited).
READ_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local n = redis.call('INCR', KEYS[3])
if n == 1 then redis.call('EXPIRE', KEYS[3], ARGV[4]) end
if n > tonumber(ARGV[3]) then return 2 end
local last = redis.call('GET', KEYS[2])
if last and tonumber(ARGV[1]) - tonumber(last) < tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
redis.call('HINCRBY', KEYS[4], ARGV[5], 1)
return 1
"""
LIVE_SECONDS = 60


def beacon_key_base() -> str:
    # Apart from the hourly counters' prefix, which fold_reads scans.
    return str(caches["default"].make_key("audience:beacon:"))


_read_scripts: dict[int, object] = {}


class ReadOutcome(IntEnum):
    UNKNOWN_LIVENESS = -1
    ALREADY_COUNTED = 0
    COUNTED = 1
    RATE_LIMITED = 2


def mark_live(article_id: int) -> None:
    """Remember in Redis, for a minute, that an article is published (beacon fast path)."""
    client = _redis_for_counting()
    if client is None:
        return
    try:
        client.set(f"{beacon_key_base()}live:{article_id}", 1, ex=LIVE_SECONDS)
    except RedisError as error:
        _redis_failed(error)


def count_read_in_redis(
    *, article_id: int, reader: str, rate_key: str, now: datetime
) -> ReadOutcome | None:
    """
    The beacon's whole decision and increment in one Redis script call, or None
    when Redis is not configured or does not answer (the caller then uses the
    cache-and-database path, which follows the same rules).
    """
    client = _redis_for_counting()
    if client is None:
        return None
    limits = settings.NEWSROOM
    limit, period = limits.get("AUDIENCE_BEACON_RATE_LIMIT", (120, 10 * 60))
    window = limits.get("AUDIENCE_READ_WINDOW_SECONDS", 30 * 60)
    base = beacon_key_base()
    script = _read_scripts.get(id(client))
    if script is None:
        script = _read_scripts[id(client)] = client.register_script(READ_SCRIPT)
    try:
        result = script(
            keys=[
                f"{base}live:{article_id}",
                f"{base}seen:{article_id}:{reader}",
                f"{base}rate:{rate_key}",
                redis_hour_key(hour_of(now)),
            ],
            args=[f"{now.timestamp():.6f}", window, limit, period, article_id],
        )
    except RedisError as error:
        _redis_failed(error)
        return None
    return ReadOutcome(int(result))
