"""A journalist reads the titles of their own unpublished stories only."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(group: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def journalist():
    return member("Rédacteurs", "lea")


@pytest.fixture
def colleague():
    return member("Rédacteurs", "paul")


@pytest.fixture(autouse=True)
def _noon():
    # "Going live today" on the dashboard: far from midnight.
    with time_machine.travel(
        datetime(2026, 3, 16, 12, tzinfo=ZoneInfo("Europe/Paris")), tick=False
    ):
        yield


def soon():
    return timezone.now() + timedelta(minutes=5)


def test_the_dashboard_shows_a_journalist_their_own_stories_only(client, journalist, colleague):
    ArticleFactory(title="Ma relecture", status=Article.Status.REVIEW, created_by=journalist)
    ArticleFactory(title="Scoop du voisin", status=Article.Status.REVIEW, created_by=colleague)
    ArticleFactory(title="Embargo du voisin", published_at=soon(), created_by=colleague)
    client.force_login(journalist)

    response = client.get(reverse("admin:index"))

    html = response.content.decode()
    assert "Ma relecture" in html
    assert "Scoop du voisin" not in html
    assert "Embargo du voisin" not in html


def test_an_editor_sees_every_story_on_the_dashboard(client, colleague):
    editor = member("Éditeurs", "marc")
    ArticleFactory(title="Scoop du voisin", status=Article.Status.REVIEW, created_by=colleague)
    ArticleFactory(title="Embargo du voisin", published_at=soon(), created_by=colleague)
    client.force_login(editor)

    html = client.get(reverse("admin:index")).content.decode()

    assert "Scoop du voisin" in html
    assert "Embargo du voisin" in html


def test_the_list_of_deleted_stories_is_closed(client, journalist):
    client.force_login(journalist)

    response = client.get(reverse("admin:articles_article_recoverlist"))
    changelist = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 403
    assert reverse("admin:articles_article_recoverlist") not in changelist.content.decode()
