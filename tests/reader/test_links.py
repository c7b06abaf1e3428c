"""
Absolute links come from SITE_URL, never from the request's Host or port; the
language switcher never links off the site.
"""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE = "https://www.lequotidien.example"
FORGED = {"HTTP_HOST": "evil.example:8443"}


@pytest.fixture
def site_url(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "SITE_URL": SITE + "/"}
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]


def hrefs(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def test_an_article_page_links_to_the_site_url_whatever_the_host(client, rich_article, site_url):
    html = client.get(rich_article.get_absolute_url(), **FORGED).content.decode()

    path = rich_article.get_absolute_url()
    assert hrefs(html, r'<link rel="canonical" href="([^"]*)"') == [SITE + path]
    assert hrefs(html, r'<meta property="og:url" content="([^"]*)"') == [SITE + path]
    assert hrefs(html, r'<link rel="alternate" hreflang="(\w+)" href="([^"]*)"') == [
        ("fr", SITE + path),
        ("en", SITE + "/en" + path),
    ]
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html).group(1))
    assert data["mainEntityOfPage"] == SITE + path
    assert data["publisher"]["logo"]["url"].startswith(SITE + "/static/")
    assert "evil.example" not in html


def test_a_list_page_canonical_is_on_the_site_url(client, rich_article, site_url):
    url = reverse("articles:section", kwargs={"slug": "economie"})

    html = client.get(url, **FORGED).content.decode()

    assert hrefs(html, r'<link rel="canonical" href="([^"]*)"') == [SITE + url]


def test_feeds_link_to_the_site_url_whatever_the_host(client, rich_article, site_url):
    for url in (
        reverse("articles:feed"),
        reverse("articles:section_feed", kwargs={"slug": "economie"}),
    ):
        xml = client.get(url, **FORGED).content.decode()

        links = re.findall(r"<link>([^<]*)</link>", xml) + re.findall(r'href="([^"]*)"', xml)
        assert links and all(link.startswith(SITE + "/") for link in links), links
        assert "evil.example" not in xml


def test_sitemaps_list_the_site_url_whatever_the_host(client, rich_article, site_url):
    for url in (
        reverse("sitemap_index"),
        reverse("sitemap_section", kwargs={"section": "articles"}),
        reverse("news_sitemap"),
    ):
        xml = client.get(url, **FORGED).content.decode()

        locations = re.findall(r"<loc>([^<]*)</loc>", xml)
        assert locations and all(loc.startswith(SITE + "/") for loc in locations), locations
        assert "evil.example" not in xml


@pytest.mark.parametrize("path", ["//evil.example/", "//evil.example/en/", "/\\evil.example/"])
def test_the_language_switcher_on_a_double_slash_path_stays_on_the_site(client, path, site_url):
    response = client.get("/", PATH_INFO=path)

    html = response.content.decode()
    switcher = hrefs(html, r'<a href="([^"]*)" hreflang=')
    alternates = hrefs(html, r'<link rel="alternate" hreflang="\w+" href="([^"]*)"')
    assert response.status_code == 404
    assert switcher and all(re.match(r"/[^/\\]", url) for url in switcher), switcher
    assert alternates and all(url.startswith(SITE + "/") for url in alternates), alternates
    assert all("//" not in url.removeprefix(SITE) for url in alternates), alternates
