"""
`make bench-growth`: the growth check. The same scenarios against a small dataset and
a large one, interleaved (small, large, small, large…) so that the machine's drift
over the minutes the check lasts falls on both alike; then the ratio of their p50s.

    python bench/growth.py [--rounds 3] [--skip-seed]

Datasets: 1,000 articles / 10,000 comments in SMALL_DATABASE_URL (default database
newsroom_small) and 100,000 / 1,000,000 in LARGE_DATABASE_URL (default newsroom_growth),
seeded on the first run. Writes bench/results/growth.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import RESULTS, ROOT, bench_env, seed_dataset

SCENARIOS = (
    "article_cold",
    "article_uncached",
    "article_cached",
    "article_uncached_unloaded",
    "home_uncached",
    "home",
)
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
SMALL_URL = os.environ.get("SMALL_DATABASE_URL", POSTGRES + "newsroom_small")
LARGE_URL = os.environ.get("LARGE_DATABASE_URL", POSTGRES + "newsroom_growth")
DATASETS = {"small": (SMALL_URL, 1_000, 10_000), "large": (LARGE_URL, 100_000, 1_000_000)}
LIMIT = 1.2  # the target: p50 at the large size at most 1.2 times the small one's


def measure(url: str, output: Path, duration: int) -> dict[str, dict]:
    """One pass of bench/run.py over the growth scenarios, its results by name."""
    subprocess.run(
        [
            sys.executable,
            "bench/run.py",
            "--skip-seed",
            "--repeat",
            "1",
            "--duration",
            str(duration),
            "--only",
            ",".join(SCENARIOS),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return {result["name"]: result for result in json.loads(output.read_text())}


def main() -> None:
    parser = argparse.ArgumentParser(description="Newsroom growth check")
    parser.add_argument("--rounds", type=int, default=3, help="passes over both datasets")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()

    if not args.skip_seed:
        for url, articles, comments in DATASETS.values():
            seed_dataset({**bench_env(), "DATABASE_URL": url}, articles, comments)
    passes: dict[str, list[dict]] = {label: [] for label in DATASETS}
    with tempfile.TemporaryDirectory() as folder:
        for number in range(args.rounds):
            for label, (url, _articles, _comments) in DATASETS.items():
                print(f"Round {number + 1}/{args.rounds}: {label} dataset…", flush=True)
                passes[label].append(measure(url, Path(folder) / "pass.json", args.duration))

    results = []
    for name in SCENARIOS:
        small = statistics.median(p[name]["p50_ms"] for p in passes["small"])
        large = statistics.median(p[name]["p50_ms"] for p in passes["large"])
        results.append(
            {
                "name": name,
                "p50_small_ms": round(small, 2),
                "p50_large_ms": round(large, 2),
                "ratio": round(large / small, 2),
                "sql_small": passes["small"][-1][name]["sql_per_request"],
                "sql_large": passes["large"][-1][name]["sql_per_request"],
            }
        )
    print(f"\n{'name':<28}{'p50 small':>11}{'p50 large':>11}{'ratio':>8}{'SQL':>8}")
    for r in results:
        verdict = "" if r["ratio"] <= LIMIT else f"  > {LIMIT}"
        print(
            f"{r['name']:<28}{r['p50_small_ms']:>11.2f}{r['p50_large_ms']:>11.2f}"
            f"{r['ratio']:>8.2f}{r['sql_small']!s:>4}/{r['sql_large']!s:<3}{verdict}"
        )
    output = RESULTS / "growth.json"
    output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {os.path.relpath(output, ROOT)}")


if __name__ == "__main__":
    main()
