"""
The query plans of the reader pages: every query the home, section, topic, author
and article pages make with every cache empty, run again under EXPLAIN ANALYZE
against the configured database (PostgreSQL), with the indexes each plan uses.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_growth python bench/explain.py

The article is the page under test (bench/seed.py); the section, topic and author
are its own. Prints a Markdown table for docs/performance.md.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import REFERENCE_SLUG, bench_env

os.environ.update(bench_env())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article  # noqa: E402


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def explain(sql: str) -> tuple[str, list[str], float]:
    """The plan's top node, the indexes it reads and its execution time in ms."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        result = cursor.fetchone()[0]
    result = json.loads(result) if isinstance(result, str) else result
    plan = result[0]["Plan"]
    indexes = sorted({n["Index Name"] for n in nodes(plan) if "Index Name" in n})
    scans = sorted({n["Relation Name"] for n in nodes(plan) if n["Node Type"] == "Seq Scan"})
    top = plan["Node Type"] + "".join(f", Seq Scan on {name}" for name in scans)
    return top, indexes, result[0]["Execution Time"]


def label(sql: str) -> str:
    """The table a query reads first, to tell the queries apart in the table."""
    after = sql.split(" FROM ", 1)[1].lstrip("( ")
    return after.split()[0].strip('"')


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN ANALYZE plans are read on PostgreSQL: set DATABASE_URL.")
    article = Article.objects.published().get(slug=REFERENCE_SLUG)
    topic, author = article.topics.order_by("pk").first(), article.authors.order_by("pk").first()
    pages = {
        "home": "/",
        "section": article.section.get_absolute_url(),
        "topic": reverse("articles:topic", kwargs={"slug": topic.slug}),
        "author": reverse("articles:author", kwargs={"slug": author.slug}),
        "article": article.get_absolute_url(),
    }
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{Article.objects.count():,} articles\n")
    print("| page | query on | plan | indexes | time |")
    print("| --- | --- | --- | --- | ---: |")
    for page, url in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        for query in queries.captured_queries:
            top, indexes, ms = explain(query["sql"])
            names = ", ".join(f"`{name}`" for name in indexes) or "—"
            print(f"| {page} | `{label(query['sql'])}` | {top} | {names} | {ms:.2f} ms |")


if __name__ == "__main__":
    main()
