"""
What one request of `make bench`'s reader scenarios costs the checked-out code, in
figures that do not depend on the machine's load: function calls (cProfile's
total_calls), SQL queries, Redis commands and round trips, per request. Two checkouts
measured this way (each against its own seeded database and Redis) are compared
figure by figure, where wrk's requests per second vary by 10 % from run to run.

    python bench/compare_calls.py [--requests 300] [--only article_uncached,...] [--dump DIR]

Requests go through the whole middleware stack (django.test.Client), with production
settings against the bench's database and Redis (bench/run.py's environment; seed
them first with bench/seed.py). Each scenario is warmed up, then profiled alone, then
counted alone (the counters would otherwise add their own calls). ``--dump`` keeps each
scenario's pstats, to diff function by function.
"""

import argparse
import cProfile
import itertools
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import REFERENCE_SLUG, setup_in_process  # noqa: E402

setup_in_process()

import redis.client  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Article  # noqa: E402
from infra.pagecache import release  # noqa: E402


class RedisCounter:
    """Redis commands and round trips while ``active`` (a pipeline is one round trip)."""

    def __init__(self) -> None:
        self.commands = self.round_trips = 0
        self.active = False
        execute_command = redis.client.Redis.execute_command
        pipeline_execute = redis.client.Pipeline.execute
        counter = self

        def counted_command(client, *args, **options):
            # A pipeline's commands are queued here and sent by its execute().
            if counter.active and not isinstance(client, redis.client.Pipeline):
                counter.commands += 1
                counter.round_trips += 1
            return execute_command(client, *args, **options)

        def counted_pipeline(pipe, *args, **kwargs):
            if counter.active and pipe.command_stack:
                counter.commands += len(pipe.command_stack)
                counter.round_trips += 1
            return pipeline_execute(pipe, *args, **kwargs)

        redis.client.Redis.execute_command = counted_command
        redis.client.Pipeline.execute = counted_pipeline


def scenarios() -> list[tuple[str, Callable, Callable]]:
    """Each scenario as bench/run.py drives it: its request and the check of its answer."""
    article = Article.objects.published().get(slug=REFERENCE_SLUG)
    path = article.get_absolute_url()
    reader = Client(enforce_csrf_checks=True)
    for _ in range(5):
        etag = reader.get(path)["ETag"]
        reader.get("/")
    serial = itertools.count()
    run = f"{time.time():.0f}"

    writer = Client(enforce_csrf_checks=True)
    token = json.loads(writer.get("/commentaires/jeton/").content)
    time.sleep(3.2)  # the form's minimum fill time, as bench/run.py waits it

    def comment():
        n = next(serial)
        body = (
            f"name=Lecteur&email=calls{run}-{n}%40example.org&body=Avis+{run}-{n}"
            f"&website=&ts={token['ts']}&csrfmiddlewaretoken={token['csrf']}"
        )
        # A reader of their own each time, as bench/lua/comment.lua: no rate limit met.
        ip = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        return writer.post(
            f"/commentaires/article/{article.pk}/",
            body,
            content_type="application/x-www-form-urlencoded",
            headers={"Referer": "http://testserver" + path, "X-Forwarded-For": ip},
        )

    def expect(status: int, page_cache: str = "") -> Callable:
        def check(response) -> None:
            found = (response.status_code, response.headers.get("X-Page-Cache", ""))
            if found[0] != status or (page_cache and found[1] != page_cache):
                raise SystemExit(f"expected {status} {page_cache}, answered {found}")

        return check

    return [
        ("bare_view", lambda: reader.get("/bench/bare/"), expect(200)),
        ("article_cached", lambda: reader.get(path), expect(200, "hit")),
        (
            "article_uncached",
            lambda: reader.get(path, {"bench": f"{run}-{next(serial)}"}),
            expect(200, "miss"),
        ),
        ("home", lambda: reader.get("/"), expect(200, "hit")),
        (
            "home_uncached",
            lambda: reader.get("/", {"bench": f"{run}-{next(serial)}"}),
            expect(200, "miss"),
        ),
        (
            "revalidate_304",
            lambda: reader.get(path, headers={"If-None-Match": etag}),
            expect(304, "hit"),
        ),
        # Last: a comment may give the article page a new generation.
        ("comment_post", comment, expect(302)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--dump", default="", help="a folder for each scenario's pstats")
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}

    cache.clear()
    release()
    counter = RedisCounter()
    n = args.requests
    print(f"{'scenario':<20}{'calls':>10}{'SQL':>7}{'Redis':>7}{'trips':>7}   (per request)")
    for name, request, check in scenarios():
        if only and name not in only:
            continue
        for _ in range(args.warm):
            check(request())
        profile = cProfile.Profile()
        for _ in range(n):
            profile.enable()
            response = request()
            profile.disable()
            check(response)
        stats = pstats.Stats(profile)
        if args.dump:
            Path(args.dump).mkdir(parents=True, exist_ok=True)
            stats.dump_stats(str(Path(args.dump) / f"{name}.prof"))
        sql = 0
        counter.commands = counter.round_trips = 0
        counter.active = True
        for _ in range(n):
            response = request()
            check(response)
            sql += int(response["X-SQL-Count"])  # bench/views.py
        counter.active = False
        print(
            f"{name:<20}{stats.total_calls / n:>10.1f}{sql / n:>7.2f}"
            f"{counter.commands / n:>7.2f}{counter.round_trips / n:>7.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
