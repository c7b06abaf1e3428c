"""
`make soak`: mixed traffic against the site with production settings while Redis and
then PostgreSQL restart and the mail server stops answering, a minute each; then
check that nothing answered as a success was lost (docs/reliability.md).

    python bench/soak.py [--duration 600]

Everything runs on loopback and is the soak's own (bench/soakstack.py): a temporary
PostgreSQL cluster and Redis, an SMTP sink behind a fault proxy, and the Procfile's
processes (gunicorn, the task worker, the mail worker, the scheduler). Exits 1 when a
check fails.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from http.client import HTTPConnection, HTTPException
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.soakstack import (
    ROOT,
    Postgres,
    Redis,
    Smtp,
    free_port,
    now,
    site_processes,
    wait_for,
)

# Only ever used on loopback by this harness.
SOAK_SECRET_KEY = "soak-p8Vd2mQ7rLx4ZkT9wB1nC6yH3fG5eJ0aUoSiRtVyXwNqMl"  # noqa: S105
EDITOR, EDITOR_PASSWORD = "soak-editrice", "soak-mot-de-passe-2026"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Firefox/140.0"
# Fault windows, as fractions of the run: the outages leave time for the queue to drain.
FAULTS = (("redis", 0.15), ("postgresql", 0.40), ("smtp", 0.65))
OUTAGE_SECONDS = 60


@dataclass
class Tally:
    """What the traffic saw, shared by its threads."""

    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    comments: list[str] = field(default_factory=list)  # bodies answered as received
    reports: list[str] = field(default_factory=list)  # references answered
    notices: list[str] = field(default_factory=list)  # notifier addresses of those
    published: list[int] = field(default_factory=list)  # drafts the editor published
    reads: list[tuple[datetime, int]] = field(default_factory=list)  # 204s: when, article
    unanswered_reads: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, kind: str, status: int | str) -> None:
        with self.lock:
            self.statuses[kind][status] += 1


class Client:
    """One visitor: its own address, user agent and cookies; redirects not followed."""

    def __init__(self, port: int, *, agent: str = BROWSER) -> None:
        self.port, self.agent, self.cookies = port, agent, {}
        self.address = (
            f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        )

    def request(self, method: str, path: str, data: dict | None = None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True) if data is not None else None
        sent = {
            "User-Agent": self.agent,
            "X-Forwarded-For": self.address,
            # Behind the TLS proxy of a real deployment (SECURE_PROXY_SSL_HEADER).
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{self.port}",
            "Referer": f"https://127.0.0.1:{self.port}{path}",
            **(headers or {}),
        }
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        except (OSError, HTTPException):
            return "error", {}, b""
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), content


class Traffic:
    def __init__(self, port: int, fixtures: dict, tally: Tally, stop: threading.Event) -> None:
        self.port, self.fixtures, self.tally, self.stop = port, fixtures, tally, stop
        self._serial = 0
        self._serial_lock = threading.Lock()

    def serial(self) -> int:
        with self._serial_lock:
            self._serial += 1
            return self._serial

    def loop(self, work, pause: float) -> None:
        while not self.stop.is_set():
            work()
            self.stop.wait(pause)

    def read_page(self) -> None:
        path = random.choice(self.fixtures["pages"])
        status, _headers, _body = Client(self.port).request("GET", path)
        self.tally.saw("reader", status)

    def beacon(self) -> None:
        article = random.choice(self.fixtures["articles"])
        client = Client(self.port, agent=f"{BROWSER} soak/{self.serial()}")  # a new reader
        status, _headers, _body = client.request(
            "POST", f"/audience/lu/{article}/", headers={"Sec-Fetch-Site": "same-origin"}
        )
        self.tally.saw("beacon", status)
        with self.tally.lock:
            if status == 204:
                self.tally.reads.append((now(), article))
            elif status == "error":
                self.tally.unanswered_reads += 1

    def comment(self) -> None:
        client, article = Client(self.port), random.choice(self.fixtures["commentable"])
        status, _headers, body = client.request("GET", "/commentaires/jeton/")
        if status != 200:
            self.tally.saw("comment", f"token {status}")
            return
        if self.stop.wait(3.2):  # COMMENT_MIN_FILL_SECONDS: a person takes time to write
            return
        number = self.serial()
        text = f"Commentaire d'endurance numéro {number} : un avis argumenté."
        status, headers, _body = client.request(
            "POST",
            f"/commentaires/article/{article}/",
            {
                "name": f"Lecteur {number}",
                "email": f"lecteur{number}@example.org",
                "body": text,
                "website": "",
                "ts": json.loads(body)["ts"],
                "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
            },
        )
        self.tally.saw("comment", status)
        if status == 302 and "commentaire=" in headers.get("Location", ""):
            with self.tally.lock:
                self.tally.comments.append(text)

    def report(self) -> None:
        client, comment = Client(self.port), random.choice(self.fixtures["comments"])
        path = f"/commentaires/{comment}/signaler/"
        status, _headers, _body = client.request("GET", path)
        if status != 200:
            self.tally.saw("report", f"form {status}")
            return
        number = self.serial()
        notice = number % 3 != 0  # two in three are DSA notices, acknowledged by mail
        address = f"notifiant{number}@example.org" if notice else ""
        status, headers, _body = client.request(
            "POST",
            path,
            {
                "reason": "illegal" if notice else "off_topic",
                "category": "illegal_or_harmful_speech" if notice else "",
                "details": f"Signalement d'endurance {number}.",
                "notifier_name": f"Notifiant {number}" if notice else "",
                "notifier_email": address,
                "good_faith": "on",
                "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
            },
        )
        self.tally.saw("notice" if notice else "report", status)
        found = re.search(r"ref=(SIG-\w+)", headers.get("Location", ""))
        if status == 302 and found:
            with self.tally.lock:
                self.tally.reports.append(found.group(1))
                if notice:
                    self.tally.notices.append(address)

    def editor(self) -> None:
        """An editor logs in (password, then the authenticator's code) and publishes drafts."""
        client = Client(self.port)
        while not self.stop.is_set() and not self._log_in(client):
            self.stop.wait(5)
        for draft in self.fixtures["drafts"]:
            if self.stop.is_set():
                return
            status, headers, _body = client.request(
                "POST",
                "/admin/articles/article/",
                {
                    "action": "publish_selected",
                    "_selected_action": str(draft),
                    "index": "0",
                    "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
                },
            )
            self.tally.saw("publish", status)
            if status == 302 and headers.get("Location", "").startswith("/admin/articles/article/"):
                with self.tally.lock:
                    self.tally.published.append(draft)
            elif status == 302:  # sent back to the login: the session was lost
                self._log_in(client)
            self.stop.wait(self.fixtures["publish_every"])

    def _log_in(self, client: Client) -> bool:
        from django_otp.oath import totp

        status, _headers, _body = client.request("GET", "/admin/login/")
        if status != 200:
            self.tally.saw("login", status)
            return False
        status, headers, _body = client.request(
            "POST",
            "/admin/login/?next=/admin/",
            {
                "username": EDITOR,
                "password": EDITOR_PASSWORD,
                "next": "/admin/",
                "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
            },
        )
        self.tally.saw("login", status)
        if status != 302:
            return False
        key, step = self.fixtures["totp"]
        status, headers, _body = client.request(
            "POST",
            "/admin/securite/verification/?next=/admin/",
            {
                "code": f"{totp(key, step=step):06d}",
                "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
            },
        )
        self.tally.saw("login", status)
        return status == 302 and headers.get("Location") == "/admin/"


def soak_env(postgres: Postgres, redis: Redis, smtp: Smtp, base: Path, port: int) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "NEWSROOM_ENV": "production",
            "SECRET_KEY": SOAK_SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"https://127.0.0.1:{port}",
            "SECURE_SSL_REDIRECT": "false",
            "SERVE_MEDIA": "true",
            "TRUSTED_PROXIES": "1",
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.proxy.port),
            "EMAIL_USE_TLS": "false",
            "STATIC_ROOT": str(base / "static"),
            "MEDIA_ROOT": str(base / "media"),
            "CACHE_KEY_PREFIX": "soak",
            # Readers report whatever they like: no comment is hidden by reports here.
            "REPORTS_TO_HIDE": "1000000",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def manage(env: dict, *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(env: dict, drafts: int) -> dict:
    """Migrate and seed the demo, then what the traffic needs; Django set up in this process."""
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--no-progress")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    import django

    django.setup()
    from bench.soakdata import fixtures

    return fixtures(drafts=drafts, editor=EDITOR, password=EDITOR_PASSWORD)


def faults(stack: dict, duration: float, start: float, stop: threading.Event) -> list:
    """Run the fault timeline; returns (what, from, to) windows."""
    outage = min(OUTAGE_SECONDS, duration / 5)
    windows = []
    for what, at in FAULTS:
        if stop.wait(max(0.0, start + at * duration - time.monotonic())):
            break
        if what == "redis":
            stack["redis"].stop()
        elif what == "postgresql":
            stack["postgres"].stop()
        else:
            stack["smtp"].proxy.set_mode("blackhole")
        began = now()  # once the server is gone: what it answered before was answered
        stop.wait(outage)
        if what == "redis":
            stack["redis"].start()
        elif what == "postgresql":
            stack["postgres"].start()
        else:
            stack["smtp"].proxy.set_mode("pass")
        windows.append((what, began, now()))
    return windows


def main() -> None:
    parser = argparse.ArgumentParser(description="Newsroom soak test")
    parser.add_argument("--duration", type=float, default=600, help="seconds of traffic")
    parser.add_argument("--drain", type=float, default=420, help="seconds allowed to drain")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="newsroom-soak-"))
    base.chmod(0o755)  # the PostgreSQL user reaches its data directory inside
    port = free_port()
    postgres, redis, smtp = Postgres(base / "pg"), Redis(), Smtp()
    stack = {"postgres": postgres, "redis": redis, "smtp": smtp}
    processes = []
    try:
        postgres.start()
        postgres.create_database()
        redis.start()
        env = soak_env(postgres, redis, smtp, base, port)
        print(f"Preparing the site (PostgreSQL :{postgres.port}, Redis :{redis.port}) …")
        fixtures = prepare(env, drafts=max(4, int(options.duration / 20)))
        fixtures["publish_every"] = options.duration / len(fixtures["drafts"])
        from django.db import connections

        connections.close_all()
        processes = site_processes(env, port, base)
        for process in processes:
            process.start()
        wait_for(
            lambda: Client(port).request("GET", "/healthz")[0] == 200, seconds=60, what="gunicorn"
        )
        tally, stop = Tally(), threading.Event()
        traffic = Traffic(port, fixtures, tally, stop)
        threads = [
            threading.Thread(target=traffic.loop, args=(traffic.read_page, 0.1)),
            threading.Thread(target=traffic.loop, args=(traffic.read_page, 0.1)),
            threading.Thread(target=traffic.loop, args=(traffic.beacon, 0.1)),
            threading.Thread(target=traffic.loop, args=(traffic.comment, 1.0)),
            threading.Thread(target=traffic.loop, args=(traffic.report, 4.0)),
            threading.Thread(target=traffic.editor),
        ]
        print(f"Traffic for {options.duration:.0f} s on http://127.0.0.1:{port}/ …")
        start = time.monotonic()
        for thread in threads:
            thread.start()
        windows_box = []
        timeline = threading.Thread(
            target=lambda: windows_box.extend(faults(stack, options.duration, start, stop))
        )
        timeline.start()
        while time.monotonic() - start < options.duration:
            for process in processes:
                process.watch()
            time.sleep(0.5)
        stop.set()
        for thread in [*threads, timeline]:
            thread.join(timeout=60)
        from bench.soakdata import drain, verify

        drained = drain(seconds=options.drain, watch=lambda: [p.watch() for p in processes])
        exits = {p.name: len(p.exits) for p in processes}
        ok = verify(
            tally,
            smtp.sink,
            windows_box,
            articles=fixtures["articles"],
            reads_before=fixtures["reads_before"],
            exits=exits,
            drained=drained,
        )
    finally:
        for process in processes:
            process.stop()
        for action in (redis.stop, postgres.stop, smtp.close):
            try:
                action()
            except Exception as error:
                print(f"cleanup: {error}", file=sys.stderr)
        if options.keep:
            print(f"Kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
