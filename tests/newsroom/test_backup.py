"""
``make backup`` and ``make restore`` on the local PostgreSQL: the test database dumped,
restored into a scratch database of its own, and the two compared row for row.
"""

import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection

from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory
from tests.nodes import database_url, node_environment

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)

COMPARED = ("articles_article", "comments_comment", "auth_user", "django_migrations")


def make(*arguments: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [shutil.which("make") or "make", "--no-print-directory", *arguments],
        cwd=ROOT,
        env=node_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def rows(url: str, table: str) -> list[tuple]:
    with psycopg.connect(url) as db:
        return db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # noqa: S608


@pytest.fixture
def scratch_database():
    if connection.vendor != "postgresql":
        pytest.skip("make backup and make restore are for PostgreSQL; the suite runs on SQLite")
    if not shutil.which("pg_dump") or not shutil.which("pg_restore") or not shutil.which("make"):
        pytest.skip("pg_dump, pg_restore and make are needed")
    primary = urlsplit(database_url())
    name = f"{connection.settings_dict['NAME']}_restore"
    server = urlunsplit(primary._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(primary._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_another_database_has_the_same_rows(scratch_database, tmp_path):
    article = ArticleFactory(title="Municipales : le second tour à Lyon")
    CommentFactory(
        article=article, status=Comment.Status.PUBLISHED, body="Participation en hausse."
    )
    CommentFactory(article=article, body="En attente de modération.")

    backup = make("backup", f"BACKUP_DIR={tmp_path}", DATABASE_URL=database_url())
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.parent == tmp_path and dump.name.startswith("newsroom-")
    assert dump.suffix == ".dump" and dump.stat().st_size > 0
    assert list(tmp_path.glob("*.partial")) == []

    restore = make("restore", f"BACKUP={dump}", DATABASE_URL=scratch_database)
    assert restore.returncode == 0, restore.stderr

    for table in COMPARED:
        assert rows(scratch_database, table) == rows(database_url(), table), table
    titles = [row[0] for row in _titles(scratch_database)]
    assert titles == list(Article.objects.order_by("pk").values_list("title", flat=True))
    assert "Municipales : le second tour à Lyon" in titles


def _titles(url: str) -> list[tuple]:
    with psycopg.connect(url) as db:
        return db.execute("SELECT title FROM articles_article ORDER BY id").fetchall()


def test_restoring_again_replaces_what_the_database_holds(scratch_database, tmp_path):
    ArticleFactory(title="Avant la sauvegarde")
    dump = Path(
        make("backup", f"BACKUP_DIR={tmp_path}", DATABASE_URL=database_url())
        .stdout.strip()
        .splitlines()[-1]
    )
    assert make("restore", f"BACKUP={dump}", DATABASE_URL=scratch_database).returncode == 0
    with psycopg.connect(scratch_database) as db:
        db.execute("UPDATE articles_article SET title = 'Écrit après la sauvegarde'")

    again = make("restore", f"BACKUP={dump}", DATABASE_URL=scratch_database)

    assert again.returncode == 0, again.stderr
    assert _titles(scratch_database) == [("Avant la sauvegarde",)]


def test_restore_says_what_it_needs():
    if not shutil.which("make"):
        pytest.skip("make is needed")

    result = make("restore", DATABASE_URL="postgres://postgres@127.0.0.1:5432/nowhere")

    assert result.returncode != 0
    assert "BACKUP must name the dump: make restore BACKUP=var/backups/newsroom-….dump" in (
        result.stderr
    )
