import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Jd9_vQ2-pLx8ZrT5mW1nB7cY4hF6gE0aUoSiRtVyXwNqMl-Hz8"  # 52 varied characters


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        # The browser tests allow async-unsafe calls while their browser runs; a
        # subprocess must not inherit that.
        if key
        not in {
            "SECRET_KEY",
            "NEWSROOM_ENV",
            "DEBUG",
            "ALLOWED_HOSTS",
            "SITE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("key", [None, "too-short"])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    env = {"NEWSROOM_ENV": "production", "ALLOWED_HOSTS": "example.org"}
    if key:
        env["SECRET_KEY"] = key

    result = run_manage("check", **env)

    assert result.returncode == 1
    assert "Production mode needs a SECRET_KEY of at least 50 random characters" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        NEWSROOM_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
    )

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


@pytest.mark.parametrize("site_url", [None, "http://example.org", "https://127.0.0.1:8000"])
def test_the_deployment_checklist_asks_for_the_public_site_url(site_url):
    env = {"NEWSROOM_ENV": "production", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "example.org"}
    if site_url:
        env["SITE_URL"] = site_url

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)

    assert result.returncode == 1
    assert "(newsroom.W001) SITE_URL is not the site's public HTTPS address" in result.stderr


def test_production_redirects_to_https_except_the_health_check():
    code = (
        "from django.test import Client; c = Client(); "
        "print(c.get('/healthz', HTTP_HOST='example.org').status_code, "
        "c.get('/', HTTP_HOST='example.org').status_code)"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        NEWSROOM_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301"]
