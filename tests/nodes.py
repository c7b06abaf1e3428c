"""
Application nodes for the deployment tests: the test database as a URL another process
can open, and gunicorn processes started on it (what a second machine runs), each on a
loopback port of its own, stopped when the test ends.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from tests.faults import free_port

ROOT = Path(__file__).resolve().parents[1]

# What the test process's environment may carry that a node must not inherit.
NOT_INHERITED = {
    "SECRET_KEY",
    "NEWSROOM_ENV",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "MEDIA_STORAGE",
    "MEDIA_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PAGE_CACHE",
}


def wait_until(predicate: Callable[[], bool], *, seconds: float) -> None:
    """Poll ``predicate`` until it holds, failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {seconds} s")
        time.sleep(0.05)


def database_url() -> str | None:
    """The test database as a DATABASE_URL, when it is a server (PostgreSQL)."""
    real = connection.settings_dict
    if connection.vendor != "postgresql":
        return None
    password = f":{quote(real['PASSWORD'], safe='')}" if real["PASSWORD"] else ""
    host, port = real["HOST"] or "127.0.0.1", real["PORT"] or "5432"
    return f"postgres://{quote(real['USER'])}{password}@{host}:{port}/{real['NAME']}"


def shared_database(tmp_path: Path):
    """
    The test database as a DATABASE_URL another process can open (a generator for a
    fixture). SQLite's test database lives in this process's memory: it is copied to
    a file, which this process uses too until the test ends (a connection of its own
    keeps the in-memory database alive meanwhile, for the flush after the test).
    """
    real = dict(connection.settings_dict)
    url = database_url()
    if url is not None:
        yield url
        return
    if not connection.is_in_memory_db():
        yield f"sqlite:///{real['NAME']}"
        return
    path = tmp_path / "db.sqlite3"
    with closing(sqlite3.connect(real["NAME"], uri=True)) as keeper:
        with closing(sqlite3.connect(path)) as copy:
            keeper.backup(copy)
        connection.settings_dict["NAME"] = str(path)
        connection.close()  # now a file: closed for real, reopened on the copy
        try:
            yield f"sqlite:///{path}"
        finally:
            connection.close()
            connection.settings_dict["NAME"] = real["NAME"]
            connection.ensure_connection()  # back on the in-memory database before its keeper goes


def node_environment(**env: str) -> dict[str, str]:
    """This process's environment less what describes its own site, plus ``env``."""
    base = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    return {**base, "NEWSROOM_ENV": "development", "DEBUG": "false", "LOG_LEVEL": "WARNING", **env}


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the caller sees the 3xx itself


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None) -> Response:
    """One HTTP request to a loopback server, whatever its status; no redirect followed."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("the deployment tests only talk to loopback")
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with _opener.open(request, timeout=15) as answer:
            return Response(answer.status, dict(answer.headers), answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers), error.read())


class Node:
    """``gunicorn newsroom.wsgi`` on a loopback port, with ``env`` as its environment."""

    def __init__(
        self, env: dict[str, str], *, log: Path, workers: int = 1, wait: bool = True
    ) -> None:
        self.port = free_port()
        self.log = log
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--config",
            "python:newsroom.gunicorn",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--timeout",
            "30",
        ]
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=node_environment(ALLOWED_HOSTS="127.0.0.1", **env),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        if wait:
            self.wait_ready()

    def wait_ready(self) -> None:
        """Until the node answers its health check (started without ``wait``)."""
        try:
            wait_until(self._healthy, seconds=30)
        except AssertionError:
            self.stop()
            raise AssertionError(f"the node did not start:\n{self.log.read_text()}") from None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the node exited:\n{self.log.read_text()}")
        try:
            return fetch(f"{self.url}/healthz").status == 200
        except OSError:
            return False

    def get(self, path: str, **kwargs) -> Response:
        return fetch(f"{self.url}{path}", **kwargs)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
