"""
Profile ``article_archive``'s request (docs/performance.md, "The long tail"): an
archive article nobody asked for yet, its row, fragments and comments block cold,
the menu and the sidebar warm, through the whole middleware stack, with production
settings against the bench's database and Redis (bench/run.py's environment).

    python bench/profile_archive.py [--requests 200] [--top 30] [--sort tottime]

Prints the function calls per request (deterministic for a given code and data: the
figure to compare before and after a change), the SQL queries per request, and the
costliest functions (profiled on CPU time). Run `make bench` (or bench/seed.py) first for the data.
"""

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import setup_in_process  # noqa: E402

setup_in_process()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402
from infra.pagecache import release  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--skip", type=int, default=0, help="articles to skip (a fresh sample)")
    parser.add_argument("--no-profile", action="store_true", help="time only, without cProfile")
    parser.add_argument("--dump", help="write the profile there too (for pstats or snakeviz)")
    args = parser.parse_args()

    paths = [
        article.get_absolute_url()
        for article in Article.objects.published()
        .filter(slug__startswith="archive")
        .order_by("pk")[args.skip : args.skip + args.requests + 1]
    ] or [a.get_absolute_url() for a in Article.objects.published().order_by("pk")[: args.requests]]
    cache.clear()
    release()
    client = Client()
    # The first request warms what every page shares (menu, sidebar, process caches).
    client.get(paths[0])
    for path in paths[1:3]:
        client.get(path)
    paths = paths[3:]

    # CPU time: the machine's other work (and the waits on PostgreSQL and Redis) left out.
    profile = cProfile.Profile(time.process_time)
    queries = 0
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            if not args.no_profile:
                profile.enable()
            response = client.get(path)
            if not args.no_profile:
                profile.disable()
        if response.status_code != 200 or response.headers.get("X-Page-Cache") != "miss":
            raise SystemExit(f"{path}: {response.status_code}, not a page-cache miss")
        queries += len(captured)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    each, cpu_each = elapsed / len(paths) * 1000, cpu / len(paths) * 1000
    print(f"{len(paths)} cold archive articles, {each:.2f} ms each ({cpu_each:.2f} ms CPU)")
    print(f"SQL queries per request: {queries / len(paths):.2f}")
    if args.no_profile:
        return
    if args.dump:
        profile.dump_stats(args.dump)
    stats = pstats.Stats(profile)
    calls = stats.total_calls
    print(f"function calls per request: {calls / len(paths):.0f}")
    stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
