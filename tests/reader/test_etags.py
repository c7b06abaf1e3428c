"""ETags of reader pages: made from what a page is built from, known before rendering."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils import timezone, translation

from articles import services
from articles.models import Article
from audience.rankings import sidebar_cache_key
from comments import services as comment_services
from infra import generations, pagecache
from reader import content
from reader import pages as reader_pages
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    SectionFactory,
)
from tests.reader.support import reader_urls, revalidate

pytestmark = pytest.mark.django_db


# ETags made from generations -------------------------------------------------------------


@pytest.fixture
def no_stored_pages(monkeypatch):
    """Every page is let go once sent, as if it had expired before the revalidation."""
    monkeypatch.setattr(pagecache.Page, "lifetime", lambda page, values: 0)


def assert_new_page(response, old_etag: str, *, showing: str = "") -> None:
    """A revalidation answered with the page in full, under a new ETag, showing ``showing``."""
    assert response.status_code == 200
    assert response["ETag"] != old_etag
    assert showing in response.content.decode()


@pytest.mark.parametrize("header", ["{}", "W/{}", '"autre", {}'])
def test_a_revalidation_is_answered_before_rendering_when_the_stored_page_is_gone(
    client, page_cache, no_stored_pages, rich_article, django_assert_num_queries, header
):
    url = rich_article.get_absolute_url()
    first = client.get(url)

    with django_assert_num_queries(0):
        response = revalidate(client, url, header.format(first["ETag"]))

    assert (first["X-Page-Cache"], response.status_code, response.content) == ("miss", 304, b"")
    assert response["ETag"] == first["ETag"]
    assert response.templates == []  # nothing rendered
    assert response["Surrogate-Key"] == f"article-{rich_article.pk}"
    assert response["Cache-Control"] == (
        "public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400"
    )


@pytest.mark.parametrize("page", ["home", "article"])
def test_stored_parts_let_a_page_revalidate_without_rendering(
    client, page_cache, no_stored_pages, rich_article, django_assert_num_queries, page
):
    url = reader_urls(rich_article)[page]
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(0):
        response = revalidate(client, url, etag)

    assert (response.status_code, response["ETag"], response.templates) == (304, etag, [])


@pytest.mark.parametrize("page", ["section", "topic", "author"])
def test_a_list_page_revalidates_from_the_stored_page_or_once_rendered(
    client, page_cache, rich_article, django_assert_num_queries, monkeypatch, page
):
    url = reader_urls(rich_article)[page]
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        stored = revalidate(client, url, etag)
    monkeypatch.setattr(pagecache.Page, "lifetime", lambda page, values: 0)
    cache.delete_many([pagecache._page_key(stored.wsgi_request, reader_pages.SECTION)])

    # Its owner, its page, their authors (and a section's arrangement by the desk).
    with django_assert_num_queries(4 if page == "section" else 3):
        rendered = revalidate(client, url, etag)

    assert (stored.status_code, rendered.status_code) == (304, 304)
    assert (stored["X-Page-Cache"], rendered["ETag"]) == ("hit", etag)


def fragment_key(name: str, *vary_on) -> str:
    return make_template_fragment_key(name, list(vary_on))


def expire(*keys: str) -> None:
    """What their lifetime does to these entries, on any backend (Redis has its own clock)."""
    cache.delete_many(list(keys))


@pytest.mark.parametrize("page", ["home", "section"])
def test_a_scheduled_story_going_live_changes_the_etag(
    client, page_cache, no_stored_pages, rich_article, page
):
    url = reader_urls(rich_article)[page]
    etag = client.get(url)["ETag"]
    ArticleFactory(
        section=rich_article.section,
        title="Publication programmée",
        published_at=timezone.now() + timedelta(seconds=30),
    )

    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        # The home page's stories are kept a minute (DATA_CACHE_SECONDS).
        expire(fragment_key("home_stories", "fr", cache.get(generations.LISTINGS_KEY)))
        response = revalidate(client, url, etag)

    assert_new_page(response, etag, showing="Publication programmée")


def test_a_renamed_read_also_target_changes_the_etag_once_the_body_is_rebuilt(
    client, page_cache, no_stored_pages, rich_article, django_capture_on_commit_callbacks
):
    url = rich_article.get_absolute_url()
    etag = client.get(url)["ETag"]
    target = Article.objects.get(title="Cible 0")

    target.title = "Cible renommée"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=target, changed_fields=["title"])
    same_minute = revalidate(client, url, etag)
    rich_article.refresh_from_db()
    version = cache.get(generations.article_key(rich_article.pk))
    expire(  # the body and its "Lire aussi" blocks are kept a minute (DATA_CACHE_SECONDS)
        fragment_key("article_main", rich_article.pk, "fr", version),
        content.article_extras_key(rich_article.pk),
    )
    later = revalidate(client, url, etag)

    assert same_minute.status_code == 304  # the body is kept a minute (DATA_CACHE_SECONDS)
    assert_new_page(later, etag, showing="Cible renommée")


def test_a_renamed_section_changes_the_etag_of_every_page(
    client, page_cache, no_stored_pages, rich_article, django_capture_on_commit_callbacks
):
    other = SectionFactory(slug="sport", name="Sport")
    url = rich_article.get_absolute_url()  # an article of another section
    etag = client.get(url)["ETag"]

    other.name = "Sports"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_section(section=other)
    response = revalidate(client, url, etag)

    assert_new_page(response, etag, showing=">Sports<")


def test_a_new_sidebar_changes_the_etag(
    client, page_cache, no_stored_pages, rich_article, django_capture_on_commit_callbacks
):
    moderator = get_user_model().objects.create_superuser("modo", "m@example.org", "pw-123-x")
    commented = ArticleFactory(title="Le débat du jour")
    url = rich_article.get_absolute_url()
    etag = client.get(url)["ETag"]

    with django_capture_on_commit_callbacks(execute=True):
        comment_services.accept_comment(comment=CommentFactory(article=commented), by=moderator)
    with translation.override("fr"):
        cache.delete(sidebar_cache_key())  # its minute is up
    response = revalidate(client, url, etag)

    assert_new_page(response, etag, showing="Le débat du jour")


def test_a_new_release_changes_the_etag(
    client, page_cache, no_stored_pages, rich_article, settings
):
    url = rich_article.get_absolute_url()
    etag = client.get(url)["ETag"]

    settings.NEWSROOM = {**settings.NEWSROOM, "RELEASE": "2026.12.01"}
    pagecache.release.cache_clear()
    try:
        response = revalidate(client, url, etag)
    finally:
        pagecache.release.cache_clear()

    assert_new_page(response, etag)


def test_comments_closing_by_age_change_the_etag(
    client, page_cache, no_stored_pages, rich_article, settings
):
    url = rich_article.get_absolute_url()
    etag = client.get(url)["ETag"]

    closing = rich_article.published_at + timedelta(days=settings.NEWSROOM["COMMENTS_OPEN_DAYS"])
    with time_machine.travel(closing + timedelta(minutes=1), tick=False):
        response = revalidate(client, url, etag)

    assert_new_page(response, etag)
    assert 'name="body"' not in response.content.decode()


def test_the_release_digest_is_stable_and_follows_the_setting(settings):
    pagecache.release.cache_clear()
    computed = pagecache.release()
    settings.NEWSROOM = {**settings.NEWSROOM, "SITE_NAME": "Le Soir"}
    renamed = pagecache._release_digest()
    settings.NEWSROOM = {**settings.NEWSROOM, "RELEASE": "abc123"}
    pagecache.release.cache_clear()
    try:
        assert (len(computed), computed == renamed, pagecache.release()) == (16, False, "abc123")
    finally:
        pagecache.release.cache_clear()


def test_an_etag_is_honoured_only_when_it_is_the_pages_own(client, page_cache, rich_article):
    url = rich_article.get_absolute_url()
    client.get(url)

    assert revalidate(client, url, "*").status_code == 200
    assert revalidate(client, url, '"ancienne"').status_code == 200


def test_every_host_is_served_the_one_stored_page_linking_to_the_site_url(
    client, page_cache, rich_article, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org"]
    url = rich_article.get_absolute_url()
    client.get(url)

    other = client.get(url, headers={"Host": "www.example.org"})

    # The page's links come from SITE_URL, not from the Host: one entry serves them all.
    assert other["X-Page-Cache"] == "hit"
    site = settings.NEWSROOM["SITE_URL"]
    assert f'<link rel="canonical" href="{site}{url}">' in other.content.decode()


# A page is never kept longer than the sidebar it shows ---------------------------------


def test_a_page_built_with_a_sidebar_past_its_minute_is_not_stored(
    client, page_cache, rich_article
):
    url = rich_article.get_absolute_url()
    client.get(url)
    with translation.override("fr"):
        key = sidebar_cache_key()
        sidebar = cache.get(key)
        cache.set(key, {**sidebar, "expires": time.time() - 1}, 60)  # the last good one

    first = client.get(url + "?commentaire=recu")
    second = client.get(url + "?commentaire=recu")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "miss")


def test_a_page_showing_the_last_good_sidebar_is_not_stored(client, page_cache, rich_article):
    url = rich_article.get_absolute_url()
    client.get(url)
    with translation.override("fr"):
        key = sidebar_cache_key()
        last = cache.get(f"{key}:last")
        cache.set(f"{key}:last", {**last, "expires": time.time() - 30}, 600)
        cache.delete(key)
        cache.add(f"{key}:lock", 1, 30)  # another worker is computing it

    first = client.get(url + "?commentaire=recu")
    second = client.get(url + "?commentaire=recu")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "miss")
    assert first["ETag"] == second["ETag"]


def test_a_page_lives_no_longer_than_the_sidebar_it_shows(monkeypatch):
    monkeypatch.setattr(time, "time", lambda: 1_000.0)
    values = {"sidebar": {"html": "…", "expires": 1_025.0}, "row": {"generation": 1}, "menu": "…"}
    without_sidebar = {**values, "sidebar": None}

    lifetimes = (
        reader_pages.ARTICLE.lifetime(values),
        reader_pages.ARTICLE.lifetime(without_sidebar),
    )
    assert lifetimes == (25, 60)
