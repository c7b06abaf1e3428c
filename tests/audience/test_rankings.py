"""'Sujets les + lus' and 'Sujets les + commentés'."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.utils import translation

from articles.models import Article
from audience import rankings
from audience.counters import hour_of
from audience.rankings import most_commented, most_read, reads_by_article
from tests.audience.factories import (
    DailyCommentCountFactory,
    HourlyReadCountFactory,
)
from tests.audience.support import NOON
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

THIS_HOUR = hour_of(NOON)


def story(title: str, *, age_hours: float = 48, **fields) -> Article:
    fields.setdefault("published_at", NOON - timedelta(hours=age_hours))
    return ArticleFactory(title=title, **fields)


def reads(article: Article, count: int, *, hours_ago: int = 0) -> None:
    HourlyReadCountFactory(
        article=article, hour=THIS_HOUR - timedelta(hours=hours_ago), count=count
    )


def ranked(entries: list[dict]) -> list[tuple[str, int]]:
    return [(entry["title"], entry["count"]) for entry in entries]


def test_most_read_orders_by_reads_of_the_last_24_hours(clock):
    first, second, third, old = story("A"), story("B"), story("C"), story("Ancien")
    reads(first, 5)
    reads(second, 8, hours_ago=23)
    reads(third, 3)
    reads(third, 2, hours_ago=30)
    reads(old, 20, hours_ago=24)

    assert ranked(rankings.compute_most_read(hours=24, limit=5)) == [("B", 8), ("A", 5), ("C", 3)]


def test_most_read_over_7_days_reads_the_hourly_rows_in_one_query(clock, django_assert_num_queries):
    first, second, old = story("A"), story("B"), story("Ancien")
    reads(first, 5)
    reads(first, 6, hours_ago=24 * 4)
    reads(second, 8, hours_ago=30)
    reads(old, 20, hours_ago=24 * 7)  # just outside the window

    with django_assert_num_queries(1):
        week = ranked(rankings.compute_most_read(hours=24 * 7, limit=5))

    assert week == [("A", 11), ("B", 8)]
    assert ranked(rankings.compute_most_read(hours=24, limit=5)) == [("A", 5)]


def test_most_read_breaks_ties_by_recency(clock):
    older, newer = story("Plus ancien", age_hours=10), story("Plus récent", age_hours=2)
    same_time = [story(f"Même heure {n}", age_hours=5) for n in (1, 2)]
    for article in (older, newer, *same_time):
        reads(article, 4)

    assert ranked(rankings.compute_most_read(hours=24, limit=5)) == [
        ("Plus récent", 4),
        ("Même heure 2", 4),
        ("Même heure 1", 4),
        ("Plus ancien", 4),
    ]


def test_most_read_never_lists_what_readers_cannot_see(clock):
    visible = story("Visible")
    hidden = [
        story("Brouillon", status=Article.Status.DRAFT, published_at=None),
        story("Dépublié", status=Article.Status.UNPUBLISHED),
        story("Programmé", age_hours=-2),
        story("Sous embargo", embargo_until=NOON + timedelta(hours=2)),
    ]
    reads(visible, 1)
    for article in hidden:
        reads(article, 100)

    assert ranked(rankings.compute_most_read(hours=24, limit=10)) == [("Visible", 1)]


def test_most_read_shows_the_configured_number(clock, settings):
    for n in range(7):
        reads(story(f"Article {n}", age_hours=n + 1), 10 + n)

    assert [e["count"] for e in most_read()] == [16, 15, 14, 13, 12]
    assert [e["count"] for e in most_read(limit=2)] == [16, 15]
    settings.NEWSROOM = {**settings.NEWSROOM, "AUDIENCE_RANKING_SIZE": 3}
    assert [e["count"] for e in most_read()] == [16, 15, 14]


def test_most_read_gives_plain_entries_with_the_article_url(clock):
    article = story("Mistral AI lève 600 millions")
    reads(article, 2)

    assert most_read() == [
        {"title": "Mistral AI lève 600 millions", "url": article.get_absolute_url(), "count": 2}
    ]


def test_most_commented_counts_comments_published_in_the_last_7_days(clock):
    first, second, third, stale = story("A"), story("B"), story("C"), story("Vieux")
    DailyCommentCountFactory(article=first, day=date(2026, 3, 16), count=3)
    DailyCommentCountFactory(article=first, day=date(2026, 3, 10), count=2)  # 7th day back
    DailyCommentCountFactory(article=second, day=date(2026, 3, 15), count=4)
    DailyCommentCountFactory(article=third, day=date(2026, 3, 14), count=2)
    DailyCommentCountFactory(article=third, day=date(2026, 3, 15), count=-2)  # all hidden
    DailyCommentCountFactory(article=stale, day=date(2026, 3, 9), count=40)

    assert ranked(rankings.compute_most_commented(days=7, limit=5)) == [("A", 5), ("B", 4)]


def test_most_commented_never_lists_what_readers_cannot_see(clock):
    visible = story("Visible")
    DailyCommentCountFactory(article=visible, day=date(2026, 3, 16), count=1)
    for article in (
        story("Dépublié", status=Article.Status.UNPUBLISHED),
        story("Programmé", age_hours=-2),
        story("Sous embargo", embargo_until=NOON + timedelta(hours=2)),
    ):
        DailyCommentCountFactory(article=article, day=date(2026, 3, 16), count=9)

    assert ranked(most_commented()) == [("Visible", 1)]


def test_rankings_are_shared_through_the_cache(clock, django_assert_num_queries):
    article = story("A")
    reads(article, 2)
    assert ranked(most_read()) == [("A", 2)]
    reads(story("B"), 9)

    with django_assert_num_queries(0):
        assert ranked(most_read()) == [("A", 2)]

    cache.clear()  # what the cache's expiry does a minute later
    assert ranked(most_read()) == [("B", 9), ("A", 2)]


SIDEBAR = Template("{% load reader_tags %}{% rankings_sidebar %}")


def sidebar_links(html: str) -> list[list[str]]:
    """The link texts of each ranking list, in order."""
    return [
        re.findall(r'<a href="[^"]+">([^<]+)</a>', ranking)
        for ranking in re.findall(r"<ol[^>]*>(.*?)</ol>", html, flags=re.S)
    ]


def test_rankings_sidebar_costs_no_query_on_a_warm_cache(clock, django_assert_num_queries):
    first, second = story("Lu hier"), story("Lu cette heure")
    reads(first, 9, hours_ago=30)
    reads(second, 2)
    DailyCommentCountFactory(article=first, day=date(2026, 3, 16), count=1)
    SIDEBAR.render(Context())

    with django_assert_num_queries(0):
        html = SIDEBAR.render(Context())
        again = SIDEBAR.render(Context())

    assert html == again
    assert sidebar_links(html) == [["Lu cette heure"], ["Lu hier", "Lu cette heure"], ["Lu hier"]]


def test_rankings_sidebar_shows_empty_states(clock):
    html = SIDEBAR.render(Context())

    assert sidebar_links(html) == []
    assert "Pas encore assez de lectures pour établir un classement." in html
    assert "Aucun article commenté ces derniers jours." in html


def test_rankings_link_to_the_page_in_the_current_language(clock):
    article = story("A")
    reads(article, 1)

    with translation.override("en"):
        english = most_read()
    french = most_read()

    assert english[0]["url"] == f"/en{article.get_absolute_url()}"
    assert french[0]["url"] == article.get_absolute_url()


def test_reads_by_article_in_one_query(clock, django_assert_num_queries):
    first, second, unread = story("A"), story("B"), story("C")
    reads(first, 3)
    reads(first, 4, hours_ago=23)
    reads(second, 1, hours_ago=24)

    with django_assert_num_queries(1):
        totals = reads_by_article([first.pk, second.pk, unread.pk])

    assert totals == {first.pk: 7, second.pk: 0, unread.pk: 0}
