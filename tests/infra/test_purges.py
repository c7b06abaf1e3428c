"""CDN purges leave the request: pending keys, each once, purged by a task in batches."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from infra import generations
from infra.models import PendingPurge

pytestmark = pytest.mark.django_db

PURGED: list[tuple[list[str], list[str]]] = []
ONE_SECOND = timedelta(seconds=1)


def record(keys, urls):
    PURGED.append((list(keys), list(urls)))


def refuse(keys, urls):
    raise ConnectionError("CDN unreachable")


@pytest.fixture
def hook(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PURGE_HOOK": "tests.infra.test_purges.record"}
    PURGED.clear()
    return settings


@pytest.mark.django_db(transaction=True)
def test_keys_asked_for_by_several_changes_are_purged_once_in_one_batch(hook, run_worker):
    with time_machine.travel(timezone.now(), tick=False):
        with transaction.atomic():
            generations.article_changed(1, listings=True)
        with transaction.atomic():
            generations.article_changed(2, listings=True)
        generations.article_changed(1)
        assert (PURGED, PendingPurge.objects.count()) == ([], 3)  # no request purges

        run_worker()

    assert PURGED == [(["article-1", "front", "article-2"], [])]
    assert PendingPurge.objects.count() == 0
    results = DBTaskResult.objects.values_list("task_path", "return_value")
    assert sorted(results, key=str) == [("infra.tasks.purge_cdn", n) for n in (0, 0, 3)]


def test_nothing_is_purged_without_a_hook(settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        generations.article_changed(1, listings=True)

    # The generation bump only: no key queued, no task enqueued.
    assert ([c.__qualname__ for c in callbacks], PendingPurge.objects.count()) == (
        ["bump.<locals>.apply"],
        0,
    )


def test_a_refusing_cdn_leaves_the_keys_pending_for_the_next_run(
    hook, django_capture_on_commit_callbacks
):
    hook.NEWSROOM = {**hook.NEWSROOM, "PURGE_HOOK": "tests.infra.test_purges.refuse"}
    with django_capture_on_commit_callbacks(execute=True):
        generations.article_changed(7)
    assert list(PendingPurge.objects.values_list("key", flat=True)) == ["article-7"]

    hook.NEWSROOM = {**hook.NEWSROOM, "PURGE_HOOK": "tests.infra.test_purges.record"}
    assert generations.purge_pending() == 1
    assert PURGED == [(["article-7"], [])]
    assert generations.purge_pending() == 0  # run again: nothing to do


def requeue_during_first_purge(keys, urls):
    record(keys, urls)
    if len(PURGED) == 1:
        # A new change asks for the same key while the CDN purges the old page.
        PendingPurge.objects.filter(key="front").update(queued_at=timezone.now() + ONE_SECOND)


def test_a_key_asked_for_again_during_a_purge_is_purged_again(hook):
    hook.NEWSROOM = {
        **hook.NEWSROOM,
        "PURGE_HOOK": "tests.infra.test_purges.requeue_during_first_purge",
    }
    PendingPurge.objects.create(key="front")

    assert generations.purge_pending() == 2

    assert PURGED == [(["front"], []), (["front"], [])]
    assert PendingPurge.objects.count() == 0


MEDIA = "https://www.example.fr/media/images/renditions/4/le-port-320.jpg"


def test_urls_wait_with_the_keys_and_reach_the_hook_apart_from_them(
    hook, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        generations.purge_urls([MEDIA, MEDIA])
        generations.purge(["article-4"])
        assert PendingPurge.objects.count() == 0  # after the commit only

    assert sorted(PendingPurge.objects.values_list("key", flat=True)) == [
        "article-4",
        f"url:{MEDIA}",
    ]
    assert generations.purge_pending() == 2
    assert PURGED == [(["article-4"], [MEDIA])]
    assert PendingPurge.objects.count() == 0


def test_a_long_media_url_fits_in_a_pending_key(
    hook, database_tasks, django_capture_on_commit_callbacks
):
    long_url = "https://www.example.fr/media/images/renditions/4/" + "a" * 1900 + ".jpg"

    with django_capture_on_commit_callbacks(execute=True):
        generations.purge_urls([long_url])

    assert list(PendingPurge.objects.values_list("key", flat=True)) == [f"url:{long_url}"]


def test_no_url_is_queued_without_a_hook(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        generations.purge_urls([MEDIA])

    assert (callbacks, PendingPurge.objects.count()) == ([], 0)


def test_the_pending_keys_split_into_surrogate_keys_and_urls():
    assert generations.split_pending(["front", f"url:{MEDIA}", "article-4", "url:x"]) == (
        ["front", "article-4"],
        [MEDIA, "x"],
    )
