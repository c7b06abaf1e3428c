"""A scheduled story goes live by itself at the edge too: the go-live task."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from articles import services, tasks
from articles.models import Article
from infra import generations
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

# A fixed moment (never the clock at collection time); each test travels to it.
NOW = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
PURGED: list[list[str]] = []


def record(keys, urls):
    PURGED.append(list(keys))


@pytest.fixture
def editor():
    user = UserFactory(username="chef", is_staff=True)
    user.groups.add(Group.objects.get(name="Éditeurs"))
    return user


@pytest.fixture
def draft():
    return ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        section=SectionFactory(slug="eco"),
        main_image=ImageFactory(),
    )


@pytest.fixture
def hook(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PURGE_HOOK": "tests.articles.test_tasks.record"}
    PURGED.clear()


def go_live_tasks() -> list[tuple]:
    return [
        (r.args_kwargs["kwargs"], r.run_after)
        for r in DBTaskResult.objects.filter(task_path="articles.tasks.go_live").order_by(
            "run_after"
        )
    ]


@time_machine.travel(NOW, tick=False)
def test_scheduling_enqueues_a_task_due_at_publication_time(
    database_tasks, editor, draft, django_capture_on_commit_callbacks
):
    at = NOW + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=draft, by=editor, at=at)

    assert go_live_tasks() == [({"article_id": draft.pk, "at": at.isoformat()}, at)]


@time_machine.travel(NOW, tick=False)
def test_an_embargo_ending_after_publication_time_is_when_it_goes_live(
    database_tasks, editor, draft, django_capture_on_commit_callbacks
):
    end = NOW + timedelta(hours=5)
    draft.embargo_until = end
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=draft, by=editor, at=NOW + timedelta(hours=1))

    assert go_live_tasks() == [({"article_id": draft.pk, "at": end.isoformat()}, end)]


@time_machine.travel(NOW, tick=False)
def test_publishing_now_enqueues_no_go_live_task(
    database_tasks, editor, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=draft, by=editor)

    assert go_live_tasks() == []


def test_at_its_time_the_task_changes_its_pages_and_purges_them(
    hook, editor, draft, django_capture_on_commit_callbacks
):
    at = NOW + timedelta(hours=2)
    with time_machine.travel(NOW, tick=False):
        services.publish_article(article=draft, by=editor, at=at)
        generation = generations.current(generations.article_key(draft.pk))
        listings = generations.current(generations.LISTINGS_KEY)

    with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert tasks.go_live.call(article_id=draft.pk, at=at.isoformat()) is True

    assert [list(keys) for keys in PURGED] == [[f"article-{draft.pk}", "front", "section-eco"]]
    assert cache.get(generations.article_key(draft.pk)) > generation
    assert cache.get(generations.LISTINGS_KEY) > listings


@pytest.mark.parametrize("change", ["rescheduled", "unpublished", "deleted"])
def test_an_earlier_task_is_harmless_once_the_story_changed(
    hook, editor, draft, change, django_capture_on_commit_callbacks
):
    first = NOW + timedelta(hours=2)
    with time_machine.travel(NOW, tick=False):
        services.publish_article(article=draft, by=editor, at=first)
        if change == "rescheduled":
            services.publish_article(article=draft, by=editor, at=NOW + timedelta(hours=4))
        elif change == "unpublished":
            services.unpublish_article(article=draft, by=editor)
        else:
            Article.objects.filter(pk=draft.pk).delete()
    PURGED.clear()

    with (
        time_machine.travel(first + timedelta(seconds=1), tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        assert tasks.go_live.call(article_id=draft.pk, at=first.isoformat()) is False

    assert (callbacks, PURGED) == ([], [])
