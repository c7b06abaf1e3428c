"""Page cache, HTTP caching headers and query budgets of the reader pages."""

from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.body import read_also_marker
from articles.models import Article
from audience import rankings
from audience import views as audience_views
from comments import services as comment_services
from comments.models import Comment
from infra import generations, pagecache, sharedcache
from reader import content
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TopicFactory,
)
from tests.reader.support import reader_urls, revalidate

pytestmark = pytest.mark.django_db


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

    with django_assert_max_num_queries(9) as cold:  # every shared cache empty
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
    with django_assert_max_num_queries(9) as cold:
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
# cache under the page's generation; a list page costs its owner, its page and the page's
# authors (no count: see ListPage). The home and section pages also ask for the desk's
# current arrangement (its slots cost nothing when it has none: tests/reader/views/test_front.py).
EXPECTED_QUERIES = {
    "home": (9, 0),
    "section": (8, 4),
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


# Every module of the project that talks to the shared cache (the rate limits and the
# beacon's marks reach it through infra.sharedcache.limits_cache).
CACHE_USERS = [
    generations,
    pagecache,
    content,
    rankings,
    audience_views,
    sharedcache,
]


def test_a_page_cache_hit_is_one_cache_round_trip(client, page_cache, rich_article, monkeypatch):
    url = rich_article.get_absolute_url()
    client.get(url)
    calls: list[str] = []
    for module in CACHE_USERS:
        monkeypatch.setattr(module, "cache", CacheCalls(cache, calls))

    response = client.get(url)

    assert (response["X-Page-Cache"], calls) == ("hit", ["get_many"])


def test_a_cold_article_page_writes_its_parts_and_the_page_in_one_call_per_lifetime(
    client, page_cache, rich_article, monkeypatch
):
    # The menu and the sidebar warm (another page), the article's own entries cold.
    client.get(ArticleFactory(section=rich_article.section).get_absolute_url())
    calls: list[str] = []
    for module in CACHE_USERS:
        monkeypatch.setattr(module, "cache", CacheCalls(cache, calls))

    response = client.get(rich_article.get_absolute_url())

    # The page and its generation (missing: created, and the parts read with it, the
    # body's extras among them), then the entries rebuilt (a minute) and the page
    # (until its sidebar is due), once it is rendered: with Redis, one round trip
    # each; with the file cache, each lifetime's entries together.
    expected = (
        ["get_many", "add_then_get_many", "set_each"]
        if hasattr(cache, "set_each")
        else ["get_many", "add", "get_many", "set_many", "set_many"]
    )
    assert (response["X-Page-Cache"], calls) == ("miss", expected)
    assert client.get(rich_article.get_absolute_url())["X-Page-Cache"] == "hit"


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


def test_an_accepted_comment_renders_the_page_again_from_its_stored_extras(
    client, page_cache, rich_article, django_capture_on_commit_callbacks, django_assert_num_queries
):
    moderator = get_user_model().objects.create_superuser("modo", "m@example.org", "pw-123-x")
    comment = CommentFactory(article=rich_article, body="Bien vu.")
    client.get(rich_article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.accept_comment(comment=comment, by=moderator)

    # The row (a new generation) and the comments; the body, its "Lire aussi" and the
    # people come with the page's parts, stored for the article's edit version.
    with django_assert_num_queries(2):
        response = client.get(rich_article.get_absolute_url())

    html = unescape(response.content.decode())
    assert (
        response["X-Page-Cache"],
        "Bien vu." in html,
        html.count('<aside class="read-also">'),
    ) == (
        "miss",
        True,
        3,
    )


def test_an_edit_of_the_body_shows_at_once_though_the_old_extras_are_stored(
    client, page_cache, rich_article, django_capture_on_commit_callbacks
):
    client.get(rich_article.get_absolute_url())
    stored = cache.get(content.article_extras_key(rich_article.pk))

    rich_article.body = "<p>Texte réécrit.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(article=rich_article, changed_fields=["body"])
    html = client.get(rich_article.get_absolute_url()).content.decode()

    rich_article.refresh_from_db()
    assert (stored["version"] + 1, "Texte réécrit." in html, "Cible 0" in html) == (
        rich_article.version,
        True,
        False,
    )
    assert cache.get(content.article_extras_key(rich_article.pk))["version"] == rich_article.version


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


def record(keys, urls):
    RECORDED.append(keys)


def test_a_page_cache_miss_reads_the_article_from_the_shared_cache(
    client, page_cache, rich_article, django_assert_num_queries
):
    url = rich_article.get_absolute_url()
    client.get(url)

    with django_assert_num_queries(0):
        response = client.get(url + "?commentaire=recu")  # another page-cache key

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
    assert client.get(url + "?commentaire=recu")["X-Page-Cache"] == "miss"  # a notice it reads


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
