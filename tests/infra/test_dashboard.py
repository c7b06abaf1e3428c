"""The admin's home page lists the panels of each room its user may see."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from infra import dashboard
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def staff(*groups: str, **extra):
    user = UserFactory(is_staff=True, **extra)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def panel_names(user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    return [panel.name for panel, _context in dashboard.panels_for(request)]


def test_each_room_registers_its_panel_and_a_user_sees_those_they_may():
    superuser = UserFactory(is_staff=True, is_superuser=True)

    assert panel_names(superuser) == [
        "articles",
        "images",
        "wire",
        "audience",
        "notices",
        "comments",
    ]
    assert panel_names(staff("Modérateurs")) == ["notices", "comments"]
    assert panel_names(staff("Rédacteurs")) == ["articles", "images", "wire", "audience"]


def test_panels_show_what_needs_attention_in_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    author = UserFactory(first_name="Léa", last_name="Plume")
    ArticleFactory(
        status=Article.Status.REVIEW, title="À relire", published_at=None, created_by=author
    )
    ArticleFactory(title="Cet après-midi", published_at=timezone.now() + timedelta(minutes=5))
    CommentFactory(status=Comment.Status.PENDING)
    CommentFactory(status=Comment.Status.HIDDEN)
    CommentFactory(status=Comment.Status.PUBLISHED, open_report_count=1)
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)

    # Articles: the count, the stories in review, those going live today; the wire: its
    # alerts' count and list; comments: three counts (awaiting a decision, reported,
    # hidden by reports); notices: one aggregate (open, oldest, late, escalated); images:
    # the expiring ones' count and list, the withdrawn.
    with django_assert_num_queries(12):
        contexts = {panel.name: context for panel, context in dashboard.panels_for(request)}

    articles = contexts["articles"]
    assert (articles["review_count"], [a.title for a in articles["in_review"]]) == (1, ["À relire"])
    assert [a.title for a in articles["scheduled_today"]] == ["Cet après-midi"]
    assert contexts["comments"] == {
        "pending_comments": 2,
        "reported_comments": 1,
        "hidden_by_reports": 0,  # hidden, but by no reports
    }
    assert contexts["notices"] == {
        "open_notices": 0,
        "oldest_notice": None,
        "overdue_notices": 0,
        "escalated_notices": 0,
        "alert_hours": 24,
        "escalation_hours": 48,
    }


def test_the_admin_home_renders_the_panels_with_the_staff_members_name(client):
    author = UserFactory(first_name="Léa", last_name="Plume")
    ArticleFactory(
        status=Article.Status.REVIEW, title="À relire", published_at=None, created_by=author
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    html = client.get(reverse("admin:index")).content.decode()

    assert "À relire</a> — Léa Plume</li>" in html
