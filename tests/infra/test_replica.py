"""
The optional read replica (``DATABASE_REPLICA_URL``): the rankings, sitemaps, feeds and
search read from it, the pages' own data from the primary.

The integration test starts a second PostgreSQL cluster of its own (initdb, pg_ctl) on
a loopback port and gives it a logical copy of the test database (pg_dump into psql):
a copy taken at one moment, then left behind, is a replica that lags, and what was
written after it shows which database each page read. A streaming replica
(pg_basebackup) would need a replication entry in the local cluster's pg_hba.conf and
would copy every database of the cluster; the routing under test is the same.
Skipped with the reason when PostgreSQL's server tools are missing.
"""

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.services import index_article
from audience.counters import hour_of
from audience.models import HourlyReadCount
from infra import replica
from tests.factories import ArticleFactory
from tests.faults import free_port
from tests.nodes import Node, database_url


@pytest.fixture
def with_replica(monkeypatch):
    """As with DATABASE_REPLICA_URL set (DATABASES has a "replica")."""
    monkeypatch.setattr(replica, "configured", lambda: True)


def test_reads_go_to_the_replica_only_inside_reading_replica(with_replica):
    router = replica.ReplicaRouter()

    assert router.db_for_read(Article) is None
    with replica.reading_replica():
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) is None
    assert router.db_for_read(Article) is None
    assert router.allow_migrate("replica", "articles") is False
    assert router.allow_migrate("default", "articles") is None


def test_without_a_replica_every_read_goes_to_the_primary():
    router = replica.ReplicaRouter()

    with replica.reading_replica():
        assert router.db_for_read(Article) is None


def test_a_view_wrapped_with_from_replica_reads_inside_it(with_replica):
    router = replica.ReplicaRouter()

    @replica.from_replica
    def view():
        return router.db_for_read(Article)

    assert view() == "replica"
    assert router.db_for_read(Article) is None


def server_tools() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        return None
    tools = Path(found[-1]).parent
    needed = ("pg_ctl", "pg_dump", "psql", "createdb", "dropdb")
    return tools if all((tools / name).exists() for name in needed) else None


def as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL's server refuses to run as root: as the postgres user then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@pytest.fixture(scope="module")
def second_cluster():
    """A PostgreSQL cluster of its own on a loopback port: its tools' folder and port."""
    if connection.vendor != "postgresql":
        pytest.skip("a read replica is a PostgreSQL deployment's: the suite runs on SQLite")
    tools = server_tools()
    if tools is None:
        pytest.skip("PostgreSQL's server tools (initdb, pg_ctl, pg_dump, psql) are not installed")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a postgres user to run a cluster as")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
    if os.geteuid() == 0:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data, port = folder / "data", free_port()
    run = {"check": True, "capture_output": True, "timeout": 60}
    subprocess.run(
        as_server_user(
            [
                *(str(tools / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"),
                *("--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"),
            ]
        ),
        **run,
    )
    options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder}"
    options += " -c fsync=off -c synchronous_commit=off"
    subprocess.run(
        as_server_user(
            [
                *(str(tools / "pg_ctl"), "-D", str(data), "-o", options),
                *("-l", str(folder / "log"), "-w", "-t", "30", "start"),
            ]
        ),
        **run,
    )
    try:
        yield tools, port
    finally:
        subprocess.run(
            as_server_user([str(tools / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
            timeout=30,
        )
        shutil.rmtree(folder, ignore_errors=True)


def copy_database(tools: Path, port: int) -> str:
    """A logical copy of the test database, as it is now, in the second cluster."""
    real = connection.settings_dict
    host, primary_port = real["HOST"] or "127.0.0.1", str(real["PORT"] or "5432")
    name = "newsroom_replica"
    target = ["-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
    run = {"check": True, "capture_output": True, "timeout": 60}
    subprocess.run([str(tools / "dropdb"), *target, "--if-exists", name], **run)
    subprocess.run([str(tools / "createdb"), *target, name], **run)
    dump = subprocess.run(
        [
            str(tools / "pg_dump"),
            "-h",
            host,
            "-p",
            primary_port,
            "-U",
            real["USER"],
            "--no-owner",
            real["NAME"],
        ],
        **run,
    )
    subprocess.run(
        [str(tools / "psql"), *target, "-q", "-v", "ON_ERROR_STOP=1", "-d", name],
        input=dump.stdout,
        **run,
    )
    return f"postgres://postgres@127.0.0.1:{port}/{name}"


def titles(xml: str) -> list[str]:
    return re.findall(r"<title>([^<]*)</title>", xml)


@pytest.mark.django_db(transaction=True)
def test_rankings_sitemaps_feeds_and_search_read_the_replica_pages_the_primary(
    second_cluster, tmp_path
):
    seine = ArticleFactory(title="La Seine déborde à Paris")
    index_article(article=seine)
    HourlyReadCount.objects.create(article=seine, hour=hour_of(timezone.now()), count=12)
    replica_url = copy_database(*second_cluster)
    # Written after the copy: what a lagging replica has not received yet.
    Article.objects.filter(pk=seine.pk).update(title="La Seine déborde : Paris évacue les quais")
    late = ArticleFactory(
        title="Une dépêche trop récente pour la réplique",
        published_at=timezone.now() - timedelta(minutes=5),
    )
    index_article(article=late)

    node = Node(
        {
            "DATABASE_URL": database_url(),
            "DATABASE_REPLICA_URL": replica_url,
            "CACHE_DIR": str(tmp_path / "cache"),
        },
        log=tmp_path / "node.log",
    )
    try:
        seine_page = node.get(seine.get_absolute_url())
        late_page = node.get(late.get_absolute_url())
        feed = node.get("/rss.xml")
        sitemap = node.get("/sitemap-articles.xml")
        found = node.get("/recherche/?q=Seine")
        not_yet = node.get("/recherche/?q=d%C3%A9p%C3%AAche")
    finally:
        node.stop()

    # The pages themselves: the primary, current.
    assert seine_page.status == 200
    assert "<h1" in seine_page.text and "Paris évacue les quais" in seine_page.text
    assert late_page.status == 200
    # Its "most read" sidebar: the replica (the title as the copy has it).
    ranking = re.search(r'<ol class="ranking__list">(.*?)</ol>', seine_page.text, re.S)
    assert re.findall(r">([^<]+)</a>", ranking.group(1)) == ["La Seine déborde à Paris"]
    # Feeds, sitemaps, search: the replica.
    assert titles(feed.text)[1:] == ["La Seine déborde à Paris"]
    assert late.get_absolute_url() not in sitemap.text
    assert seine.get_absolute_url() in sitemap.text
    assert "La Seine déborde à Paris" in found.text
    assert "Paris évacue les quais" not in found.text
    assert "Une dépêche trop récente" not in not_yet.text
