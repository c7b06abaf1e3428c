"""The reader's live page ("En direct"), its updates endpoint, JSON-LD and sitemap."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.body import read_also_marker
from articles.models import Article
from live import services
from live.models import LivePost
from tests.factories import ArticleFactory, ImageFactory, LivePostFactory, UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def live_page():
    return ArticleFactory(
        title="Élections : la soirée en direct",
        kind=Article.Kind.LIVE,
        published_at=timezone.now() - timedelta(hours=3),
    )


def at(hour: int, minute: int) -> datetime:
    today = timezone.localdate()
    return datetime(today.year, today.month, today.day, hour, minute, tzinfo=PARIS) - timedelta(
        days=1
    )


def json_ld_of(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def stream_ids(html: str) -> list[int]:
    stream = html.split('live__posts--stream"', 1)[1].split("</ol>", 1)[0]
    return [int(pk) for pk in re.findall(r'data-post="(\d+)"', stream)]


def test_the_live_page_shows_its_posts_newest_first(client, live_page):
    image = ImageFactory(credit="Jeanne Martin", caption="Le bureau de vote")
    first = LivePostFactory(article=live_page, created_at=at(14, 2), author_name="Hugo Bernard")
    second = LivePostFactory(
        article=live_page,
        created_at=at(14, 32),
        author_name="Léa Martin",
        text="<p>Les bureaux ferment.</p>",
        important=True,
        image=image,
    )
    LivePostFactory(article=live_page, created_at=at(14, 40), deleted_at=timezone.now())

    html = client.get(live_page.get_absolute_url()).content.decode()

    assert stream_ids(html) == [second.pk, first.pk]
    post = html.split(f'id="message-{second.pk}"', 1)[1].split("</li>", 1)[0]
    assert re.search(r"<time datetime=\"[^\"]+\">14 h 32</time>", post)
    assert f'href="#message-{second.pk}"' in post
    assert '<strong class="live-post__flag">Important</strong>' in post
    assert '<span class="live-post__author">Léa Martin</span>' in post
    assert "<p>Les bureaux ferment.</p>" in post
    assert "(Crédits : Jeanne Martin)" in post
    assert '<span class="live__badge">En direct</span>' in html
    assert f'data-live-updates="{reverse("articles:live_updates", args=[live_page.pk])}"' in html
    assert 'src="/static/js/live.js"' in html


def test_the_key_post_is_on_top_and_out_of_the_stream(client, live_page):
    key = LivePostFactory(article=live_page, created_at=at(9, 0), pinned=True)
    other = LivePostFactory(article=live_page, created_at=at(10, 0))

    html = client.get(live_page.get_absolute_url()).content.decode()

    key_box = html.split('class="live__key"', 1)[1].split("</ol>", 1)[0]
    assert '<h3 class="live__key-title">L\'essentiel</h3>' in key_box
    assert f'data-post="{key.pk}"' in key_box
    assert stream_ids(html) == [other.pk]


def test_a_read_also_in_a_post_links_to_a_live_story(client, live_page):
    target = ArticleFactory(title="Le programme des candidats")
    hidden = ArticleFactory(title="Brouillon", status=Article.Status.DRAFT, published_at=None)
    LivePostFactory(article=live_page, text="<p>À lire.</p>" + read_also_marker(target.pk))
    LivePostFactory(article=live_page, text="<p>Aussi.</p>", read_also=hidden)

    html = client.get(live_page.get_absolute_url()).content.decode()

    assert html.count('class="read-also"') == 1
    assert f'<a href="{target.get_absolute_url()}">Le programme des candidats</a>' in html


def test_an_ended_live_page_says_so_and_asks_for_no_updates(client, live_page):
    LivePostFactory(article=live_page)
    Article.objects.filter(pk=live_page.pk).update(live_ended_at=timezone.now())

    html = client.get(live_page.get_absolute_url()).content.decode()

    assert '<h2 class="live__title" id="live-title">Ce direct est terminé</h2>' in html
    assert "data-live-updates" not in html
    assert len(stream_ids(html)) == 1


def test_an_ordinary_article_has_no_live_stream(client):
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()

    assert 'class="live"' not in html
    assert "js/live.js" not in html


def test_the_time_of_a_post_in_english(client, live_page):
    LivePostFactory(article=live_page, created_at=at(14, 32))

    html = client.get("/en" + live_page.get_absolute_url()).content.decode()

    assert re.search(r'<time datetime="[^"]+">2:32 p\.m\.</time>', html)


@pytest.mark.parametrize("posts", [3, 30])
def test_the_live_page_query_budget_does_not_grow_with_its_posts(client, live_page, posts):
    LivePostFactory.create_batch(posts, article=live_page, image=ImageFactory())
    LivePostFactory(article=live_page, pinned=True, text=read_also_marker(ArticleFactory().pk))
    cache.clear()

    with CaptureQueriesContext(connection) as cold:
        response = client.get(live_page.get_absolute_url())
    with CaptureQueriesContext(connection) as warm:
        client.get(live_page.get_absolute_url())

    assert len(stream_ids(response.content.decode())) == posts
    # The article's 6 (no comment, no link in its body: docs/performance.md), plus the
    # posts with their images and the posts' "Lire aussi" targets; none once warm.
    assert (len(cold), len(warm)) == (8, 0)


def test_the_live_blog_posting_json_ld(client, live_page):
    LivePostFactory(article=live_page, created_at=at(14, 2), text="<p>Premier.</p>")
    last = LivePostFactory(
        article=live_page, created_at=at(14, 32), text="<p>Les bureaux ferment.</p>"
    )
    Article.objects.filter(pk=live_page.pk).update(live_ended_at=at(23, 0))
    live_page.refresh_from_db()

    data = json_ld_of(client.get(live_page.get_absolute_url()).content.decode())

    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == timezone.localtime(live_page.published_at).isoformat(
        timespec="seconds"
    )
    assert data["coverageEndTime"] == at(23, 0).isoformat(timespec="seconds")
    assert [update["articleBody"] for update in data["liveBlogUpdate"]] == [
        "Les bureaux ferment.",
        "Premier.",
    ]
    assert data["liveBlogUpdate"][0] == {
        "@type": "BlogPosting",
        "headline": "Les bureaux ferment.",
        "articleBody": "Les bureaux ferment.",
        "datePublished": at(14, 32).isoformat(timespec="seconds"),
        "dateModified": at(14, 32).isoformat(timespec="seconds"),
        "url": f"http://127.0.0.1:8000{live_page.get_absolute_url()}#message-{last.pk}",
        "author": {"@type": "Person", "name": "Léa Martin"},
    }


def updates_url(article) -> str:
    return reverse("articles:live_updates", args=[article.pk])


def test_the_updates_document(client, live_page):
    key = LivePostFactory(article=live_page, created_at=at(9, 0), pinned=True)
    posts = [LivePostFactory(article=live_page, created_at=at(10, m)) for m in range(3)]

    response = client.get(updates_url(live_page))

    document = response.json()
    assert response["Content-Type"] == "application/json"
    assert [entry["id"] for entry in document["posts"]] == [p.pk for p in reversed(posts)]
    assert document["pinned"]["id"] == key.pk
    assert document["oldest"] == posts[0].pk
    assert document["ended"] is False
    assert document["posts"][0]["html"].startswith(
        f'<li class="live-post" id="message-{posts[2].pk}" data-post="{posts[2].pk}"'
    )


def test_the_updates_document_lists_the_newest_posts_only(client, settings, live_page):
    settings.NEWSROOM = {**settings.NEWSROOM, "LIVE_UPDATE_POSTS": 2}
    posts = [LivePostFactory(article=live_page, created_at=at(10, m)) for m in range(4)]

    document = client.get(updates_url(live_page)).json()

    assert [entry["id"] for entry in document["posts"]] == [posts[3].pk, posts[2].pk]
    assert document["oldest"] == posts[2].pk


def test_the_updates_come_from_the_page_cache_without_sql(client, page_cache, live_page):
    LivePostFactory.create_batch(5, article=live_page)
    first = client.get(updates_url(live_page))

    with CaptureQueriesContext(connection) as queries:
        again = client.get(updates_url(live_page))

    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert len(queries) == 0
    assert again.content == first.content
    assert again["Cache-Control"] == (
        "public, max-age=0, s-maxage=5, stale-while-revalidate=5, stale-if-error=86400"
    )
    assert again["Surrogate-Key"] == f"article-{live_page.pk} live-{live_page.pk}"
    assert "Set-Cookie" not in again
    assert "Vary" not in again


def test_a_new_post_shows_in_the_updates_at_once(
    client, page_cache, live_page, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    journalist = UserFactory(is_staff=True)
    journalist.groups.add(Group.objects.get(name="Rédacteurs"))
    client.get(updates_url(live_page))

    with django_capture_on_commit_callbacks(execute=True):
        post = services.create_post(article=live_page, by=journalist, text="Dernière minute.")
    document = client.get(updates_url(live_page)).json()

    assert [entry["id"] for entry in document["posts"]] == [post.pk]


def test_the_updates_of_an_ordinary_or_unpublished_article_are_not_found(client, live_page):
    article = ArticleFactory()
    draft = ArticleFactory(kind=Article.Kind.LIVE, status=Article.Status.DRAFT, published_at=None)

    assert client.get(updates_url(article)).status_code == 404
    assert client.get(updates_url(draft)).status_code == 404


def test_a_deleted_post_leaves_the_updates(client, live_page):
    post = LivePostFactory(article=live_page)
    LivePost.objects.filter(pk=post.pk).update(deleted_at=timezone.now())

    assert client.get(updates_url(live_page)).json()["posts"] == []


def test_the_news_sitemap_lists_running_live_pages(client):
    old = timezone.now() - timedelta(days=5)
    running = ArticleFactory(title="Le procès en direct", kind=Article.Kind.LIVE, published_at=old)
    ArticleFactory(
        title="Fini depuis longtemps",
        kind=Article.Kind.LIVE,
        published_at=old,
        live_ended_at=old + timedelta(hours=5),
    )
    ArticleFactory(title="Vieil article", published_at=old)
    recent = ArticleFactory(title="Article du jour")

    xml = client.get(reverse("news_sitemap")).content.decode()

    titles = re.findall(r"<news:title>(.*?)</news:title>", xml)
    assert sorted(titles) == sorted([running.title, recent.title])


@pytest.mark.parametrize("posts", [3, 30])
def test_the_updates_query_budget_does_not_grow_with_the_posts(client, live_page, posts):
    LivePostFactory.create_batch(posts, article=live_page, image=ImageFactory())
    LivePostFactory(article=live_page, pinned=True, text=read_also_marker(ArticleFactory().pk))
    cache.clear()

    with CaptureQueriesContext(connection) as cold:
        document = client.get(updates_url(live_page)).json()
    with CaptureQueriesContext(connection) as row_warm:
        client.get(updates_url(live_page))

    assert len(document["posts"]) == posts
    # The article's row, the posts with their images, their "Lire aussi" targets; the
    # row comes from the shared cache the next time (the page cache is off here).
    assert (len(cold), len(row_warm)) == (3, 2)
