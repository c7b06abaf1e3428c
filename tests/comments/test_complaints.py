"""DSA Art. 20: complaints through a signed link, reviewed by another moderator."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from comments import complaints, services
from comments.models import Comment, Complaint, ModerationEvent, RejectionReason
from infra.models import OutgoingMail
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def make_moderator(name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


@pytest.fixture
def first():
    return make_moderator("premier")


@pytest.fixture
def second():
    return make_moderator("second")


def link_in(mail) -> str:
    return re.search(r"http://\S+/contestation/\S+/", mail.body)[0].removeprefix(
        "http://127.0.0.1:8000"
    )


def rejected(first):
    comment = CommentFactory(email="auteur@example.org", status=Comment.Status.PUBLISHED)
    services.reject_comment(comment=comment, by=first, reason=RejectionReason.OFF_TOPIC)
    return comment


def test_the_statement_carries_a_link_the_author_contests_with(client, first):
    comment = rejected(first)
    url = link_in(OutgoingMail.objects.get(to="auteur@example.org"))

    page = client.get(url)
    sent = client.post(url, {"text": "Mon commentaire était dans le sujet."})

    assert page.status_code == 200
    assert f"sur le commentaire n° {comment.pk}" in page.text
    assert sent.status_code == 200
    assert "Votre réclamation a bien été reçue." in sent.text
    complaint = Complaint.objects.get()
    assert (complaint.role, complaint.comment, complaint.decision.action, complaint.text) == (
        "author",
        comment,
        "rejected",
        "Mon commentaire était dans le sujet.",
    )


def test_an_empty_complaint_is_explained(client, first):
    rejected(first)
    url = link_in(OutgoingMail.objects.get(to="auteur@example.org"))

    response = client.post(url, {"text": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["text"] == [
        "Expliquez pourquoi vous contestez cette décision."
    ]
    assert Complaint.objects.count() == 0


def test_a_link_older_than_six_months_or_forged_is_refused(client, first):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        rejected(first)
    url = link_in(OutgoingMail.objects.get(to="auteur@example.org"))

    with time_machine.travel(start + timedelta(days=182), tick=False):
        in_time = client.get(url).status_code
    with time_machine.travel(start + timedelta(days=184), tick=False):
        late = client.get(url)
    forged = client.get(reverse("comments:complaint", args=["abc:def"]))

    assert (in_time, late.status_code, forged.status_code) == (200, 404, 404)
    assert "Ce lien de réclamation n'est pas valable." in late.text


def test_the_moderator_who_decided_may_not_review_the_complaint(first, second):
    comment = rejected(first)
    decision = comment.events.get(action="rejected")
    complaint = services.file_complaint(
        contested=complaints.Contested(comment.pk, decision.pk, None), text="Injuste"
    )

    with pytest.raises(ValidationError, match="un autre modérateur"):
        services.decide_complaint(complaint=complaint, by=first, reverse=True, reason="Oui")
    with pytest.raises(ValidationError, match="motif"):
        services.decide_complaint(complaint=complaint, by=second, reverse=True, reason=" ")
    services.decide_complaint(
        complaint=complaint, by=second, reverse=True, reason="Le commentaire est dans le sujet"
    )

    comment.refresh_from_db()
    complaint.refresh_from_db()
    assert comment.status == "published"
    assert (complaint.outcome, complaint.reviewed_by_name) == ("reversed", "second")
    assert list(comment.events.values_list("action", "actor_name")) == [
        ("rejected", "premier"),
        ("reopened", "second"),
        ("accepted", "second"),
        ("complaint_decided", "second"),
    ]
    answer = OutgoingMail.objects.filter(to="auteur@example.org").order_by("pk").last()
    assert answer.subject == "Votre réclamation a été examinée — Le Quotidien"
    assert "la décision contestée est annulée" in answer.body
    assert "Motif : Le commentaire est dans le sujet" in answer.body


def test_a_notifier_contests_a_comment_kept_and_gets_it_removed(first, second):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    report = services.report_comment(
        comment=comment,
        reason="illegal",
        category="violence",
        details="Menaces",
        ip_address="192.0.2.1",
        notifier_email="lea@example.org",
        good_faith=True,
    )
    services.accept_comment(comment=comment, by=first)
    decision_mail = OutgoingMail.objects.filter(to="lea@example.org").order_by("pk").last()
    contested = complaints.read_token(link_in(decision_mail).split("/")[-2])
    complaint = services.file_complaint(contested=contested, text="C'est une menace")

    with pytest.raises(ValidationError, match="motif du retrait"):
        services.decide_complaint(complaint=complaint, by=second, reverse=True, reason="Menace")
    services.decide_complaint(
        complaint=complaint,
        by=second,
        reverse=True,
        reason="Menace caractérisée",
        rejection_reason=RejectionReason.ILLEGAL,
    )

    comment.refresh_from_db()
    assert (complaint.role, complaint.report, comment.status) == ("notifier", report, "rejected")


def test_maintaining_a_decision_is_recorded_and_answered(first, second):
    comment = rejected(first)
    complaint = services.file_complaint(
        contested=complaints.Contested(comment.pk, comment.events.get(action="rejected").pk, None),
        text="Injuste",
    )

    services.decide_complaint(complaint=complaint, by=second, reverse=False, reason="Hors sujet")

    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert comment.events.last().action == ModerationEvent.Action.COMPLAINT_DECIDED
    assert "la décision contestée est maintenue" in (
        OutgoingMail.objects.filter(to="auteur@example.org").order_by("pk").last().body
    )


def test_the_admin_refuses_the_deciding_moderator(client, first, second):
    comment = rejected(first)
    complaint = services.file_complaint(
        contested=complaints.Contested(comment.pk, comment.events.get(action="rejected").pk, None),
        text="Injuste",
    )
    client.force_login(first)
    data = {"action": "reverse", "_selected_action": [complaint.pk], "note": "Oui"}

    refused = client.post(reverse("admin:comments_complaint_changelist"), data, follow=True)
    client.force_login(second)
    client.post(reverse("admin:comments_complaint_changelist"), data)

    assert "un autre modérateur que celui qui a décidé" in refused.text
    complaint.refresh_from_db()
    assert (complaint.outcome, complaint.reviewed_by_name) == ("reversed", "second")
