"""Moderation decisions do not silently reverse one another."""

from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from comments import services
from comments.models import Comment, ModerationEvent
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    user = UserFactory(username="modo", is_staff=True, first_name="Modo")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def rejected(moderator, **fields):
    comment = CommentFactory(**fields)
    return services.reject_comment(comment=comment, by=moderator, reason="insult")


def actions(comment) -> list[str]:
    return list(comment.events.values_list("action", flat=True))


def test_accepting_a_rejected_comment_is_refused(moderator):
    comment = rejected(moderator)

    with pytest.raises(services.DecisionStands) as refused:
        services.accept_comment(comment=comment, by=moderator)

    assert refused.value.messages == [
        "Ce commentaire a été refusé : rouvrez-le d'abord, en indiquant pourquoi."
    ]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert actions(comment) == ["rejected"]


def test_reopening_needs_a_reason_and_is_recorded(moderator):
    comment = rejected(moderator)

    with pytest.raises(ValidationError):
        services.reopen_comment(comment=comment, by=moderator, reason="  ")
    services.reopen_comment(comment=comment, by=moderator, reason="Ironie mal comprise")
    services.accept_comment(comment=comment, by=moderator)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert actions(comment) == ["rejected", "reopened", "accepted"]
    event = comment.events.get(action=ModerationEvent.Action.REOPENED)
    assert (event.actor_name, event.note) == ("Modo", "Ironie mal comprise")


@pytest.mark.parametrize("status", [Comment.Status.PUBLISHED, Comment.Status.PENDING])
def test_an_erased_comment_is_never_published_nor_reopened(moderator, status):
    comment = CommentFactory(email="efface@example.org", status=status)
    services.erase_email(email="efface@example.org")
    comment.refresh_from_db()

    with pytest.raises(services.DecisionStands):
        services.accept_comment(comment=comment, by=moderator)
    if comment.status == Comment.Status.REJECTED:
        with pytest.raises(services.DecisionStands):
            services.reopen_comment(comment=comment, by=moderator, reason="Erreur")

    comment.refresh_from_db()
    assert comment.status != Comment.Status.PUBLISHED


def test_the_admin_accept_action_leaves_a_rejected_comment_rejected(client, moderator):
    comment = rejected(moderator, body="Un avis refusé.")
    client.force_login(moderator)

    response = client.post(
        reverse("admin:comments_comment_changelist") + "?file=tout",
        {"action": "accept", "_selected_action": [comment.pk]},
        follow=True,
    )

    assert [unescape(str(m)) for m in response.context["messages"]] == [
        "« Un avis refusé. » : Ce commentaire a été refusé : rouvrez-le d'abord, en "
        "indiquant pourquoi."
    ]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED


def test_the_admin_reopen_action_takes_the_reason_from_the_note(client, moderator):
    comment = rejected(moderator)
    client.force_login(moderator)
    url = reverse("admin:comments_comment_changelist") + "?file=tout"

    without = client.post(url, {"action": "reopen", "_selected_action": [comment.pk]}, follow=True)
    client.post(
        url,
        {"action": "reopen", "_selected_action": [comment.pk], "note": "Recours de l'auteur"},
    )

    assert [str(m) for m in without.context["messages"]] == [
        "Indiquez dans la note pourquoi ces commentaires sont rouverts."
    ]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.events.last().note == "Recours de l'auteur"
