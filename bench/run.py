"""
`make bench`: seed the dataset, start the site under gunicorn with production
settings on loopback, drive it with wrk, and compare every figure with a bare
Django view measured in the same run.

    python bench/run.py [--articles 10000 --comments 100000] [--duration 5] [--repeat 3]

Needs wrk (Debian: `apt-get install -y wrk`), PostgreSQL and Redis (DATABASE_URL,
REDIS_URL; defaults point at the local servers). Writes bench/results/latest.json.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import edge  # noqa: E402  (bench/edge.py, beside this script)

RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "lua"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
CONNECTIONS = 4
# Only ever used on loopback by this harness.
BENCH_SECRET_KEY = "bench-k3Jd9vQ2pLx8ZrT5mW1nB7cY4hF6gE0aUoSiRtVyXwNqMl"  # noqa: S105


# The page under test, seeded by bench/seed.py like the reference page of the targets.
REFERENCE_SLUG = "bench-les-entreprises-francaises-accelerent-leurs-investissements-dans-l-ia"
# The live page under test (bench/seed.py): 60 posts, a key post, images, "Lire aussi".
LIVE_SLUG = "bench-en-direct-la-soiree-electorale"

DJANGO_SETUP = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsroom.settings'); "
    "django.setup(); "
)
CLEAR_CACHE = "from django.core.cache import cache; cache.clear()"


def bench_env() -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
    env.update(
        {
            "NEWSROOM_ENV": "production",
            "SECRET_KEY": env.get(
                "SECRET_KEY", "bench-" + "k3Jd9vQ2pLx8ZrT5mW1nB7cY4hF6gE0aUoSiRtVyXwNqMl"
            ),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SERVE_MEDIA": "true",
            "BENCH_ENDPOINTS": "true",
            "TRUSTED_PROXIES": "1",
            "CACHE_KEY_PREFIX": "bench",
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


def setup_in_process() -> None:
    """Django set up in this process as the bench's server runs (production settings, the
    bench's database and Redis), for the profiling scripts' test client."""
    for name, value in bench_env().items():
        os.environ.setdefault(name, value)
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def ensure_database(env: dict) -> None:
    url = env["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    name = url.rsplit("/", 1)[-1]
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if exists != "1":
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], env)


def seed_dataset(env: dict, articles: int, comments: int) -> None:
    """Create the database if needed and top the dataset up (bench/seed.py)."""
    ensure_database(env)
    command = [sys.executable, "bench/seed.py", "--articles", str(articles)]
    # Seeding rewrites whole tables (a hundred thousand articles' counters at once): no
    # statement timeout, which the site's settings set for requests.
    run([*command, "--comments", str(comments)], {**env, "DB_STATEMENT_TIMEOUT": "0"})


def start_server(env: dict) -> subprocess.Popen:
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "newsroom.wsgi",
            "--config",
            "python:newsroom.gunicorn",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the redirect itself is the answer measured, as wrk sees it


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(path: str, headers: dict | None = None, data: bytes | None = None):
    """One request, its status, headers and body; redirects are not followed."""
    request = urllib.request.Request(BASE + path, headers=headers or {}, data=data)
    try:
        with _opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def parse_wrk(output: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(label: str) -> float:
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    parsed = {
        "rps": rps,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }
    # Reported by the scripts that count them (bench/lua/archive.lua).
    hits = re.search(r"Page-cache hits: (\d+) of \d+", output)
    if hits:
        parsed["page_cache_hits"] = int(hits.group(1))
    return parsed


def wrk(
    path: str,
    *,
    duration: int,
    connections: int = CONNECTIONS,
    script: Path | None = None,
    headers: dict | None = None,
    base: str = BASE,
) -> dict:
    cmd = [
        "wrk",
        "-t",
        "2" if connections > 1 else "1",
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    if script:
        cmd += ["-s", str(script)]
    cmd.append(base + path)
    # The scripts that share a list out between the threads know how many there are.
    env = {**os.environ, "BENCH_THREADS": cmd[2]}
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    return parse_wrk(done.stdout)


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description="Newsroom benchmark")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (median)")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument(
        "--only", default="", help="comma-separated scenario names (bare_view is always run)"
    )
    parser.add_argument("--output", default=str(RESULTS / "latest.json"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    env = bench_env()
    if not args.skip_seed:
        seed_dataset(env, args.articles, args.comments)
    run(
        [sys.executable, "-c", DJANGO_SETUP + CLEAR_CACHE],
        env,
    )
    server = start_server(env)
    try:
        results = measure(args)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)

    print_table(results)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {os.path.relpath(args.output, ROOT)}")
    print_targets(results)
    failed = [r["name"] for r in results if r["errors"]]
    if failed:
        # A scenario whose requests fail measures the failure, not the page.
        raise SystemExit(f"\nRequests failed (non-2xx/3xx answers) in: {', '.join(failed)}")
    answered = [r["name"] for r in results if r.get("page_cache_hits")]
    if answered:
        # A long-tail run answered from the page cache measures the cache.
        raise SystemExit(f"\nPage-cache hits in a scenario of cold pages: {', '.join(answered)}")


# The targets: (scenario, figure, comparison, limit).
TARGETS = [
    ("article_uncached", "ratio_to_bare", ">=", 0.15),
    ("article_uncached_unloaded", "p50_ms", "<=", 3.0),
    ("article_uncached", "p99_ms", "<=", 15.0),
    ("article_uncached", "sql_per_request", "<=", 4),
    ("article_cold", "sql_per_request", "<=", 8),
    ("article_cached", "ratio_to_bare", ">=", 0.75),
    # The long tail: each request a page-cache miss of another article.
    ("article_archive", "ratio_to_bare", ">=", 0.125),
    ("article_archive", "page_cache_hits", "<=", 0),
    ("article_cached", "sql_per_request", "<=", 0),
    ("revalidate_304", "sql_per_request", "<=", 0),
    ("read_count", "ratio_to_bare", ">=", 0.6),
    ("read_count", "sql_per_request", "<=", 0),
    ("comment_post", "p99_ms", "<=", 50.0),
    # What every reader of a live page polls: from the page cache, without SQL.
    ("live_updates", "ratio_to_bare", ">=", 0.5),
    ("live_updates", "sql_per_request", "<=", 0),
    # The edge (bench/edge.py): Varnish's copy against nginx serving the same bytes.
    ("edge_article", "ratio_to_nginx", ">=", 0.25),
    ("purge_to_fresh", "p99_ms", "<=", 1000.0),
    *(
        target
        for name in ("search_common", "search_rare", "search_phrase", "search_filtered")
        for target in (
            (f"{name}_unloaded", "p50_ms", "<=", 15.0),
            (f"{name}_unloaded", "p99_ms", "<=", 50.0),
            (f"{name}_unloaded", "sql_per_request", "<=", 4),
        )
    ),
]

# Reader searches (docs/search.md), each a page-cache miss: a word in about a third of
# the archive's stories, a word in a few of them, a phrase, a word with a section and
# a date range.
SEARCHES = {
    "search_common": "/recherche/?q=consommation",
    "search_rare": "/recherche/?q=concert",
    "search_phrase": "/recherche/?q=%22intelligence+artificielle%22",
    "search_filtered": "/recherche/?q=chiffres&rubrique=economie&du=2024-01-01",
}


def print_targets(results: list[dict]) -> None:
    """Each target next to the figure measured, for the scenarios of this run."""
    by_name = {r["name"]: r for r in results}
    print("\nTargets:")
    for name, figure, comparison, limit in TARGETS:
        if name not in by_name or by_name[name].get(figure) is None:
            continue
        value = by_name[name][figure]
        met = value >= limit if comparison == ">=" else value <= limit
        verdict = "met" if met else "NOT MET"
        print(f"  {name:<28}{figure:<17}{value!s:>8} {comparison} {limit!s:<6} {verdict}")


ARCHIVE_SAMPLE = 20_000


def django_output(env: dict, code: str) -> str:
    """What a snippet of Python prints, run with the project's Django set up."""
    return subprocess.run(
        [sys.executable, "-c", DJANGO_SETUP + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def archive_paths(env: dict) -> Path:
    """The addresses of up to ARCHIVE_SAMPLE published articles, shuffled, in a file."""
    rows = django_output(
        env,
        "from articles.models import Article;"
        "rows = Article.objects.published().values_list('pk', 'slug');"
        "[print(pk, slug) for pk, slug in rows]",
    ).splitlines()
    random.shuffle(rows)
    paths = [f"/article/{slug}-{pk}/" for pk, slug in (row.split() for row in rows)]
    # The first one is kept out of the list: the SQL count reads it, never asked for.
    target = RESULTS / "archive_paths.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(paths[1 : ARCHIVE_SAMPLE + 1]) + "\n")
    os.environ["BENCH_COLD_PATH"] = paths[0]
    return target


COLD_VISITS = 300


def empty_cache() -> None:
    """
    Before each run of ``article_archive``: the shared cache emptied, as when the
    harness starts, then the menu and the sidebar made again by one page (the home
    page: none of the archive's), so that the run's articles are cold, whatever the
    runs before it asked for, and what every page shares is warm.
    """
    run([sys.executable, "-c", DJANGO_SETUP + CLEAR_CACHE], bench_env())
    fetch("/")


def cold_visits(paths_file: Path) -> dict:
    """
    ``article_cold``: one reader at a time, each asking for an article nobody asked for
    since the cache was cleared (its row, fragments and comments block cold; the menu
    and the sidebar warm). Run before any load, so these articles are still cold: the
    page's whole cost, where the archive's size would show.
    """
    paths = paths_file.read_text().split()[-COLD_VISITS:]
    latencies, sql, errors = [], [], 0
    for path in paths:
        start = time.perf_counter()
        status, headers, _body = fetch(path)
        latencies.append((time.perf_counter() - start) * 1000)
        errors += status != 200
        sql.append(int(headers.get("X-SQL-Count", -1)))
    latencies.sort()
    return {
        "name": "article_cold",
        "rps": len(latencies) * 1000 / sum(latencies),
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, round(len(latencies) * 0.99))],
        "errors": errors,
        "sql_per_request": round(statistics.median(sql)),
    }


def measure(args) -> list[dict]:
    env_script = bench_env()
    # The article under test (bench/seed.py) and its ETag.
    article_path = django_output(
        env_script,
        "from articles.models import Article;"
        f"a = Article.objects.published().get(slug={REFERENCE_SLUG!r});"
        "print(a.get_absolute_url(), a.pk, a.comment_count)",
    ).split()
    path, article_id, comment_count = article_path[0], article_path[1], int(article_path[2])
    print(f"Article under test: {path} ({comment_count} comments)")
    live_id = django_output(
        env_script,
        f"from articles.models import Article; print(Article.objects.get(slug={LIVE_SLUG!r}).pk)",
    ).strip()
    live_path = f"/direct/{live_id}/messages.json"

    _status, headers, _ = fetch(path)
    etag = headers.get("ETag", "")
    _, token_headers, token_body = fetch("/commentaires/jeton/")
    token = json.loads(token_body)
    cookie = token_headers.get("Set-Cookie", "").split(";")[0]
    time.sleep(3.2)  # the form's minimum fill time

    os.environ.update(
        {
            "BENCH_PATH": path,
            "BENCH_TS": token["ts"],
            "BENCH_CSRF": token["csrf"],
            "BENCH_COOKIE": cookie,
            "BENCH_REFERER": BASE + path,
            "BENCH_LIVE_PATH": live_path,
        }
    )
    uncached, beacon, comment = (LUA / f"{n}.lua" for n in ("uncached", "beacon", "comment"))
    archive = LUA / "archive.lua"
    paths_file = archive_paths(env_script)
    os.environ["BENCH_PATHS_FILE"] = str(paths_file)
    uncached_home = LUA / "uncached_home.lua"
    scenarios = [
        ("bare_view", "/bench/bare/", {}),
        ("static_file", "/static/css/site.css", {}),
        ("article_cached", path, {}),
        ("article_uncached", path, {"script": uncached}),
        ("home", "/", {}),
        ("home_uncached", "/", {"script": uncached_home}),
        ("revalidate_304", path, {"headers": {"If-None-Match": etag}}),
        ("read_count", f"/audience/lu/{article_id}/", {"script": beacon}),
        ("comment_post", f"/commentaires/article/{article_id}/", {"script": comment}),
        # A live page's updates as its readers poll them (one document for all of them),
        # and the same rendered on every request (the view's own cost).
        ("live_updates", live_path, {}),
        ("live_updates_uncached", live_path, {"script": LUA / "uncached_live.lua"}),
        # Long-tail traffic: a different article each time, its own entries cold. Last:
        # it empties the cache before each run (and the ETag read above goes with it).
        ("article_archive", path, {"script": archive}),
    ]
    only = {name for name in args.only.split(",") if name}
    if only:
        scenarios = [s for s in scenarios if s[0] in only or s[0] == "bare_view"]
    cold = None
    if not only or "article_cold" in only:
        for _ in range(10):
            fetch(path)  # both workers past their first request, the menu and sidebar warm
        cold = cold_visits(paths_file)
    results = []
    bare_runs = []
    for name, target, options in scenarios:
        # Warm up, then the SQL count of one request of that kind.
        long_tail = name == "article_archive"
        if long_tail:
            empty_cache()
        wrk(target, duration=1, **options)
        runs = []
        for _ in range(args.repeat):
            if long_tail:
                empty_cache()
            runs.append(wrk(target, duration=args.duration, **options))
        if name == "bare_view":
            bare_runs = runs
        results.append(
            {
                "name": name,
                **median_of(runs),
                "sql_per_request": sql_count(name, target, etag, article_id, token, cookie, path),
            }
        )
        if "page_cache_hits" in runs[0]:
            results[-1]["page_cache_hits"] = sum(r["page_cache_hits"] for r in runs)
    results += edge_scenarios(args, env_script, path, paths_file, only)
    # Unloaded latency: one connection. The bare view and the cached page alongside
    # show what the machine itself costs a request at that load.
    unloaded = [
        ("article_uncached_unloaded", "article_uncached", path, {"script": uncached}),
        ("bare_view_unloaded", "bare_view", "/bench/bare/", {}),
        ("article_cached_unloaded", "article_cached", path, {}),
        *(
            (f"{name}_unloaded", name, search, {"script": LUA / "uncached_search.lua"})
            for name, search in SEARCHES.items()
        ),
    ]
    for name, kind, target, options in unloaded:
        if only and name not in only:
            continue
        wrk(target, duration=1, connections=1, **options)
        results.append(
            {
                "name": name,
                **median_of(
                    [
                        wrk(target, duration=args.duration, connections=1, **options)
                        for _ in range(args.repeat)
                    ]
                ),
                "sql_per_request": sql_count(kind, target, etag, article_id, token, cookie, path),
            }
        )
    if cold:
        results.append(cold)
    # The machine drifts during a run: the baseline is the bare view measured at the
    # start and again at the end, the median of both series.
    bare_runs += [wrk("/bench/bare/", duration=args.duration) for _ in range(args.repeat)]
    results[0].update(median_of(bare_runs))
    bare = results[0]["rps"]
    for result in results:
        result["ratio_to_bare"] = round(result["rps"] / bare, 3)
        result["rps"] = round(result["rps"], 1)
        result["p50_ms"] = round(result["p50_ms"], 2)
        result["p99_ms"] = round(result["p99_ms"], 2)
    return results


EDGE_SCENARIOS = ("nginx_static", "edge_article", "purge_to_fresh")


def edge_scenarios(args, env: dict, path: str, paths_file: Path, only: set) -> list[dict]:
    """
    The edge against its ceiling, interleaved run by run (bench/edge.py): Varnish
    serving the article under test from its cache, nginx serving the same bytes as a
    static file; then the purge-to-fresh delay under load.
    """
    if only and not only & set(EDGE_SCENARIOS):
        return []
    reason = edge.missing()
    if reason:
        print(f"Edge scenarios left out: {reason}")
        return []
    varnish = edge.start_varnish(env, PORT)
    try:
        fetch_edge = urllib.request.urlopen  # loopback only
        with fetch_edge(edge.EDGE_BASE + path, timeout=10) as response:
            body = response.read()
        nginx = edge.start_nginx(body)
        try:
            targets = {
                "nginx_static": (edge.NGINX_BASE, "/article.html"),
                "edge_article": (edge.EDGE_BASE, path),
            }
            runs = {name: [] for name in targets}
            for base, target in targets.values():
                wrk(target, duration=1, base=base)
            for _ in range(args.repeat):
                for name, (base, target) in targets.items():
                    runs[name].append(wrk(target, duration=args.duration, base=base))
        finally:
            edge.stop(*nginx)
        results = [{"name": name, **median_of(runs[name]), "sql_per_request": 0} for name in runs]
        results[1]["ratio_to_nginx"] = round(results[1]["rps"] / results[0]["rps"], 3)
        results.append(purge_to_fresh(env, paths_file))
    finally:
        edge.stop(*varnish)
    return results


def purge_to_fresh(env: dict, paths_file: Path) -> dict:
    """
    Corrections of an archive article while wrk loads it through the edge; the delay
    from each commit until the edge serves the correction (bench/purge_fresh.py).
    """
    paths = paths_file.read_text().split()
    target = paths[len(paths) // 2]  # neither a cold visit's nor the SQL count's
    urllib.request.urlopen(edge.EDGE_BASE + target, timeout=10).read()
    seconds = 25
    load = subprocess.Popen(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(CONNECTIONS),
            "-d",
            f"{seconds}s",
            "--latency",
            "--timeout",
            "5s",
            edge.EDGE_BASE + target,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1)
    delays = json.loads(
        subprocess.run(
            [
                sys.executable,
                "bench/purge_fresh.py",
                target,
                edge.EDGE_BASE,
                str(edge.PURGE_ROUNDS),
            ],
            cwd=ROOT,
            env=edge.purge_env(env),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    under_load = parse_wrk(load.communicate()[0])
    delays.sort()
    return {
        "name": "purge_to_fresh",
        "rps": under_load["rps"],  # the edge's load meanwhile
        "p50_ms": statistics.median(delays),
        "p99_ms": delays[min(len(delays) - 1, round(len(delays) * 0.99))],
        "errors": under_load["errors"],
        "sql_per_request": None,
        "rounds": len(delays),
        "max_ms": round(delays[-1], 2),
    }


def sql_count(name, target, etag, article_id, token, cookie, path) -> int | None:
    if name == "static_file":
        return 0
    headers = {}
    data = None
    if name in ("article_uncached", "home_uncached", "live_updates_uncached"):
        target = f"{target}?bench=sql-{time.time()}"
    if name in SEARCHES:
        target = f"{target}&bench=sql-{time.time()}"
    if name == "article_archive":
        # An article nobody asked for in this run: its entries are cold.
        target = os.environ["BENCH_COLD_PATH"]
    if name == "revalidate_304":
        headers = {"If-None-Match": etag}
    if name == "read_count":
        data = b""
        headers = {"X-Forwarded-For": "10.9.9.9", "User-Agent": "Mozilla/5.0 bench"}
    if name == "comment_post":
        n = str(time.time()).replace(".", "")
        data = (
            f"name=Lecteur&email=sql{n}%40example.org&body=Avis+{n}&website=&ts={token['ts']}"
            f"&csrfmiddlewaretoken={token['csrf']}"
        ).encode()
        headers = {
            "Cookie": cookie,
            "Referer": BASE + path,
            "X-Forwarded-For": "10.8.8.8",
            "Content-Type": "application/x-www-form-urlencoded",
        }
    _, response_headers, _ = fetch(target, headers=headers, data=data)
    value = response_headers.get("X-SQL-Count")
    return int(value) if value is not None else None


def print_table(results: list[dict]) -> None:
    print(f"\n{'name':<28}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'SQL':>6}{'× bare':>9}")
    for r in results:
        sql = "-" if r["sql_per_request"] is None else r["sql_per_request"]
        print(
            f"{r['name']:<28}{r['rps']:>10.1f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
            f"{sql!s:>6}{r['ratio_to_bare']:>9.3f}"
        )


if __name__ == "__main__":
    main()
