"""The live fast screen and its staff-only JSON endpoints."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from live.models import LivePost
from tests.factories import ArticleFactory, LivePostFactory

pytestmark = pytest.mark.django_db


def test_the_screen_shows_the_form_and_its_strings(client, journalist, live_page):
    client.force_login(journalist)

    response = client.get(reverse("admin:live_livepost_screen", args=[live_page.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="text"' in html
    assert 'src="/static/js/admin/live.js"' in html
    assert '<script id="live-strings" type="application/json">' in html
    assert "<script>" not in html.replace('<script id="live-strings"', "")


def test_posting_from_the_screen_needs_the_csrf_token(journalist, live_page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(journalist)

    response = client.post(
        reverse("admin:live_livepost_create", args=[live_page.pk]), {"text": "Un message."}
    )

    assert response.status_code == 403
    assert LivePost.objects.count() == 0


def test_posting_from_the_screen_turns_plain_text_into_paragraphs(
    client, journalist, live_page, django_capture_on_commit_callbacks
):
    client.force_login(journalist)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:live_livepost_create", args=[live_page.pk]),
            {
                "text": "Les bureaux ferment.\nDépouillement.\n\n<b>Voir</b> https://example.org/x",
                "important": "on",
            },
        )

    post = LivePost.objects.get()
    assert response.status_code == 201
    assert response.json()["id"] == post.pk
    assert post.text == (
        "<p>Les bureaux ferment.<br>Dépouillement.</p>\n\n"
        '<p>&lt;b&gt;Voir&lt;/b&gt; <a href="https://example.org/x" rel="noopener noreferrer">'
        "https://example.org/x</a></p>"
    )
    assert (post.important, post.pinned, post.author) == (True, False, journalist)


def test_an_empty_post_comes_back_with_a_french_message(client, journalist, live_page):
    client.force_login(journalist)

    response = client.post(
        reverse("admin:live_livepost_create", args=[live_page.pk]), {"text": " "}
    )

    assert response.status_code == 400
    assert response.json() == {"errors": {"text": ["Écrivez le message avant de le publier."]}}


def test_the_list_shows_everyone_s_posts_newest_first(client, journalist, colleague, live_page):
    older = LivePostFactory(article=live_page, author=colleague, author_name="Hugo")
    newer = LivePostFactory(article=live_page, author=journalist, author_name="Léa")
    LivePostFactory(article=ArticleFactory(kind=Article.Kind.LIVE))  # another live page
    client.force_login(journalist)

    response = client.get(reverse("admin:live_livepost_posts", args=[live_page.pk]))

    posts = response.json()["posts"]
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert [(p["id"], p["author"], p["can_change"]) for p in posts] == [
        (newer.pk, "Léa", True),
        (older.pk, "Hugo", False),
    ]


def test_the_list_costs_the_same_queries_for_3_or_30_posts(client, journalist, live_page):
    client.force_login(journalist)
    url = reverse("admin:live_livepost_posts", args=[live_page.pk])
    counts = []
    for total in (3, 30):
        LivePost.objects.all().delete()
        LivePostFactory.create_batch(total, article=live_page, author=journalist)
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(url).json()["posts"]) == total
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_editing_and_deleting_from_the_screen(
    client, journalist, live_page, django_capture_on_commit_callbacks
):
    post = LivePostFactory(article=live_page, author=journalist, text="<p>Coquile.</p>")
    client.force_login(journalist)

    edited = client.post(
        reverse("admin:live_livepost_edit", args=[post.pk]), {"text": "Coquille corrigée."}
    )
    deleted = client.post(reverse("admin:live_livepost_remove", args=[post.pk]))

    post.refresh_from_db()
    assert edited.json()["text"] == "Coquille corrigée."
    assert deleted.json() == {"id": post.pk, "deleted": True}
    assert post.is_deleted is True
    assert list(post.changes.values_list("action", "previous_text")) == [
        ("deleted", "<p>Coquille corrigée.</p>"),
        ("edited", "<p>Coquile.</p>"),
    ]


def test_a_colleague_s_post_cannot_be_edited_from_the_screen(
    client, journalist, colleague, live_page
):
    post = LivePostFactory(article=live_page, author=colleague, text="<p>À Hugo.</p>")
    client.force_login(journalist)

    response = client.post(reverse("admin:live_livepost_edit", args=[post.pk]), {"text": "Non."})

    post.refresh_from_db()
    assert response.status_code == 403
    assert response.json() == {
        "errors": {"__all__": ["Vous ne pouvez modifier que vos propres messages."]}
    }
    assert post.text == "<p>À Hugo.</p>"


def test_a_formatted_post_is_edited_in_the_admin_not_the_screen(client, journalist, live_page):
    post = LivePostFactory(
        article=live_page, author=journalist, text="<p><strong>Gras</strong></p>"
    )
    client.force_login(journalist)

    listed = client.get(reverse("admin:live_livepost_posts", args=[live_page.pk])).json()
    response = client.post(reverse("admin:live_livepost_edit", args=[post.pk]), {"text": "x"})

    assert listed["posts"][0]["text"] is None
    assert response.status_code == 409


def test_pinning_from_the_screen(client, journalist, live_page):
    post = LivePostFactory(article=live_page, author=journalist)
    client.force_login(journalist)

    response = client.post(reverse("admin:live_livepost_pin", args=[post.pk]), {"pinned": "1"})

    post.refresh_from_db()
    assert (response.json()["pinned"], post.pinned) == (True, True)


def test_a_draft_live_page_of_someone_else_is_not_found(client, journalist, editor):
    draft = ArticleFactory(
        kind=Article.Kind.LIVE, status=Article.Status.DRAFT, published_at=None, created_by=editor
    )
    client.force_login(journalist)

    response = client.get(reverse("admin:live_livepost_screen", args=[draft.pk]))

    assert response.status_code == 404


def test_the_index_lists_running_live_pages_first(client, journalist):
    ended = ArticleFactory(title="Fini", kind=Article.Kind.LIVE, live_ended_at=timezone.now())
    running = ArticleFactory(title="En cours", kind=Article.Kind.LIVE)
    ArticleFactory(title="Pas un direct")
    client.force_login(journalist)

    response = client.get(reverse("admin:live_livepost_index"))

    assert [live.pk for live in response.context["lives"]] == [running.pk, ended.pk]


def test_an_editor_ends_the_live_page_from_the_screen(client, editor, live_page):
    client.force_login(editor)

    response = client.post(reverse("admin:live_livepost_end", args=[live_page.pk]))

    live_page.refresh_from_db()
    assert response.status_code == 302
    assert live_page.live_has_ended is True


def test_the_admin_change_form_edits_through_the_service(client, journalist, live_page):
    post = LivePostFactory(article=live_page, author=journalist, text="<p>Avant.</p>")
    client.force_login(journalist)

    response = client.post(
        reverse("admin:live_livepost_change", args=[post.pk]),
        {
            "text": "<p>Après, <em>en italique</em>.</p>",
            "important": "on",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
        },
    )

    post.refresh_from_db()
    assert response.status_code == 302
    assert (post.text, post.important) == ("<p>Après, <em>en italique</em>.</p>", True)
    assert list(post.changes.values_list("action", "previous_text")) == [
        ("edited", "<p>Avant.</p>")
    ]
