"""The language links of a page: from the route its request resolved to, as translate_url."""

import re

import pytest
from django.urls import reverse, translate_url
from django.utils import translation

from reader.templatetags import reader_tags
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_remembered():
    reader_tags._remembered_language_links.cache_clear()
    reader_tags._remembered_switcher.cache_clear()
    yield
    reader_tags._remembered_language_links.cache_clear()
    reader_tags._remembered_switcher.cache_clear()


def links(html: str) -> dict:
    switcher = re.search(r'<ul class="language-switcher"[^>]*>(.*?)</ul>', html).group(1)
    return {
        "switcher": re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', switcher),
        "current": re.findall(r'<span aria-current="true" lang="(\w+)">', switcher),
        "alternates": re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]*)"', html),
    }


def no_translate_url(*args, **kwargs):
    raise AssertionError("the path was resolved again")


@pytest.mark.parametrize("prefix, current, other", [("", "fr", "en"), ("/en", "en", "fr")])
def test_an_article_links_to_itself_in_the_other_language_without_resolving_again(
    client, settings, monkeypatch, prefix, current, other
):
    settings.NEWSROOM = {**settings.NEWSROOM, "SITE_URL": "https://journal.example"}
    article = ArticleFactory(section=SectionFactory(slug="economie"))
    with translation.override("fr"):
        french = article.get_absolute_url()
    path = prefix + french
    with translation.override(current):  # as the request resolves it
        expected = {"fr": translate_url(path, "fr"), "en": translate_url(path, "en")}
    monkeypatch.setattr(reader_tags, "translate_url", no_translate_url)

    found = links(client.get(path).content.decode())

    assert expected == {"fr": french, "en": "/en" + french}
    assert found == {
        "switcher": [(expected[other], other)],
        "current": [current],
        "alternates": [
            ("fr", "https://journal.example" + expected["fr"]),
            ("en", "https://journal.example" + expected["en"]),
        ],
    }


def test_a_page_not_found_is_translated_from_its_path(client):
    response = client.get("/en/rubrique/nulle-part/")

    assert response.status_code == 404
    assert links(response.content.decode())["switcher"] == [("/rubrique/nulle-part/", "fr")]


def test_the_switcher_escapes_what_it_shows(client):
    section = SectionFactory(slug="societe")
    path = reverse("articles:section", kwargs={"slug": section.slug}) + "?q=<script>"

    html = client.get(path).content.decode()

    assert "<script>" not in re.search(r'<ul class="language-switcher".*?</ul>', html).group(0)
