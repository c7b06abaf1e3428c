"""
The servers `make soak` runs on loopback, all its own and all temporary: a PostgreSQL
cluster (initdb into a temporary directory), a Redis without persistence, an SMTP
sink (aiosmtpd) behind the tests' fault proxy, and the site's processes as the
Procfile lists them (gunicorn, the task worker, the mail worker, the scheduler),
restarted like systemd would if one exits.

The machine's own PostgreSQL and Redis are never touched: a restart here stops the
soak's process and starts it again on the same port.
"""

import contextlib
import email
import glob
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.faults import FaultProxy, free_port, port_open

__all__ = ["ROOT", "Postgres", "Redis", "Smtp", "free_port", "now", "site_processes", "wait_for"]

ROOT = Path(__file__).resolve().parent.parent
RESTART_SECONDS = 5
USER = ("-U", "postgres")  # RestartSec of docs/deploy's units


def now() -> datetime:
    return datetime.now(UTC)


def wait_for(predicate, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not ready after {seconds} s")
        time.sleep(0.1)


class Postgres:
    """A throwaway cluster; as root, run by the ``postgres`` user (PostgreSQL refuses root)."""

    def __init__(self, base: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise SystemExit("PostgreSQL's server binaries are missing (/usr/lib/postgresql/)")
        self.bin = Path(found[-1]).parent
        self.data, self.port = base / "pgdata", free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        base.mkdir(parents=True, exist_ok=True)
        if self.user:
            shutil.chown(base, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _run(self, tool: str, *arguments: str) -> None:
        subprocess.run(
            [str(self.bin / tool), *arguments],
            check=True,
            user=self.user,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/newsroom"

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} "
            "-c max_connections=50 -c shared_buffers=64MB"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-l", "/dev/null", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        subprocess.run(
            [
                str(self.bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                *USER,
                "newsroom",
            ],
            check=True,
        )


class Redis:
    """redis-server on a free port, nothing saved: a restart loses what it held."""

    def __init__(self) -> None:
        self.port, self.process = free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--loglevel", "warning"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_for(lambda: port_open(self.port), seconds=10, what="redis-server")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Sink:
    """An SMTP server that counts each message by its Message-ID."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message_id = email.message_from_bytes(envelope.content).get("Message-ID", "")
        with self._lock:
            self.received[message_id.strip()] += 1
        return "250 OK"


class Smtp:
    def __init__(self) -> None:
        self.sink = Sink()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        self.proxy = FaultProxy(self.controller.port)

    def close(self) -> None:
        self.proxy.close()
        self.controller.stop()


class Supervised:
    """A site process, started again after RESTART_SECONDS when it exits."""

    def __init__(self, name: str, command: list[str], env: dict, log: Path) -> None:
        self.name, self.command, self.env, self.log = name, command, env, log
        self.exits: list[tuple[datetime, int]] = []
        self.process: subprocess.Popen | None = None
        self._stopping = False

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def watch(self) -> None:
        if self._stopping or self.process is None or self.process.poll() is None:
            return
        self.exits.append((now(), self.process.returncode))
        self.process = None
        threading.Timer(RESTART_SECONDS, self._restart).start()

    def _restart(self) -> None:
        if not self._stopping:
            self.start()

    def stop(self) -> None:
        self._stopping = True
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def procfile_commands(port: int, procfile: Path = ROOT / "Procfile") -> dict[str, list[str]]:
    """
    The Procfile's processes as the soak runs them: its own command lines (so the soak
    runs what `make serve` and production run: the web, the task workers, the
    scheduler), ``$PORT`` and ``${VAR:-default}`` expanded, ``python`` and the other
    programs taken from this interpreter's environment.
    """
    values = {"PORT": str(port)}

    def expand(match: re.Match) -> str:
        name = match.group(1) or match.group(3)
        return values.get(name, os.environ.get(name, match.group(2) or ""))

    programs = Path(sys.executable).parent
    commands = {}
    for line in procfile.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, command = line.split(":", 1)
        argv = shlex.split(re.sub(r"\$\{(\w+):-([^}]*)\}|\$(\w+)", expand, command))
        argv[0] = sys.executable if argv[0] == "python" else str(programs / argv[0])
        commands[name.strip()] = argv
    return commands


def site_processes(env: dict, port: int, logs: Path) -> list[Supervised]:
    """The processes of the Procfile, with production settings, each with its log."""
    return [
        Supervised(name, command, env, logs / f"{name}.log")
        for name, command in procfile_commands(port).items()
    ]
