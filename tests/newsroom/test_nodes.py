"""
Several application nodes: two gunicorn processes on one PostgreSQL (the test database)
and one Redis (the configured database), as two machines behind a load balancer would
run. What one node writes, the other serves at once; reads counted on both are folded
exactly once by concurrent folds; one scheduler runs across nodes (django-crontask's
Redis lock).

Bounded: each node has one worker, every wait has a deadline, every process started
here is stopped by the test. Skipped on SQLite (one machine's file) and without Redis.
"""

import re
import subprocess
import sys
import threading
import time
from html import unescape
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django_redis import get_redis_connection

from articles.models import Article
from audience.counters import fold_reads, redis_configured
from audience.models import HourlyReadCount
from comments.models import Comment
from tests.articles.test_admin_workflow import form_data
from tests.audience.support import BROWSER
from tests.factories import ArticleFactory, CommentFactory, UserFactory
from tests.nodes import ROOT, Node, database_url, node_environment, wait_until

pytestmark = [pytest.mark.nodes, pytest.mark.django_db(transaction=True)]

READS_PER_NODE = 40  # under the beacon's limit per address (120 per 10 minutes)


@pytest.fixture(scope="module")
def shared_services(django_db_setup):
    """What the nodes share, once the test database exists."""
    if connection.vendor != "postgresql":
        pytest.skip("several nodes need a database server: SQLite is one machine's file")
    if not redis_configured():
        pytest.skip("several nodes need Redis (REDIS_URL) for their shared cache and counters")
    return {
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
        "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        "SECRET_KEY": settings.SECRET_KEY,
        # The SQL count of each answer (X-SQL-Count): 0 means served from the page cache.
        "BENCH_ENDPOINTS": "true",
    }


@pytest.fixture(scope="module")
def nodes(shared_services, tmp_path_factory):
    """Nodes A and B, started once for the module (each test has its own data)."""
    logs = tmp_path_factory.mktemp("nodes")
    started = []
    try:
        for name in ("a", "b"):
            started.append(Node(shared_services, log=logs / f"node-{name}.log", wait=False))
        for node in started:  # both boot at once
            node.wait_ready()
        yield started
    finally:
        for node in started:
            node.stop()


def staff_cookies(user) -> dict[str, str]:
    """A moderator's session, stored in the shared database, as a browser would hold it."""
    client = Client()
    client.force_login(user)
    session = SessionStore(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert session.exists(session.session_key)
    return {settings.SESSION_COOKIE_NAME: session.session_key}


def csrf_for(node: Node, path: str, cookies: dict[str, str]) -> tuple[dict[str, str], str]:
    """Open ``path`` on ``node`` as that member of staff: the CSRF cookie and form token."""
    page = node.get(path, headers={"Cookie": cookie_header(cookies)})
    assert page.status == 200, page.text[:2000]
    jar = SimpleCookie(page.headers.get("Set-Cookie", ""))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return {**cookies, settings.CSRF_COOKIE_NAME: jar[settings.CSRF_COOKIE_NAME].value}, token


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def post_form(node: Node, path: str, cookies: dict[str, str], fields: list[tuple[str, str]]):
    cookies, token = csrf_for(node, path, cookies)
    return node.get(
        path,
        data=urlencode([("csrfmiddlewaretoken", token), *fields]).encode(),
        headers={
            "Cookie": cookie_header(cookies),
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"{node.url}{path}",
        },
    )


def headline(html: str) -> str:
    return unescape(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()


def test_an_edit_saved_on_one_node_is_served_at_once_by_the_other_from_its_cache(nodes):
    a, b = nodes
    article = ArticleFactory(title="La Loire en crue à Orléans")
    editor = UserFactory(username="chef", is_staff=True, is_superuser=True)
    path = article.get_absolute_url()

    assert headline(b.get(path).text) == "La Loire en crue à Orléans"
    cached = b.get(path)
    assert (headline(cached.text), cached.headers["X-SQL-Count"]) == (
        "La Loire en crue à Orléans",
        "0",
    )

    article.refresh_from_db()
    change = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(article, title="La Loire en crue : Orléans évacue les quais")
    saved = post_form(a, change, staff_cookies(editor), [(k, str(v)) for k, v in data.items()])
    assert (saved.status, saved.headers["Location"]) == (302, "/admin/articles/article/")
    assert Article.objects.get(pk=article.pk).title == "La Loire en crue : Orléans évacue les quais"

    fresh = b.get(path)
    assert headline(fresh.text) == "La Loire en crue : Orléans évacue les quais"
    again = b.get(path)
    assert (headline(again.text), again.headers["X-SQL-Count"]) == (
        "La Loire en crue : Orléans évacue les quais",
        "0",
    )


def test_a_comment_accepted_on_one_node_appears_on_the_other(nodes):
    a, b = nodes
    article = ArticleFactory(title="Le tramway de Tours prolongé")
    comment = CommentFactory(article=article, body="Enfin une ligne vers le sud de la ville.")
    moderator = UserFactory(username="moderatrice", is_staff=True, is_superuser=True)
    path = article.get_absolute_url()
    assert "Enfin une ligne vers le sud" not in b.get(path).text  # pending: not shown
    assert b.get(path).headers["X-SQL-Count"] == "0"  # and that page is cached

    changelist = "/admin/comments/comment/"
    accepted = post_form(
        a,
        changelist,
        staff_cookies(moderator),
        [("action", "accept"), ("_selected_action", str(comment.pk))],
    )

    assert (accepted.status, accepted.headers["Location"]) == (302, changelist)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED
    assert "Enfin une ligne vers le sud de la ville." in b.get(path).text


def beacon(node: Node, article_id: int, reader: int) -> int:
    return node.get(
        f"/audience/lu/{article_id}/",
        data=b"",
        headers={"User-Agent": f"{BROWSER} lecteur/{reader}"},
    ).status


def folding_worker(log) -> subprocess.Popen:
    """
    ``manage.py fold_reads --loop 1``: a folding worker of its own, as on another node;
    with ``-v 2`` it writes a line to ``log`` after each round, empty ones included.
    """
    return subprocess.Popen(
        [sys.executable, "manage.py", "fold_reads", "--no-progress", "--loop", "1", "-v", "2"],
        cwd=ROOT,
        env=node_environment(
            DATABASE_URL=database_url(),
            REDIS_URL=settings.CACHES["default"]["LOCATION"],
            CACHE_KEY_PREFIX=settings.CACHES["default"].get("KEY_PREFIX", ""),
        ),
        stdout=log,
        stderr=subprocess.PIPE,
    )


def folded(article) -> int:
    total = HourlyReadCount.objects.filter(article=article).aggregate(total=Sum("count"))
    return total["total"] or 0


def test_reads_on_both_nodes_folded_by_two_concurrent_folds_give_the_exact_total(nodes, tmp_path):
    article = ArticleFactory()
    answers: list[int] = []

    def read(node: Node, readers: range) -> None:
        for reader in readers:
            answers.append(beacon(node, article.pk, reader))

    def read_on_both(readers: list[range]) -> None:
        threads = [
            threading.Thread(target=read, args=(node, part))
            for node, part in zip(nodes, readers, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    half = READS_PER_NODE // 2
    logs = [tmp_path / "fold-1.log", tmp_path / "fold-2.log"]
    workers = []
    for log in logs:  # two folding workers at once
        with log.open("wb") as output:
            workers.append(folding_worker(output))
    try:
        # Both have made a round (so they stop cleanly on SIGTERM) before the reads.
        wait_until(lambda: all(log.read_text() for log in logs), seconds=60)
        read_on_both([range(0, half), range(100, 100 + half)])
        # The workers fold while the second half of the reads arrives.
        wait_until(lambda: folded(article) > 0, seconds=30)
        read_on_both([range(half, READS_PER_NODE), range(100 + half, 100 + READS_PER_NODE)])
    finally:
        for worker in workers:
            worker.terminate()
    for worker in workers:
        _out, errors = worker.communicate(timeout=30)
        assert worker.returncode == 0, errors
    fold_reads()  # what arrived after their last pass

    assert answers == [204] * (2 * READS_PER_NODE)
    assert folded(article) == 2 * READS_PER_NODE
    # Nothing left in Redis to fold: every hash and every batch was taken, once.
    assert list(get_redis_connection("default").scan_iter("*audience:reads:[ht]:*")) == []


def scheduler(shared_services, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "task_scheduler", "--no-heartbeat"],
        cwd=ROOT,
        env=node_environment(**shared_services),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def started(log) -> bool:
    return "Starting scheduler" in log.read_text()


def test_one_scheduler_runs_across_nodes_and_another_takes_over_when_it_stops(
    shared_services, tmp_path
):
    redis = get_redis_connection("default")
    redis.delete("crontask-lock")
    logs = [tmp_path / f"scheduler-{n}.log" for n in range(3)]
    processes = []
    try:
        with logs[0].open("wb") as output:
            first = scheduler(shared_services, output)
        processes.append(first)
        wait_until(lambda: started(logs[0]), seconds=30)
        assert redis.exists("crontask-lock") == 1
        # Two more nodes' schedulers: both stand by while the first holds the lock.
        for log in logs[1:]:
            with log.open("wb") as output:
                processes.append(scheduler(shared_services, output))
        wait_until(lambda: all("this one waits" in log.read_text() for log in logs[1:]), seconds=30)
        assert [started(log) for log in logs] == [True, False, False]
        assert all(process.poll() is None for process in processes)

        first.terminate()  # a node stopped for an upgrade: it lets the lock go
        assert first.wait(timeout=15) == 0
        wait_until(lambda: started(logs[1]) or started(logs[2]), seconds=30)
        time.sleep(1)  # the other one would have started by now if the lock let it
        assert sorted([started(logs[1]), started(logs[2])]) == [False, True]
        assert redis.exists("crontask-lock") == 1
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=15)
        redis.delete("crontask-lock")
