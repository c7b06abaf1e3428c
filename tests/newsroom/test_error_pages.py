"""
Error pages never fail themselves: a body in another charset, a media or static
name longer than the file system takes, more parameters than Django reads, each
answer a 4xx page, with development settings and with production ones.
"""

import json
import subprocess
import sys

import pytest
from django.test import Client

from tests.newsroom.error_requests import broken_requests
from tests.newsroom.test_settings import ROOT, STRONG_KEY

EXPECTED = {
    "latin1_post": 403,  # no CSRF token: the CSRF failure page
    "unknown_charset_post": 403,
    "long_media_name": 404,
    "long_static_name": 404,
    "many_parameters": 400,
    "many_parameters_read": 400,
    "many_fields_post": 403,  # the body cannot be read: no CSRF token in it
}


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False], ids=["debug", "no-debug"])
def test_broken_requests_answer_4xx_pages_in_development(settings, debug):
    settings.DEBUG = debug
    settings.SERVE_MEDIA = True
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)

    assert broken_requests(client) == EXPECTED


def test_broken_requests_answer_4xx_pages_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "NEWSROOM_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SERVE_MEDIA": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.newsroom.error_requests"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["statuses"] == EXPECTED
    # Production's one more security header, whole (see test_security_headers.py).
    assert answers["hsts"] == dict.fromkeys(
        ["404", "static", "beacon", "media"], "max-age=31536000; includeSubDomains; preload"
    )


@pytest.mark.django_db
def test_too_many_parameters_answer_the_sites_400_page(client):
    response = client.get("/", {f"p{n}": "1" for n in range(1001)})

    assert response.status_code == 400
    assert "<h1>Requête incorrecte</h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_post_without_its_token_answers_the_sites_csrf_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/commentaires/article/1/",
        "name=Ren%E9",
        content_type="application/x-www-form-urlencoded; charset=iso-8859-1",
    )

    assert response.status_code == 403
    assert "<h1>Formulaire expiré</h1>" in response.content.decode()
