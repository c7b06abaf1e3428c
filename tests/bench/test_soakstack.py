"""`make soak` runs the site's processes from the Procfile: web, both task workers, scheduler."""

import sys
from pathlib import Path

from bench.soakstack import procfile_commands

PROGRAMS = Path(sys.executable).parent


def test_the_soak_runs_every_process_of_the_procfile(monkeypatch):
    monkeypatch.delenv("WORKERS", raising=False)
    commands = procfile_commands(18555)

    assert commands == {
        "web": [
            str(PROGRAMS / "gunicorn"),
            "newsroom.wsgi",
            "--config",
            "python:newsroom.gunicorn",
            "--bind",
            "127.0.0.1:18555",
            "--workers",
            "2",
            "--access-logfile",
            "-",
        ],
        "worker": [
            sys.executable,
            "manage.py",
            "task_worker",
            "--queue-name",
            "default",
            "--no-reload",
            "--no-startup-delay",
        ],
        "mailer": [
            sys.executable,
            "manage.py",
            "task_worker",
            "--queue-name",
            "mail",
            "--no-reload",
            "--no-startup-delay",
        ],
        "scheduler": [sys.executable, "manage.py", "task_scheduler", "--no-heartbeat"],
    }


def test_variables_take_the_environment_or_their_default(tmp_path, monkeypatch):
    procfile = tmp_path / "Procfile"
    procfile.write_text("# a comment\n\nweb: gunicorn --bind :$PORT --workers ${WORKERS:-2}\n")
    monkeypatch.setenv("WORKERS", "4")

    assert procfile_commands(9, procfile) == {
        "web": [str(PROGRAMS / "gunicorn"), "--bind", ":9", "--workers", "4"]
    }
