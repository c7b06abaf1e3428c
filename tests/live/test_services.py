"""Posting, editing, deleting and pinning live posts, and ending a live page."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from images import locks
from images.signals import image_changed
from infra import generations
from infra.models import PendingPurge
from live import services
from live.models import LivePost, LivePostChange
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_post_sanitizes_and_signs_with_the_author_profile(
    journalist, live_page, django_capture_on_commit_callbacks
):
    AuthorFactory(name="Léa Martin", slug="lea-martin", user=journalist)
    image = ImageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        post = services.create_post(
            article=live_page,
            by=journalist,
            text='<p onclick="x()">Les bureaux <script>alert(1)</script>ferment.</p>',
            important=True,
            image=image,
        )

    post.refresh_from_db()
    assert (post.text, post.author_name, post.important, post.image) == (
        "<p>Les bureaux ferment.</p>",
        "Léa Martin",
        True,
        image,
    )


def test_create_post_gives_the_page_a_new_generation_and_dates_it(
    journalist, live_page, django_capture_on_commit_callbacks
):
    key = generations.article_key(live_page.pk)
    before = generations.current(key)

    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(article=live_page, by=journalist, text="Premier message.")

    live_page.refresh_from_db()
    assert cache.get(key) != before
    assert live_page.content_updated_at is not None


def test_post_purges_the_live_page_keys(
    settings, journalist, live_page, django_capture_on_commit_callbacks
):
    settings.NEWSROOM = {**settings.NEWSROOM, "PURGE_HOOK": "tests.live.test_services.no_purge"}
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.dummy.DummyBackend",
            "QUEUES": settings.TASKS["default"]["QUEUES"],
        }
    }

    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(article=live_page, by=journalist, text="Premier message.")

    assert sorted(PendingPurge.objects.values_list("key", flat=True)) == [
        f"article-{live_page.pk}",
        f"live-{live_page.pk}",
    ]


def no_purge(keys, urls):
    """A purge hook that purges nothing (the test reads the pending keys)."""


@pytest.mark.parametrize("text", ["", "   ", "<p> </p>", "<script>alert(1)</script>"])
def test_an_empty_post_is_refused(journalist, live_page, text):
    with pytest.raises(ValidationError) as refused:
        services.create_post(article=live_page, by=journalist, text=text)

    assert refused.value.messages == ["Le message est vide."]
    assert LivePost.objects.count() == 0


def test_posting_on_an_article_that_is_not_live_is_refused(journalist):
    article = ArticleFactory(kind=Article.Kind.ARTICLE)

    with pytest.raises(PermissionDenied):
        services.create_post(article=article, by=journalist, text="Un message.")


def test_posting_on_an_ended_live_page_is_refused(journalist, live_page):
    Article.objects.filter(pk=live_page.pk).update(live_ended_at=timezone.now())
    live_page.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.create_post(article=live_page, by=journalist, text="Trop tard.")

    assert refused.value.messages == ["Ce direct est terminé."]


def test_a_staff_member_without_the_role_cannot_post(live_page):
    with pytest.raises(PermissionDenied):
        services.create_post(article=live_page, by=UserFactory(is_staff=True), text="Un message.")


def test_edit_records_who_when_and_the_previous_text(journalist, live_page):
    post = services.create_post(article=live_page, by=journalist, text="<p>Premier jet.</p>")

    services.edit_post(post=post, by=journalist, text="<p>Version corrigée.</p>")

    change = LivePostChange.objects.get()
    post.refresh_from_db()
    assert (post.text, change.action, change.by, change.by_name, change.previous_text) == (
        "<p>Version corrigée.</p>",
        "edited",
        journalist,
        "lea",
        "<p>Premier jet.</p>",
    )


def test_a_journalist_cannot_edit_or_delete_a_colleague_s_post(journalist, colleague, live_page):
    post = services.create_post(article=live_page, by=journalist, text="Le mien.")

    with pytest.raises(PermissionDenied):
        services.edit_post(post=post, by=colleague, text="Le sien.")
    with pytest.raises(PermissionDenied):
        services.delete_post(post=post, by=colleague)

    post.refresh_from_db()
    assert (post.text, post.deleted_at) == ("Le mien.", None)


def test_an_editor_edits_anyone_s_post(journalist, editor, live_page):
    post = services.create_post(article=live_page, by=journalist, text="Coquille.")

    services.edit_post(post=post, by=editor, text="Corrigé.")

    post.refresh_from_db()
    assert post.text == "Corrigé."


def test_delete_is_soft_and_recorded(journalist, live_page):
    post = services.create_post(article=live_page, by=journalist, text="<p>Erreur.</p>")

    services.delete_post(post=post, by=journalist)

    post.refresh_from_db()
    change = post.changes.get()
    assert (post.deleted_by, post.is_deleted) == (journalist, True)
    assert (change.action, change.previous_text) == ("deleted", "<p>Erreur.</p>")
    assert list(LivePost.objects.visible()) == []


def test_pinning_a_post_unpins_the_previous_key_post(journalist, colleague, live_page):
    first = services.create_post(article=live_page, by=journalist, text="Un.", pinned=True)
    second = services.create_post(article=live_page, by=colleague, text="Deux.")

    services.pin_post(post=second, by=journalist)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.pinned, second.pinned) == (False, True)
    assert list(first.changes.values_list("action", flat=True)) == ["unpinned"]
    assert list(second.changes.values_list("action", "by_name")) == [("pinned", "lea")]


def test_one_key_post_per_live_page_is_a_database_rule(journalist, live_page):
    services.create_post(article=live_page, by=journalist, text="Un.", pinned=True)
    post = services.create_post(article=live_page, by=journalist, text="Deux.")

    with pytest.raises(IntegrityError), transaction.atomic():
        LivePost.objects.filter(pk=post.pk).update(pinned=True)


def test_end_coverage_is_for_editors(journalist, editor, live_page):
    with pytest.raises(PermissionDenied):
        services.end_coverage(article=live_page, by=journalist)

    services.end_coverage(article=live_page, by=editor)

    live_page.refresh_from_db()
    assert live_page.live_has_ended is True
    assert live_page.status == Article.Status.PUBLISHED


def test_an_image_shown_by_a_post_of_a_live_page_is_locked(journalist, live_page):
    image = ImageFactory()
    assert locks.is_locked(image) is False
    post = services.create_post(article=live_page, by=journalist, text="Photo.", image=image)

    assert locks.is_locked(image) is True
    services.delete_post(post=post, by=journalist)
    assert locks.is_locked(image) is False


def test_an_image_change_gives_its_live_pages_a_new_generation(
    journalist, live_page, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    services.create_post(article=live_page, by=journalist, text="Photo.", image=image)
    key = generations.article_key(live_page.pk)
    before = generations.current(key)

    with django_capture_on_commit_callbacks(execute=True):
        image_changed.send(sender=type(image), image=image)

    assert cache.get(key) != before
