"""
Stored reader pages are served to anonymous readers before the middleware that only
building a page needs; every other request goes on untouched, and a miss reads the
page cache once.
"""

from unittest import mock

import pytest
from django.core.cache import caches
from django.core.handlers.base import BaseHandler
from django.urls import reverse

from infra import pagemiddleware
from infra.pagemiddleware import is_reader_path, reader_urls
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}


@pytest.fixture
def article():
    return ArticleFactory(section=SectionFactory(slug="economie"), title="Le budget voté")


@pytest.fixture
def handler_resolves():
    """Every URL resolution of Django's handler (the page cache's own ones left out)."""
    with mock.patch.object(
        BaseHandler, "resolve_request", autospec=True, side_effect=BaseHandler.resolve_request
    ) as resolve_request:
        yield resolve_request


@pytest.mark.parametrize("english", [False, True])
def test_a_stored_page_is_served_before_the_handler_resolves_the_url(
    client, page_cache, article, handler_resolves, english
):
    url = ("/en" if english else "") + article.get_absolute_url()
    miss = client.get(url)
    handler_resolves.reset_mock()

    hit = client.get(url)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert handler_resolves.call_count == 0
    assert hit.content == miss.content
    assert (hit["Content-Language"], hit["ETag"]) == ("en" if english else "fr", miss["ETag"])
    assert hit["Content-Length"] == miss["Content-Length"] == str(len(miss.content))
    assert hit["Cache-Control"] == miss["Cache-Control"]
    assert hit["Surrogate-Key"] == f"article-{article.pk}"
    assert not hit.has_header("Vary")


def test_a_stored_page_answers_its_etag_with_304_before_the_handler(
    client, page_cache, article, handler_resolves
):
    etag = client.get(article.get_absolute_url())["ETag"]
    handler_resolves.reset_mock()

    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})

    assert (response.status_code, response["ETag"], response["X-Page-Cache"]) == (304, etag, "hit")
    assert handler_resolves.call_count == 0


def test_a_miss_reads_the_page_and_its_generation_once(client, page_cache, article):
    backend = type(caches["default"])
    with mock.patch.object(
        backend, "get_many", autospec=True, side_effect=backend.get_many
    ) as get_many:
        response = client.get(article.get_absolute_url())

    reads = [call.args[1] for call in get_many.call_args_list]
    page_reads = [keys for keys in reads if any(k.startswith("reader-page:") for k in keys)]
    assert (response["X-Page-Cache"], len(page_reads)) == ("miss", 1)
    assert page_reads[0][1] == f"v:article:{article.pk}"


def test_a_logged_in_reader_is_never_served_a_stored_page(
    client, page_cache, article, django_user_model
):
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.force_login(django_user_model.objects.create_user("lectrice", password="x" * 16))

    response = client.get(url)

    assert response.status_code == 200
    assert not response.has_header("X-Page-Cache")
    assert "private" in response["Cache-Control"]


def test_a_query_string_with_too_many_parameters_is_refused_even_for_a_stored_page(
    client, page_cache, article, settings
):
    url = article.get_absolute_url()
    client.get(url)
    client.get(url)
    query = "&".join(f"p{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.get(f"{url}?{query}")

    assert response.status_code == 400


def test_the_page_cache_off_serves_nothing_early(client, article, handler_resolves):
    client.get(article.get_absolute_url())
    handler_resolves.reset_mock()

    response = client.get(article.get_absolute_url())

    assert not response.has_header("X-Page-Cache")
    assert handler_resolves.call_count == 1


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", True),
        ("/en/", True),
        ("/article/le-budget-vote-12/", True),
        ("/en/article/le-budget-vote-12/", True),
        ("/rubrique/economie/", True),
        ("/recherche/", True),
        ("/direct/12/messages.json", True),
        ("/article/le-budget-vote-12/extra/", False),
        ("/rubrique/economie/rss.xml", False),
        ("/admin/", False),
        ("/commentaires/jeton/", False),
        # A partner's token is checked before its public ninjs page is looked up.
        ("/api/ninjs/articles/12", False),
        ("/static/css/site.css", False),
        ("/healthz", False),
    ],
)
def test_only_reader_pages_paths_are_looked_up(path, expected):
    assert is_reader_path(path) is expected


def test_every_reader_page_of_the_urlconf_is_looked_up():
    names = [page.name for _regex, page in reader_urls()]

    assert names == ["home", "article", "live_updates", "section", "topic", "author", "search"]
    assert is_reader_path(reverse("articles:detail", kwargs={"slug": "un-titre", "pk": 4}))
    assert is_reader_path(reverse("articles:author", kwargs={"slug": "jean-dupont"}))


def test_a_path_of_no_reader_page_is_not_resolved_by_the_page_cache(client, page_cache):
    with mock.patch.object(pagemiddleware, "_resolved") as resolved:
        response = client.get(reverse("robots_txt"))

    assert response.status_code == 200
    assert resolved.call_count == 0
