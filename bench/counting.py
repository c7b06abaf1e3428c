"""
Read counting throughput: audience.counters.record_read with 1, 8 and 32 threads,
through the database upsert and through Redis (folded into the database after).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom .venv/bin/python bench/counting.py

Every thread counts reads of the same article in the same hour: the hottest row
there is. Each case runs for --seconds (3 by default), then checks that the
database holds exactly as many reads as were recorded. The script migrates the
database, creates its own article and removes it (with its counters) and its
Redis keys at the end. Redis: --redis-url (redis://127.0.0.1:6379/14); the Redis
cases are skipped when nothing answers there.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

import redis  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402
from audience.counters import fold_reads, record_read  # noqa: E402
from audience.models import FoldedBatch, HourlyReadCount  # noqa: E402

KEY_PREFIX = "newsroom-bench"
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def redis_caches(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": KEY_PREFIX,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }


def redis_reachable(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def hammer(article_id: int, threads: int, seconds: float) -> tuple[int, float]:
    """record_read from ``threads`` threads for ``seconds``; (reads, elapsed seconds)."""
    barrier = threading.Barrier(threads + 1)
    counts = [0] * threads
    errors: list[BaseException] = []
    now = timezone.now()

    def worker(index: int) -> None:
        try:
            barrier.wait()
            deadline = time.perf_counter() + seconds
            done = 0
            while time.perf_counter() < deadline:
                record_read(article_id=article_id, now=now)
                done += 1
            counts[index] = done
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return sum(counts), elapsed


def stored(article_id: int) -> int:
    rows = HourlyReadCount.objects.filter(article_id=article_id)
    return rows.aggregate(total=Sum("count"))["total"] or 0


def clean_redis(url: str) -> None:
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{KEY_PREFIX}:*", count=1000))
    if keys:
        client.delete(*keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each case")
    parser.add_argument("--threads", default="1,8,32", help="thread counts, comma separated")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    options = parser.parse_args()
    thread_counts = [int(n) for n in options.threads.split(",")]

    call_command("migrate", verbosity=0)
    article = Article.objects.create(
        title="Banc d'essai du comptage",
        slug="banc-essai-comptage",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    backends = [("database", LOCMEM)]
    if redis_reachable(options.redis_url):
        backends.append(("redis", redis_caches(options.redis_url)))
    else:
        print(f"Redis not reachable at {options.redis_url}: Redis cases skipped.", file=sys.stderr)

    rows, markers = [], []
    try:
        for name, caches in backends:
            with override_settings(CACHES=caches):
                for threads in thread_counts:
                    HourlyReadCount.objects.filter(article=article).delete()
                    reads, elapsed = hammer(article.pk, threads, options.seconds)
                    last_marker = FoldedBatch.objects.order_by("-pk").values_list("pk").first()
                    fold_started = time.perf_counter()
                    fold_reads()
                    fold_ms = (time.perf_counter() - fold_started) * 1000
                    markers.extend(
                        FoldedBatch.objects.filter(
                            pk__gt=last_marker[0] if last_marker else 0
                        ).values_list("pk", flat=True)
                    )
                    exact = stored(article.pk) == reads
                    rows.append((name, threads, reads, reads / elapsed, fold_ms, exact))
    finally:
        Article.objects.filter(pk=article.pk).delete()  # cascades to its counters
        FoldedBatch.objects.filter(pk__in=markers).delete()
        if len(backends) > 1:
            clean_redis(options.redis_url)

    database = connection.settings_dict["ENGINE"].rsplit(".", 1)[-1]
    print(f"record_read, one hot article, {options.seconds:g} s per case, database: {database}")
    print(f"{'storage':<10}{'threads':>8}{'reads':>10}{'reads/s':>12}{'fold ms':>10}  exact")
    for name, threads, reads, rate, fold_ms, exact in rows:
        fold = f"{fold_ms:.1f}" if name == "redis" else "—"
        print(
            f"{name:<10}{threads:>8}{reads:>10}{rate:>12,.0f}{fold:>10}  {'yes' if exact else 'NO'}"
        )
    if not all(row[-1] for row in rows):
        sys.exit("Some reads were lost.")


if __name__ == "__main__":
    main()
