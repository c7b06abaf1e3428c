import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from comments import services
from comments.models import Comment, ModerationEvent
from tests.factories import ArticleFactory, CommentFactory
from tests.support import changelist_rows

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:comments_comment_changelist"


@pytest.fixture
def moderator():
    user = get_user_model().objects.create_user(
        "modo", "modo@example.org", "pw-secret-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_moderators_group_has_comment_permissions_only():
    group = Group.objects.get(name="Modérateurs")

    assert sorted(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("comments", "add_legalhold"),
        ("comments", "add_threatreport"),
        ("comments", "change_comment"),
        ("comments", "change_complaint"),
        ("comments", "change_legalhold"),
        ("comments", "view_comment"),
        ("comments", "view_complaint"),
        ("comments", "view_erasure"),
        ("comments", "view_legalhold"),
        ("comments", "view_moderationevent"),
        ("comments", "view_report"),
        ("comments", "view_statementofreasons"),
        ("comments", "view_threatreport"),
        ("compliance", "add_authorityorder"),
        ("compliance", "change_authorityorder"),
        ("compliance", "view_authorityorder"),
    ]


def test_moderator_cannot_open_articles_in_the_admin(moderator_client):
    article = ArticleFactory()

    assert moderator_client.get(reverse("admin:articles_article_changelist")).status_code == 403
    response = moderator_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 403


def test_queue_lists_reported_first_then_oldest_without_a_query_per_row(
    moderator_client, django_assert_max_num_queries
):
    article = ArticleFactory()
    oldest = CommentFactory(article=article, body="le plus ancien")
    newer = CommentFactory(article=article, body="plus récent")
    reported = CommentFactory(article=article, status=Comment.Status.PUBLISHED, body="signalé")
    services.report_comment(comment=reported, reason="hate", ip_address="198.51.100.1")
    for index in range(20):
        CommentFactory(article=ArticleFactory(), body=f"autre {index}")

    with django_assert_max_num_queries(16) as captured:
        response = moderator_client.get(reverse(CHANGELIST))
    queries_for_23 = len(captured)
    for index in range(20):
        CommentFactory(article=ArticleFactory(), body=f"encore {index}")
    with django_assert_max_num_queries(queries_for_23):
        moderator_client.get(reverse(CHANGELIST))

    rows = list(response.context["cl"].result_list)
    assert rows[:3] == [reported, oldest, newer]
    assert len(rows) == 23
    everything = moderator_client.get(reverse(CHANGELIST), {"file": "tout", "status": "published"})
    assert list(everything.context["cl"].result_list) == [reported]
    shown = [
        (row["excerpt"], row["report_reasons"])
        for row in changelist_rows(response.content.decode())
    ]
    assert shown[:3] == [
        ("signalé", "Haine ou discrimination"),
        ("le plus ancien", "—"),
        ("plus récent", "—"),
    ]


def test_accept_action_publishes(moderator_client, moderator):
    comment = CommentFactory()

    response = moderator_client.post(
        reverse(CHANGELIST),
        {"action": "accept", "_selected_action": [comment.pk], "reason": "", "note": ""},
        follow=True,
    )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.moderated_by == moderator
    assert "1 commentaire accepté." in response.content.decode()


def test_reject_action_requires_a_reason(moderator_client):
    comment = CommentFactory()

    response = moderator_client.post(
        reverse(CHANGELIST),
        {"action": "reject", "_selected_action": [comment.pk], "reason": ""},
        follow=True,
    )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert (
        "Choisissez un motif de refus (clause de la charte ou fondement légal)."
        in response.content.decode()
    )


def test_reject_action_with_reason_mails_the_statement_of_reasons(
    moderator_client, django_capture_on_commit_callbacks
):
    comment = CommentFactory(email="auteur@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse(CHANGELIST),
            {
                "action": "reject",
                "_selected_action": [comment.pk],
                "reason": "spam",
                "note": "lien publicitaire",
            },
        )

    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason) == ("rejected", "spam")
    event = comment.events.get(action=ModerationEvent.Action.REJECTED)
    assert (event.actor_name, event.reason_code, event.note) == (
        "modo",
        "spam",
        "lien publicitaire",
    )
    assert [m.to for m in mail.outbox] == [["auteur@example.org"]]


def test_comment_page_shows_the_history_read_only(moderator_client, moderator):
    comment = CommentFactory()
    services.accept_comment(comment=comment, by=moderator)

    response = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Historique de modération (non modifiable)" in html
    assert "Accepté" in html
    assert 'name="events-0-note"' not in html


def test_nobody_deletes_comments_or_history(moderator_client):
    comment = CommentFactory()

    moderator_client.post(
        reverse(CHANGELIST), {"action": "delete_selected", "_selected_action": [comment.pk]}
    )

    assert Comment.objects.filter(pk=comment.pk).exists()
    assert (
        moderator_client.get(
            reverse("admin:comments_comment_delete", args=[comment.pk])
        ).status_code
        == 403
    )


def test_comment_search_folds_accents_and_case_in_text_and_name(moderator_client):
    found = CommentFactory(body="Bravo à l'Élysée pour cette décision.", name="Zoé")
    named = CommentFactory(body="Rien à dire.", name="Hélène Dupré")
    CommentFactory(body="Un autre avis.")
    url = reverse("admin:comments_comment_changelist")

    def listed(q: str) -> list[int]:
        response = moderator_client.get(url, {"q": q, "file": "tout"})
        assert response.status_code == 200
        return sorted(comment.pk for comment in response.context["cl"].result_list)

    assert listed("ELYSEE decision") == [found.pk]
    assert listed("helene") == [named.pk]
    assert listed("dupre zoe") == []  # every word must be found in one row
    assert listed("100%_") == []  # LIKE's wildcards are plain characters
