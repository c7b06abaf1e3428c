"""robots.txt, /.well-known/security.txt and the LICENSE the project declares."""

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import resolve
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "SITE_URL": "https://www.lequotidien.example"}


def test_robots_txt_keeps_crawlers_off_private_addresses_names_the_sitemaps_refuses_ai(
    client, site, settings, django_assert_num_queries
):
    settings.NEWSROOM = {**settings.NEWSROOM, "AI_CRAWLERS_BLOCKED": ["GPTBot", "CCBot"]}

    with django_assert_num_queries(0):
        response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /apercu/\n"
        "Disallow: /audience/\n"
        "Disallow: /commentaires/\n"
        "Disallow: /en/admin/\n"
        "Disallow: /en/apercu/\n"
        "Disallow: /en/audience/\n"
        "Disallow: /en/commentaires/\n"
        "\n"
        "# Crawlers gathering text to train or feed AI models: refused.\n"
        "User-agent: GPTBot\n"
        "User-agent: CCBot\n"
        "Disallow: /\n"
        "\n"
        "Sitemap: https://www.lequotidien.example/sitemap.xml\n"
        "Sitemap: https://www.lequotidien.example/sitemap-news.xml\n"
    )


def test_robots_txt_without_an_ai_opt_out_has_no_such_group(client, site, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "AI_CRAWLERS_BLOCKED": []}

    text = client.get("/robots.txt").content.decode()

    assert "Disallow: /\n" not in text
    assert "User-agent: *\n" in text and text.count("User-agent:") == 1


def test_the_default_opt_out_names_the_known_ai_crawlers_not_the_search_engines(settings):
    blocked = settings.NEWSROOM["AI_CRAWLERS_BLOCKED"]

    assert {"GPTBot", "ClaudeBot", "CCBot", "Google-Extended", "PerplexityBot"} <= set(blocked)
    assert not {"Googlebot", "Bingbot", "Qwantbot", "Applebot"} & set(blocked)


def test_the_paths_refused_to_crawlers_are_the_private_ones(client):
    assert resolve("/admin/").app_name == "admin"
    assert resolve("/apercu/article/1/").url_name == "preview"
    assert resolve("/audience/lu/1/").url_name == "read"
    assert resolve("/commentaires/jeton/").url_name == "token"
    with translation.override("en"):
        assert resolve("/en/admin/").app_name == "admin"
        assert resolve("/en/apercu/article/1/").url_name == "preview"


@time_machine.travel(datetime(2026, 3, 16, 15, 42, tzinfo=UTC), tick=False)
def test_security_txt_has_the_rfc_9116_fields_with_an_expiry_computed_from_today(
    client, site, settings, django_assert_num_queries
):
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        "SECURITY_CONTACT": ["mailto:securite@lequotidien.example", "tel:+33-1-23-45-67-89"],
        "SECURITY_POLICY_URL": "https://www.lequotidien.example/securite/",
    }

    with django_assert_num_queries(0):
        response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response.content.decode() == (
        "Contact: mailto:securite@lequotidien.example\n"
        "Contact: tel:+33-1-23-45-67-89\n"
        "Expires: 2026-09-12T00:00:00Z\n"
        "Preferred-Languages: fr, en\n"
        "Canonical: https://www.lequotidien.example/.well-known/security.txt\n"
        "Policy: https://www.lequotidien.example/securite/\n"
    )


def test_security_txt_without_a_policy_has_no_policy_field(client, site):
    text = client.get("/.well-known/security.txt").content.decode()

    assert text.startswith("Contact: mailto:securite@example.org\nExpires: ")
    assert "Policy:" not in text


def test_the_site_files_refuse_other_methods(client):
    assert client.post("/robots.txt").status_code == 405
    assert client.post("/.well-known/security.txt").status_code == 405


def test_the_license_file_is_the_one_pyproject_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    text = (ROOT / "LICENSE").read_text()

    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    assert text.startswith("BSD 3-Clause License\n\nCopyright (c) 2026, the Newsroom authors\n")
    assert "3. Neither the name of the copyright holder nor the names of its" in text
    assert text.rstrip().endswith("EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.")
