"""DSA Art. 17: a statement of reasons for every restriction, stored as sent."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from comments import services
from comments.models import Comment, RejectionReason, StatementOfReasons
from comments.record import RecordImmutable
from infra.models import OutgoingMail
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    user = get_user_model().objects.create_user("modo", "modo@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def statements(comment):
    return list(
        StatementOfReasons.objects.filter(comment=comment).values_list(
            "restriction", "initiative", "ground", "automated", "sent_to"
        )
    )


def test_a_rejection_after_a_notice_says_so_with_the_explanation(moderator):
    comment = CommentFactory(status=Comment.Status.PUBLISHED, email="auteur@example.org")
    services.report_comment(
        comment=comment,
        reason="illegal",
        category="violence",
        details="Menaces",
        ip_address="192.0.2.1",
        good_faith=True,
    )

    services.reject_comment(
        comment=comment, by=moderator, reason=RejectionReason.ILLEGAL, note="Menace explicite"
    )

    assert statements(comment) == [
        (
            "removal",
            "notice",
            "Loi — Contenu manifestement illicite (loi de 1881, LCEN)",
            False,
            "auteur@example.org",
        )
    ]
    statement = StatementOfReasons.objects.get(comment=comment)
    sent = OutgoingMail.objects.get(to="auteur@example.org")
    assert (statement.subject, statement.text) == (sent.subject, sent.body)
    assert "cette mesure fait suite à une notification de contenu illicite" in sent.body
    assert "Explication du modérateur : Menace explicite" in sent.body
    assert "réclamation interne" in sent.body


def test_a_rejection_in_pre_moderation_is_the_sites_own_initiative(moderator):
    comment = CommentFactory(email="auteur@example.org")

    services.reject_comment(comment=comment, by=moderator, reason=RejectionReason.SPAM)

    assert statements(comment) == [
        ("removal", "own", "Charte 3 — Publicité, spam ou lien promotionnel", False, comment.email)
    ]
    assert "à l'initiative de la rédaction" in StatementOfReasons.objects.get().text


def test_hiding_by_reports_sends_a_temporary_automated_statement():
    comment = CommentFactory(status=Comment.Status.PUBLISHED, email="auteur@example.org")

    for ip in ("192.0.2.1", "198.51.100.1", "203.0.113.1"):
        services.report_comment(comment=comment, reason="insult", ip_address=ip)

    assert statements(comment) == [
        ("temporary", "reports", "Insulte ou harcèlement", True, "auteur@example.org")
    ]
    text = StatementOfReasons.objects.get().text
    assert "masqué temporairement, dans l'attente de l'examen d'un modérateur" in text
    assert "cette mesure a été prise automatiquement" in text
    assert OutgoingMail.objects.get(to="auteur@example.org").subject == (
        "Votre commentaire est masqué dans l'attente d'un examen — Le Quotidien"
    )


def test_a_staff_hiding_is_the_sites_own_initiative(moderator):
    comment = CommentFactory(status=Comment.Status.PUBLISHED, email="auteur@example.org")

    services.report_comment(comment=comment, reason="hate", ip_address="x", user=moderator)

    assert statements(comment) == [
        ("staff_hiding", "own", "Haine ou discrimination", False, "auteur@example.org")
    ]


def test_an_erasure_of_a_published_comment_is_stated_and_not_mailed():
    comment = CommentFactory(status=Comment.Status.PUBLISHED, email="auteur@example.org")

    services.erase_email(email="auteur@example.org")

    assert statements(comment) == [
        ("erasure", "request", "Demande d'effacement des données (RGPD, article 17)", True, "")
    ]
    assert OutgoingMail.objects.count() == 0


def test_a_comment_without_an_address_still_keeps_its_statement(moderator):
    comment = CommentFactory(email="")

    services.reject_comment(comment=comment, by=moderator, reason=RejectionReason.OFF_TOPIC)

    assert statements(comment) == [("removal", "own", "Charte 4 — Hors sujet", False, "")]


def test_statements_are_never_changed_nor_deleted(moderator):
    comment = CommentFactory()
    services.reject_comment(comment=comment, by=moderator, reason=RejectionReason.SPAM)
    statement = StatementOfReasons.objects.get()

    statement.text = "autre"
    with pytest.raises(RecordImmutable):
        statement.save()
    with pytest.raises(RecordImmutable):
        StatementOfReasons.objects.update(text="autre")
    with pytest.raises(RecordImmutable):
        StatementOfReasons.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_postgresql_keeps_statements_as_sent(moderator):
    services.reject_comment(comment=CommentFactory(), by=moderator, reason="spam")

    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE comments_statementofreasons SET text = 'autre'")

    assert StatementOfReasons.objects.get().text.startswith("Bonjour,")


def test_the_comments_admin_page_shows_its_statements(client, moderator):
    comment = CommentFactory(email="auteur@example.org")
    services.reject_comment(comment=comment, by=moderator, reason="spam", note="Lien")
    client.force_login(moderator)

    response = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))

    assert response.status_code == 200
    assert "exposés des motifs envoyés" in response.text.lower()
    assert "Explication du modérateur : Lien" in response.text
