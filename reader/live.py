"""
What a live page ("En direct") shows: its posts, newest first, with the key post
("L'essentiel") on top, their "Lire aussi" targets, the page's LiveBlogPosting and the
small document its readers poll for updates. Two queries whatever the number of posts
(the posts with their images, then the live stories they point to).
"""

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime

from articles.body import expand_read_also, read_also_ids
from articles.models import Article
from infra.site import absolute_url
from live.display import plain_text, time_label
from live.models import LivePost


def _posts(article: Article, limit: int) -> list[LivePost]:
    """The key post and the ``limit`` newest others, newest first, in one query."""
    visible = LivePost.objects.visible().filter(article=article)
    newest = visible.filter(pinned=False).newest_first().values("pk")[:limit]
    return list(
        visible.filter(Q(pk__in=newest) | Q(pinned=True)).select_related("image").newest_first()
    )


def _targets(posts: list[LivePost]) -> dict[int, Article]:
    ids = {pk for post in posts for pk in read_also_ids(post.text)}
    ids |= {post.read_also_id for post in posts if post.read_also_id}
    if not ids:
        return {}
    return {
        target.pk: target
        for target in Article.objects.published()
        .filter(pk__in=ids)
        .select_related("section")
        .only("title", "slug", "section__name", "section__slug")
    }


def _prepare(post: LivePost, targets: dict[int, Article], page_url: str) -> dict:
    def render(target_id: int) -> str:
        target = targets.get(target_id)
        if target is None:
            return ""
        return render_to_string("articles/_read_also.html", {"target": target})

    return {
        "id": post.pk,
        "anchor": post.anchor,
        "url": f"{page_url}#{post.anchor}",
        "created_at": post.created_at,
        "updated_at": post.updated_at,
        "time": time_label(post.created_at),
        "author_name": post.author_name,
        "important": post.important,
        "pinned": post.pinned,
        # Sanitized on save; the "Lire aussi" blocks come from our own escaped template.
        "html": mark_safe(expand_read_also(post.text, render)),
        "plain": plain_text(post.text),
        "image": post.image,
        "read_also": targets.get(post.read_also_id),
    }


def live_data(article: Article) -> dict:
    """
    The posts of a live page as the page and its updates show them: ``pinned`` (the
    key post, or None) and ``posts`` (the ``LIVE_POSTS_SHOWN`` newest others, newest
    first).
    """
    limit = settings.NEWSROOM["LIVE_POSTS_SHOWN"]
    posts = _posts(article, limit)
    targets = _targets(posts)
    page_url = article.get_absolute_url()
    prepared = [_prepare(post, targets, page_url) for post in posts]
    return {
        # The key post is shown on top of the page, once, with its permalink.
        "pinned": next((post for post in prepared if post["pinned"]), None),
        "posts": [post for post in prepared if not post["pinned"]],
        "ended": article.live_has_ended,
        "poll_seconds": settings.NEWSROOM["LIVE_POLL_SECONDS"],
    }


def _iso(value) -> str | None:
    return localtime(value).isoformat(timespec="seconds") if value else None


def json_ld(article: Article, data: dict, live: dict) -> dict:
    """schema.org LiveBlogPosting: the NewsArticle's fields, the coverage and its updates."""
    page_url = absolute_url(article.get_absolute_url())
    data = {**data, "@type": "LiveBlogPosting"}
    data["coverageStartTime"] = _iso(article.published_at)
    if article.live_ended_at:
        data["coverageEndTime"] = _iso(article.live_ended_at)
    updates = []
    shown = [live["pinned"], *live["posts"]] if live["pinned"] else live["posts"]
    for post in shown[: settings.NEWSROOM["LIVE_JSON_LD_UPDATES"]]:
        text = post["plain"]
        updates.append(
            {
                "@type": "BlogPosting",
                "headline": Truncator(text).chars(110),
                "articleBody": text,
                "datePublished": _iso(post["created_at"]),
                "dateModified": _iso(post["updated_at"]),
                "url": f"{page_url}#{post['anchor']}",
                "author": {"@type": "Person", "name": post["author_name"]},
            }
        )
    data["liveBlogUpdate"] = updates
    return data


def update_document(article: Article) -> dict:
    """
    What readers' pages poll (``reader.views.live.updates``): the newest posts rendered
    as the page shows them, the key post, and whether the live page has ended. The same
    document for every reader, so the page cache and a CDN hold one copy of it.
    """
    live = live_data(article)
    window = live["posts"][: settings.NEWSROOM["LIVE_UPDATE_POSTS"]]

    def entry(post: dict) -> dict:
        return {
            "id": post["id"],
            "updated": _iso(post["updated_at"]),
            "html": render_to_string("live/_post.html", {"post": post}),
        }

    pinned = live["pinned"]
    return {
        "ended": live["ended"],
        "posts": [entry(post) for post in window],
        "pinned": entry(pinned) if pinned else None,
        # Posts older than this one the document does not list: a page holding such a
        # post keeps it as it is.
        "oldest": window[-1]["id"] if window else None,
    }
