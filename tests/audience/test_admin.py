"""The admin's Audience pages, and the reads column of the article changelist."""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from articles.admin import ArticleAdmin
from articles.models import Article
from audience.admin import ArticleWithReadsAdmin
from audience.counters import hour_of
from tests.audience.factories import (
    DailyCommentCountFactory,
    DailyReadCountFactory,
    HourlyReadCountFactory,
)
from tests.audience.support import NOON
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(username="editrice", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", codename__in=["view_article", "publish_article"]
        )
    )
    client.force_login(user)
    return client


@pytest.fixture
def journalist(client):
    user = UserFactory(username="lea", is_staff=True)
    user.groups.add(Group.objects.get(name="Rédacteurs"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def audience(clock):
    """Four stories read over the last month (today is 16 March 2026)."""
    stories = {
        "A": ArticleFactory(title="A", published_at=NOON - timedelta(days=10)),
        "B": ArticleFactory(title="B", published_at=NOON - timedelta(days=2)),
        "C": ArticleFactory(title="C", published_at=NOON - timedelta(days=20)),
        "D": ArticleFactory(title="D", status=Article.Status.UNPUBLISHED),
    }
    HourlyReadCountFactory(article=stories["A"], hour=hour_of(NOON), count=5)
    # Within the last 8 days reads are still hourly rows (rollup_reads keeps them).
    HourlyReadCountFactory(article=stories["A"], hour=hour_of(NOON - timedelta(days=6)), count=20)
    DailyCommentCountFactory(article=stories["A"], day=date(2026, 3, 16), count=2)
    DailyCommentCountFactory(article=stories["A"], day=date(2026, 3, 12), count=1)
    HourlyReadCountFactory(article=stories["B"], hour=hour_of(NOON - timedelta(days=1)), count=8)
    DailyReadCountFactory(article=stories["C"], day=date(2026, 2, 15), count=100)
    DailyReadCountFactory(article=stories["C"], day=date(2026, 2, 14), count=1000)  # 31 days
    HourlyReadCountFactory(article=stories["D"], hour=hour_of(NOON), count=1)
    return stories


def table(rows) -> list[tuple[str, int, int]]:
    return [(row.article.title, row.reads, row.comments) for row in rows]


def test_dashboard_lists_the_most_read_articles_per_period(editor, audience):
    response = editor.get(reverse("audience:dashboard"))

    assert response.status_code == 200
    assert [(label, table(articles)) for label, articles in response.context["periods"]] == [
        ("Aujourd'hui", [("A", 5, 2), ("D", 1, 0)]),
        ("7 derniers jours", [("A", 25, 3), ("B", 8, 0), ("D", 1, 0)]),
        ("30 derniers jours", [("C", 100, 0), ("A", 25, 3), ("B", 8, 0), ("D", 1, 0)]),
    ]
    assert reverse("audience:article", args=[audience["A"].pk]) in response.text


@pytest.mark.parametrize("stories", [3, 12])
def test_dashboard_costs_a_fixed_number_of_queries(
    editor, clock, django_assert_num_queries, stories
):
    for n in range(stories):
        article = ArticleFactory()
        HourlyReadCountFactory(article=article, hour=hour_of(NOON), count=n + 1)
        DailyCommentCountFactory(article=article, day=date(2026, 3, 16))

    # Session, user, permissions (2); today and 7 days: hours, articles, comments;
    # 30 days: the same plus the rolled-up days.
    with django_assert_num_queries(4 + 3 + 3 + 4):
        response = editor.get(reverse("audience:dashboard"))

    assert [len(rows) for _label, rows in response.context["periods"]] == [min(stories, 10)] * 3


def test_article_audience_draws_30_days_of_reads_and_comments(editor, audience):
    article = audience["A"]

    response = editor.get(reverse("audience:article", args=[article.pk]))

    assert response.status_code == 200
    days = response.context["days"]
    assert (len(days), days[0].day, days[-1].day) == (30, date(2026, 2, 15), date(2026, 3, 16))
    assert [(d.day, d.reads, d.comments) for d in days if d.reads or d.comments] == [
        (date(2026, 3, 10), 20, 0),
        (date(2026, 3, 12), 0, 1),
        (date(2026, 3, 16), 5, 2),
    ]
    assert (response.context["total_reads"], response.context["total_comments"]) == (25, 3)
    reads_chart = dict(response.context["charts"])["reads"]
    assert [(bar.day, bar.value) for bar in reads_chart.bars if bar.value] == [
        (date(2026, 3, 10), 20),
        (date(2026, 3, 16), 5),
    ]
    assert (response.text.count('class="audience-chart"'), response.text.count("<rect")) == (2, 60)


def test_article_audience_costs_a_fixed_number_of_queries(
    editor, audience, django_assert_num_queries
):
    # Session, user, permissions (2), the article, then hours, days and comments.
    with django_assert_num_queries(8):
        editor.get(reverse("audience:article", args=[audience["A"].pk]))


def test_article_audience_answers_404_for_an_unknown_article(editor):
    assert editor.get(reverse("audience:article", args=[999_999])).status_code == 404


@pytest.mark.parametrize("name", ["audience:dashboard", "audience:article"])
def test_audience_pages_refuse_staff_without_the_permission(client, name):
    article = ArticleFactory()
    client.force_login(UserFactory(username="pigiste", is_staff=True))

    response = client.get(reverse(name, args=[article.pk] if name == "audience:article" else []))

    assert response.status_code == 403


@pytest.mark.parametrize("staff", [False, True], ids=["anonymous", "reader"])
def test_audience_pages_send_others_to_the_admin_login(client, staff):
    if staff is True:
        client.force_login(UserFactory(username="lecteur", is_staff=False))
    url = reverse("audience:dashboard")

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('admin:login')}?next={url}",
    )


@pytest.fixture
def desk(client):
    user = UserFactory(username="marc", is_staff=True)
    user.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(user)
    return client


def test_article_changelist_shows_each_storys_reads_of_the_last_24_hours(desk, clock):
    read = ArticleFactory(title="Lu", published_at=NOON - timedelta(days=3))
    unread = ArticleFactory(title="Pas lu", published_at=NOON - timedelta(days=2))
    HourlyReadCountFactory(article=read, hour=hour_of(NOON), count=1200)
    HourlyReadCountFactory(article=read, hour=hour_of(NOON - timedelta(hours=23)), count=34)
    HourlyReadCountFactory(article=read, hour=hour_of(NOON - timedelta(hours=24)), count=5000)
    HourlyReadCountFactory(article=unread, hour=hour_of(NOON - timedelta(days=2)), count=7)

    response = desk.get(reverse("admin:articles_article_changelist"))

    rows = response.context["cl"].result_list
    assert [(a.title, a.reads_24h) for a in rows] == [("Pas lu", 0), ("Lu", 1234)]
    html = response.content.decode()
    assert f'<a href="{reverse("audience:article", args=[read.pk])}">1\u202f234</a>' in html
    assert f'<a href="{reverse("audience:article", args=[unread.pk])}">0</a>' in html
    assert '<div class="text"><span>Lectures (24 h)</span></div>' in html


@pytest.mark.parametrize("stories", [2, 9])
def test_article_changelist_reads_cost_one_query_whatever_the_rows(
    desk, clock, django_assert_num_queries, stories
):
    for n in range(stories):
        article = ArticleFactory()
        HourlyReadCountFactory(article=article, hour=hour_of(NOON), count=n + 1)
    # The admin's own (session, user, permissions, the filters' choices, the counts,
    # the rows and their authors) and one for the reads, whatever the number of rows.
    with django_assert_num_queries(15) as captured:
        response = desk.get(reverse("admin:articles_article_changelist"))

    assert len(response.context["cl"].result_list) == stories
    reads_queries = [q["sql"] for q in captured.captured_queries if "audience_" in q["sql"]]
    assert len(reads_queries) == 1


def test_audience_extends_the_articles_admin_in_its_place():
    registered = admin.site.get_model_admin(Article)

    # The wire room adds its inlines on top of audience's admin (wire/admin.py).
    assert (
        isinstance(registered, ArticleWithReadsAdmin),
        isinstance(registered, ArticleAdmin),
    ) == (
        True,
        True,
    )
    assert "reads_24h" not in ArticleAdmin.list_display


def test_a_journalist_reads_no_title_of_other_peoples_unpublished_stories(journalist, audience):
    own = ArticleFactory(
        title="Mon brouillon", status=Article.Status.UNPUBLISHED, created_by=journalist.user
    )
    HourlyReadCountFactory(article=own, hour=hour_of(NOON), count=3)

    response = journalist.get(reverse("audience:dashboard"))
    other = journalist.get(reverse("audience:article", args=[audience["D"].pk]))
    mine = journalist.get(reverse("audience:article", args=[own.pk]))

    today = response.context["periods"][0][1]
    assert table(today) == [("A", 5, 2), ("Mon brouillon", 3, 0)]
    assert other.status_code == 404
    assert mine.status_code == 200
