"""Page cache, HTTP caching headers and query budgets of the reader pages."""

import time
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from articles import services
from articles.body import read_also_marker
from articles.models import Article
from audience import rankings
from audience import readers as audience_readers
from audience import views as audience_views
from audience.rankings import sidebar_cache_key
from comments import services as comment_services
from comments.models import Comment
from infra import generations, pagecache, ratelimit
from reader import content
from reader import pages as reader_pages
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}


@pytest.fixture
def rich_article():
    section = SectionFactory(slug="economie")
    topic = TopicFactory(slug="inflation")
    author = AuthorFactory(slug="jean-dupont")
    targets = [ArticleFactory(section=section, title=f"Cible {i}") for i in range(3)]
    return ArticleFactory(
        section=section,
        topics=[topic],
        authors=[author, AuthorFactory()],
        main_image=ImageFactory(),
        body="<p>Texte.</p>" + "".join(read_also_marker(t.pk) for t in targets),
    )


def reader_urls(article) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "section": reverse("articles:section", kwargs={"slug": "economie"}),
        "topic": reverse("articles:topic", kwargs={"slug": "inflation"}),
        "author": reverse("articles:author", kwargs={"slug": "jean-dupont"}),
        "article": article.get_absolute_url(),
    }


@pytest.mark.parametrize("page", ["home", "section", "topic", "author", "article"])
@pytest.mark.parametrize("comments", [0, 20, 500])
def test_reader_page_query_budget(
    client, django_assert_max_num_queries, rich_article, page, comments
):
    url = reader_urls(rich_article)[page]
    Comment.objects.bulk_create(
        Comment(
            article=rich_article,
            name=f"L{i}",
            email=f"l{i}@example.org",
            body=f"Avis {i}",
            status=Comment.Status.PUBLISHED,
            fingerprint=f"fp-{i}",
        )
        for i in range(comments)
    )
    Article.objects.filter(pk=rich_article.pk).update(comment_count=comments)
    cache.clear()

    with django_assert_max_num_queries(8) as cold:  # every shared cache empty
        client.get(url)
    with django_assert_max_num_queries(4) as warm:  # page cache off, shared data warm
        response = client.get(url)

    assert response.status_code == 200
    expected = EXPECTED_QUERIES[page]
    if page == "article" and comments == 0:
        expected = (expected[0] - 1, expected[1])  # no published comment, no comment query
    assert (len(cold), len(warm)) == expected


@pytest.mark.parametrize("page", ["home", "section", "topic", "author", "article"])
@pytest.mark.parametrize("links", [0, 3, 30])
@pytest.mark.parametrize("other_stories", [0, 30])
def test_reader_page_queries_do_not_grow_with_links_or_the_archive(
    client, django_assert_max_num_queries, page, links, other_stories
):
    section = SectionFactory(slug="economie")
    topic, author = TopicFactory(slug="inflation"), AuthorFactory(slug="jean-dupont")
    targets = ArticleFactory.create_batch(links, section=section)
    article = ArticleFactory(
        section=section,
        topics=[topic],
        authors=[author],
        main_image=ImageFactory(),
        body="<p>Texte.</p>" + "".join(read_also_marker(t.pk) for t in targets),
    )
    # The rest of the archive: other sections' stories, with topics, authors and comments.
    for story in ArticleFactory.create_batch(other_stories, topics=[topic], authors=[author]):
        CommentFactory(article=story, status=Comment.Status.PUBLISHED)
    cache.clear()

    url = reader_urls(article)[page]
    with django_assert_max_num_queries(8) as cold:
        client.get(url)
    with django_assert_max_num_queries(4) as warm:
        response = client.get(url)

    assert response.status_code == 200
    cold_queries, warm_queries = EXPECTED_QUERIES[page]
    # A list with nothing in it costs no query: the article has no published comment,
    # and without other stories the home page has only its lead (no section blocks).
    if page == "article":
        cold_queries -= 1 if links else 2  # no comment; no "Lire aussi" target either
    if page == "home" and not links and not other_stories:
        cold_queries -= 1
    assert (len(cold), len(warm)) == (cold_queries, warm_queries)
    if page == "article":
        assert response.content.decode().count('class="read-also"') == links


# (fully cold, warm shared data caches) per page: the same for 20 or 500 comments.
# Cold includes the three rankings of the sidebar (most read 24 h and 7 days, most
# commented), computed at most once a minute for everyone. Warm: the home page's
# stories and the article's row, fragments and comments block are kept in the shared
# cache under the page's version; a list page costs its owner, its page and the page's
# authors (no count: see ListPage).
EXPECTED_QUERIES = {
    "home": (8, 0),
    "section": (7, 3),
    "topic": (7, 3),
    "author": (7, 3),
    "article": (8, 0),
}


def test_article_page_is_served_from_the_page_cache_without_sql(
    client, page_cache, rich_article, django_assert_num_queries
):
    first = client.get(rich_article.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(rich_article.get_absolute_url())

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


SURROGATE_KEYS = {
    "home": ["front"],
    "section": ["front", "section-economie"],
    "topic": ["front", "topic-inflation"],
    "author": ["front", "author-jean-dupont"],
}


@pytest.mark.parametrize("page", ["home", "section", "topic", "author", "article"])
def test_reader_pages_are_publicly_cacheable(client, page_cache, rich_article, page):
    url = reader_urls(rich_article)[page]
    miss = client.get(url)
    hit = client.get(url)
    not_modified = revalidate(client, url, miss["ETag"])

    keys = SURROGATE_KEYS.get(page, [f"article-{rich_article.pk}"])
    assert [r.status_code for r in (miss, hit, not_modified)] == [200, 200, 304]
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for response in (miss, hit, not_modified):
        assert response["Cache-Control"] == (
            "public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400"
        )
        assert (response["Surrogate-Key"], response["Cache-Tag"]) == (
            " ".join(keys),
            ",".join(keys),
        )
        assert response.cookies == {}
        assert "Vary" not in response or "cookie" not in response["Vary"].lower()
        assert "accept-language" not in response.get("Vary", "").lower()
    assert "csrfmiddlewaretoken" not in miss.content.decode().replace(
        'name="csrfmiddlewaretoken" value=""', ""
    )


class CacheCalls:
    """The shared cache, recording the name of each call made to it."""

    def __init__(self, backend, calls: list):
        self.backend, self.calls = backend, calls

    def __getattr__(self, name):
        attribute = getattr(self.backend, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return call


# Every module of the project that talks to the shared cache.
CACHE_USERS = [
    generations,
    pagecache,
    content,
    rankings,
    audience_readers,
    audience_views,
    ratelimit,
]


def test_a_page_cache_hit_is_one_cache_round_trip(client, page_cache, rich_article, monkeypatch):
    url = rich_article.get_absolute_url()
    client.get(url)
    calls: list[str] = []
    for module in CACHE_USERS:
        monkeypatch.setattr(module, "cache", CacheCalls(cache, calls))

    response = client.get(url)

    assert (response["X-Page-Cache"], calls) == ("hit", ["get_many"])


def test_conditional_get_answers_304_without_sql(
    client, page_cache, rich_article, django_assert_num_queries
):
    etag = client.get(rich_article.get_absolute_url())["ETag"]

    with django_assert_num_queries(0):
        response = client.get(rich_article.get_absolute_url(), headers={"If-None-Match": etag})

    assert (response.status_code, response.content, response["ETag"]) == (304, b"", etag)


@pytest.mark.parametrize("page", ["home", "section", "topic", "author", "article"])
def test_logged_in_pages_are_never_publicly_cached(client, page_cache, rich_article, page):
    user = get_user_model().objects.create_user("lecteur", password="pw-secret-123")
    client.force_login(user)

    response = client.get(reader_urls(rich_article)[page])

    assert (response.status_code, response["Cache-Control"]) == (200, "private, max-age=0")
    assert ("X-Page-Cache" in response, "Surrogate-Key" in response) == (False, False)
    assert "ETag" not in response


def test_editing_an_article_updates_its_cached_page_at_once(
    client, page_cache, rich_article, django_capture_on_commit_callbacks
):
    client.get(rich_article.get_absolute_url())

    rich_article.title = "Titre corrigé"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=rich_article, changed_fields=["title"])

    response = client.get(rich_article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Titre corrigé" in response.content.decode()


def test_unpublishing_removes_the_page_at_once(
    client, page_cache, rich_article, django_capture_on_commit_callbacks
):
    editor = get_user_model().objects.create_superuser("chef", "c@example.org", "pw-123-secret")
    client.get(rich_article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_article(article=rich_article, by=editor)

    assert client.get(rich_article.get_absolute_url()).status_code == 404


def test_publishing_refreshes_listings_at_once(
    client, page_cache, django_capture_on_commit_callbacks
):
    editor = get_user_model().objects.create_superuser("chef", "c@example.org", "pw-123-secret")
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, title="Exclusif", main_image=ImageFactory()
    )
    assert "Exclusif" not in client.get(reverse("articles:home")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=draft, by=editor)

    assert "Exclusif" in client.get(reverse("articles:home")).content.decode()


def test_accepting_a_comment_shows_it_at_once_and_spares_other_pages(
    client, page_cache, django_capture_on_commit_callbacks
):
    moderator = get_user_model().objects.create_superuser("modo", "m@example.org", "pw-123-x")
    article, other = ArticleFactory(), ArticleFactory()
    comment = CommentFactory(article=article, body="Bravo pour l'enquête.")
    client.get(article.get_absolute_url())
    client.get(other.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        comment_services.accept_comment(comment=comment, by=moderator)

    response = client.get(article.get_absolute_url())
    assert "Bravo pour l&#x27;enquête." in response.content.decode()
    assert response["X-Page-Cache"] == "miss"
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_pending_comment_post_flushes_nothing(
    client, page_cache, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published_at=timezone.now() - timedelta(hours=1))
    client.get(article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        comment_services.post_comment(
            article=article, name="Jean", email="j@example.org", body="Avis", ip_address="1.2.3.4"
        )

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_purge_hook_receives_surrogate_keys(settings, django_capture_on_commit_callbacks):
    settings.NEWSROOM = {**settings.NEWSROOM, "PURGE_HOOK": "tests.reader.test_pages.record"}
    RECORDED.clear()
    article = ArticleFactory(section=SectionFactory(slug="tech"))

    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=article, changed_fields=["title"])

    assert [[f"article-{article.pk}", "front", "section-tech"]] == RECORDED


RECORDED: list = []


def record(keys):
    RECORDED.append(keys)


def test_a_page_cache_miss_reads_the_article_from_the_shared_cache(
    client, page_cache, rich_article, django_assert_num_queries
):
    url = rich_article.get_absolute_url()
    client.get(url)

    with django_assert_num_queries(0):
        response = client.get(url + "?source=accueil")  # another page-cache key

    assert response["X-Page-Cache"] == "miss"
    html = unescape(response.content.decode())
    assert f'<h1 class="article__title">{rich_article.title}</h1>' in html


def test_a_stored_article_row_is_not_served_after_a_change_without_the_cache(
    client, rich_article, django_capture_on_commit_callbacks
):
    client.get(rich_article.get_absolute_url())  # page cache off: the row is stored

    rich_article.lead = "Un chapô revu."
    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=rich_article, changed_fields=["lead"])

    html = client.get(rich_article.get_absolute_url()).content.decode()
    assert '<p class="article__lead">Un chapô revu.</p>' in html


def test_the_sections_menu_marks_the_current_section(client, rich_article):
    other = SectionFactory(name="Culture", slug="culture")

    html = client.get(rich_article.get_absolute_url()).content.decode()

    section = rich_article.section
    assert f'<a href="{section.get_absolute_url()}" aria-current="page">{section.name}</a>' in html
    assert f'<a href="{other.get_absolute_url()}">Culture</a>' in html


def test_tracking_parameters_share_the_page_cache_entry(
    client, page_cache, rich_article, django_assert_num_queries
):
    url = rich_article.get_absolute_url()
    client.get(url)

    with django_assert_num_queries(0):
        shared = client.get(url + "?utm_source=facebook&utm_medium=social&fbclid=IwAR0xyz")
        clicked = client.get(url + "?xtor=EPR-1&gclid=abc")

    assert (shared["X-Page-Cache"], clicked["X-Page-Cache"]) == ("hit", "hit")
    assert client.get(url + "?commentaires=2")["X-Page-Cache"] == "miss"


def test_repeated_parameters_keep_their_order_in_the_page_cache_key(client, page_cache, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_SIZE": 2}
    ArticleFactory.create_batch(3, section=SectionFactory(slug="economie"))
    url = reverse("articles:section", kwargs={"slug": "economie"})
    client.get(url + "?page=1&page=2")

    assert client.get(url + "?page=2&page=1")["X-Page-Cache"] == "miss"
    assert client.get(url + "?page=1&page=2")["X-Page-Cache"] == "hit"


def test_a_logged_in_editor_sees_an_edit_at_once(
    client, rich_article, django_capture_on_commit_callbacks
):
    editor = get_user_model().objects.create_superuser("chef", "c@example.org", "pw-123-secret")
    client.force_login(editor)
    client.get(rich_article.get_absolute_url())

    rich_article.lead = "Un chapô revu."
    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=rich_article, by=editor, changed_fields=["lead"])

    html = client.get(rich_article.get_absolute_url()).content.decode()
    assert '<p class="article__lead">Un chapô revu.</p>' in html


def test_deleting_an_article_takes_its_page_down_at_once(
    client, page_cache, rich_article, django_capture_on_commit_callbacks
):
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw-123-secret")
    url = rich_article.get_absolute_url()
    client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_articles([rich_article], by=admin)

    assert (client.get(url).status_code, client.get(url + "?source=x").status_code) == (404, 404)


def test_only_a_superuser_deletes_articles(rich_article):
    editor = get_user_model().objects.create_user("editeur", password="pw-123-secret")

    with pytest.raises(PermissionDenied):
        services.delete_articles([rich_article], by=editor)

    assert Article.objects.filter(pk=rich_article.pk).exists()


def test_renaming_a_section_changes_its_articles_pages_and_the_menu_at_once(
    client, page_cache, rich_article, django_capture_on_commit_callbacks
):
    url = rich_article.get_absolute_url()
    client.get(url)
    section = rich_article.section

    section.name = "Économie & finance"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_section(section=section)

    html = client.get(url).content.decode()
    assert html.count("Économie &amp; finance") == 3  # kicker, menu, og:section


# ETags made from versions -------------------------------------------------------------


@pytest.fixture
def no_stored_pages(monkeypatch):
    """Every page is let go once sent, as if it had expired before the revalidation."""
    monkeypatch.setattr(pagecache.Page, "lifetime", lambda page, values: 0)


def revalidate(client, url: str, etag: str):
    return client.get(url, headers={"If-None-Match": etag})


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
    cache.delete_many([pagecache._page_key(stored.wsgi_request)])

    with django_assert_num_queries(3):  # its owner, its page, their authors
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
        f"article-extras:{rich_article.pk}:{rich_article.version}:fr",
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


def test_each_host_has_its_own_stored_pages(client, page_cache, rich_article, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org"]
    url = rich_article.get_absolute_url()
    client.get(url)

    other = client.get(url, headers={"Host": "www.example.org"})

    assert other["X-Page-Cache"] == "miss"
    assert f'href="http://www.example.org{url}"' in other.content.decode()  # canonical


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

    first = client.get(url + "?page=ancienne")
    second = client.get(url + "?page=ancienne")

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

    first = client.get(url + "?source=lettre")
    second = client.get(url + "?source=lettre")

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
