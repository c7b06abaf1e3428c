"""
The page-cache key keeps only the parameters a page reads: any other query string is
the canonical page, served from its entry, storing nothing (no flooding the cache
with ``?x=<random>``).
"""

import secrets

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from infra import pagecache
from reader import pages
from tests.reader.support import reader_urls

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["home", "section", "article"])
def test_random_parameters_are_served_the_canonical_page_and_store_nothing(
    client, page_cache, rich_article, django_assert_num_queries, page
):
    url = reader_urls(rich_article)[page]
    canonical = client.get(url)
    declared = {"home": pages.HOME, "section": pages.SECTION, "article": pages.ARTICLE}[page]
    stored = cache.get(pagecache._page_key(canonical.wsgi_request, declared))

    with django_assert_num_queries(0):
        answers = [client.get(url, {"x": secrets.token_hex(8)}) for _ in range(50)]

    assert {a["X-Page-Cache"] for a in answers} == {"hit"}  # a hit stores nothing
    assert {a.content for a in answers} == {canonical.content}
    assert stored is None or stored["content"] == canonical.content


def test_a_random_parameter_on_a_cold_page_stores_the_canonical_entry(client, page_cache):
    url = reverse("articles:home")
    first = client.get(url, {"x": "1"})

    second = client.get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")


def test_the_page_key_keeps_only_the_declared_parameters():
    factory = RequestFactory()
    key = pagecache._page_key

    canonical = key(factory.get("/article/a-1/"), pages.ARTICLE)
    noisy = key(factory.get("/article/a-1/?x=1&utm_source=y&fbclid=z"), pages.ARTICLE)
    second_page = key(factory.get("/article/a-1/?commentaires=2&x=1"), pages.ARTICLE)
    notice = key(factory.get("/article/a-1/?commentaire=recu"), pages.ARTICLE)

    assert noisy == canonical
    assert len({canonical, second_page, notice}) == 3


def test_a_percent_encoded_parameter_name_is_the_parameter_it_decodes_to():
    # ?pa%67e=2 is ?page=2 to the view: it must not be stored as the first page.
    factory = RequestFactory()

    encoded = pagecache._page_key(factory.get("/rubrique/eco/?pa%67e=2"), pages.SECTION)
    plain = pagecache._page_key(factory.get("/rubrique/eco/?page=2"), pages.SECTION)

    assert encoded == plain


def test_the_host_is_not_part_of_the_page_key():
    factory = RequestFactory()

    ours = pagecache._page_key(factory.get("/", HTTP_HOST="127.0.0.1"), pages.HOME)
    other = pagecache._page_key(factory.get("/", HTTP_HOST="localhost"), pages.HOME)

    assert ours == other


def test_a_notice_the_page_does_not_show_is_the_canonical_page(
    client, page_cache, rich_article, django_assert_num_queries
):
    url = rich_article.get_absolute_url()
    canonical = client.get(url)
    received = client.get(url, {"commentaire": "recu"})

    with django_assert_num_queries(0):
        answers = [client.get(url, {"commentaire": secrets.token_hex(8)}) for _ in range(20)]

    assert received["X-Page-Cache"] == "miss"  # a notice readers see: a page of its own
    assert {a["X-Page-Cache"] for a in answers} == {"hit"}
    assert {a.content for a in answers} == {canonical.content}


def test_the_bench_parameter_is_part_of_the_key_only_with_the_bench_endpoints(settings):
    factory = RequestFactory()
    first, second = factory.get("/?bench=1"), factory.get("/?bench=2")

    settings.BENCH_ENDPOINTS = False
    without = pagecache._page_key(first, pages.HOME) == pagecache._page_key(second, pages.HOME)
    settings.BENCH_ENDPOINTS = True
    with_bench = pagecache._page_key(first, pages.HOME) == pagecache._page_key(second, pages.HOME)

    assert (without, with_bench) == (True, False)
