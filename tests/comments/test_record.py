"""The moderation record cannot be lost: PROTECT, the append-only guards, legal holds."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from comments import services
from comments.models import (
    Comment,
    Erasure,
    LegalHold,
    ModerationEvent,
    Report,
)
from comments.record import RecordImmutable, anonymizing
from tests.factories import ArticleFactory, CommentFactory
from tests.support import keyed_sha256

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"
)


@pytest.fixture
def boss():
    return get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-123-secret")


@pytest.fixture
def moderator():
    user = get_user_model().objects.create_user("modo", "m@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def reported(comment, **fields):
    return services.report_comment(comment=comment, reason="spam", ip_address="192.0.2.7", **fields)


def test_an_article_with_comments_is_not_deleted(boss):
    comment = CommentFactory()

    with pytest.raises(ProtectedError):
        article_services.delete_articles([comment.article], by=boss)

    assert Article.objects.filter(pk=comment.article_id).count() == 1


def test_an_article_without_comments_is_still_deleted(boss):
    article = ArticleFactory()

    article_services.delete_articles([article], by=boss)

    assert Article.objects.filter(pk=article.pk).count() == 0


def test_admin_delete_page_explains_in_french_and_deletes_nothing(client, boss):
    comment = CommentFactory()
    client.force_login(boss)
    url = reverse("admin:articles_article_delete", args=[comment.article_id])

    page = client.get(url)
    posted = client.post(url, {"post": "yes"})

    message = "ils sont la preuve de la modération et ne peuvent pas être supprimés"
    assert (page.status_code, message in page.text) == (200, True)
    assert (posted.status_code, message in posted.text) == (200, True)
    assert Article.objects.filter(pk=comment.article_id).count() == 1


def test_admin_bulk_delete_explains_and_deletes_nothing(client, boss):
    comment = CommentFactory()
    client.force_login(boss)

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [comment.article_id], "post": "yes"},
    )

    assert response.status_code == 200
    assert "Dépubliez ces articles au lieu de les supprimer" in response.text
    assert Article.objects.filter(pk=comment.article_id).count() == 1


def test_moderation_events_refuse_queryset_update_and_delete():
    comment = CommentFactory()
    ModerationEvent.objects.create(comment=comment, action="accepted", note="vu")

    with pytest.raises(RecordImmutable, match="action cannot be changed"):
        ModerationEvent.objects.filter(comment=comment).update(action="rejected")
    with pytest.raises(RecordImmutable, match="never deleted"):
        ModerationEvent.objects.filter(comment=comment).delete()
    with pytest.raises(RecordImmutable, match="note cannot be changed"):
        ModerationEvent.objects.filter(comment=comment).update(note="")

    assert list(ModerationEvent.objects.values_list("action", "note")) == [("accepted", "vu")]


def test_notices_refuse_changing_their_facts_but_take_a_decision():
    report = reported(CommentFactory(status=Comment.Status.PUBLISHED), details="Spam évident")

    with pytest.raises(RecordImmutable, match="reason cannot be changed"):
        Report.objects.filter(pk=report.pk).update(reason="hate")
    with pytest.raises(RecordImmutable, match="details cannot be changed"):
        Report.objects.filter(pk=report.pk).update(details="")
    with pytest.raises(RecordImmutable, match="never deleted"):
        Report.objects.filter(pk=report.pk).delete()
    with pytest.raises(RecordImmutable):
        report.delete()
    report.reason = "hate"
    with pytest.raises(RecordImmutable):
        report.save()

    assert Report.objects.filter(pk=report.pk).update(status="dismissed") == 1
    assert list(Report.objects.values_list("reason", "details", "status")) == [
        ("spam", "Spam évident", "dismissed")
    ]


def test_anonymizing_blanks_personal_fields_only():
    report = reported(CommentFactory(status=Comment.Status.PUBLISHED), details="Mon avis")

    with transaction.atomic(), anonymizing():
        Report.objects.filter(pk=report.pk).update(details="")
        with pytest.raises(RecordImmutable):
            Report.objects.filter(pk=report.pk).update(reason="hate")

    assert list(Report.objects.values_list("details", "reason")) == [("", "spam")]


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE comments_moderationevent SET action = 'rejected'",
        "UPDATE comments_moderationevent SET note = ''",
        "DELETE FROM comments_moderationevent",
        "UPDATE comments_report SET reason = 'hate'",
        "UPDATE comments_report SET details = ''",
        "DELETE FROM comments_report",
    ],
)
def test_postgresql_refuses_any_client_changing_the_record(sql):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    reported(comment, details="Texte")

    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)

    assert list(ModerationEvent.objects.values_list("action", flat=True)) == ["reported"]
    assert list(Report.objects.values_list("reason", "details")) == [("spam", "Texte")]


@postgresql_only
def test_postgresql_lets_the_anonymization_blank_personal_fields():
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    reported(comment, details="Texte")

    with transaction.atomic(), anonymizing(), connection.cursor() as cursor:
        cursor.execute("UPDATE comments_report SET details = '', snapshot = '{}'")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE comments_report SET details = 'autre'")  # the flag is gone

    assert list(Report.objects.values_list("details", "snapshot")) == [("", {})]


def test_a_hold_needs_a_reason_and_records_who_and_when(moderator):
    comment = CommentFactory()

    with pytest.raises(ValidationError):
        services.place_legal_hold(comment=comment, by=moderator, reason="  ")
    hold = services.place_legal_hold(comment=comment, by=moderator, reason="Plainte de X")

    assert (hold.comment, hold.set_by, hold.set_by_name, hold.reason) == (
        comment,
        moderator,
        "modo",
        "Plainte de X",
    )
    assert abs((timezone.now() - hold.set_at).total_seconds()) < 5


def test_erasure_keeps_held_comments_and_records_itself(moderator):
    held = CommentFactory(email="jean@example.org", body="Preuve")
    erased = CommentFactory(email="jean@example.org", body="Rien")
    under_notice = CommentFactory(email="jean@example.org", status=Comment.Status.PUBLISHED)
    reported(under_notice)
    services.place_legal_hold(comment=held, by=moderator, reason="Réquisition")

    erasure = services.erase_email(email="Jean@example.org")

    bodies = dict(Comment.objects.values_list("pk", "body"))
    assert (bodies[held.pk], bodies[erased.pk], bodies[under_notice.pk]) == (
        "Preuve",
        "",
        under_notice.body,
    )
    assert (
        erasure.comments_erased,
        erasure.comments_held,
        erasure.comments_deferred,
        erasure.source,
        erasure.email_hash,
    ) == (1, 1, 1, "command", keyed_sha256("jean@example.org", purpose="erasure"))
    assert Erasure.objects.count() == 1


def test_retention_purge_spares_held_comments_until_the_hold_is_lifted(moderator):
    old = timezone.now() - timedelta(days=400)
    comment = CommentFactory(email="vieux@example.org", ip_hash="abc", created_at=old)
    hold = services.place_legal_hold(comment=comment, by=moderator, reason="Plainte")

    first = services.purge_expired_personal_data()
    comment.refresh_from_db()
    kept = (comment.email, comment.ip_hash, comment.body != "")
    services.release_legal_hold(hold=hold, by=moderator, reason="Classement sans suite")
    second = services.purge_expired_personal_data()
    comment.refresh_from_db()

    assert (first["emails"], first["ip_hashes"], kept) == (0, 0, ("vieux@example.org", "abc", True))
    assert (second["emails"], second["ip_hashes"], second["unpublished_texts"]) == (1, 1, 1)
    assert (comment.email, comment.ip_hash, comment.body) == ("", "", "")
    hold.refresh_from_db()
    assert (hold.released_by_name, hold.release_reason, LegalHold.objects.count()) == (
        "modo",
        "Classement sans suite",
        1,
    )


def test_moderator_places_a_hold_in_the_admin(client, moderator):
    comment = CommentFactory()
    client.force_login(moderator)

    response = client.post(
        reverse("admin:comments_legalhold_add"), {"comment": comment.pk, "reason": "Plainte"}
    )

    assert response.status_code == 302
    assert list(LegalHold.objects.values_list("comment", "set_by_name", "reason")) == [
        (comment.pk, "modo", "Plainte")
    ]
