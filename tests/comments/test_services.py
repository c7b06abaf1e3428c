from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from articles.models import Article
from comments import services
from comments.models import Comment, ModerationEvent, RejectionReason, Report
from tests.factories import ArticleFactory, CommentFactory
from tests.support import keyed_sha256

pytestmark = pytest.mark.django_db

# The clock of the tests that need one fixed: 16 March 2026, 12:30 UTC.
NOW = datetime(2026, 3, 16, 12, 30, tzinfo=UTC)


@pytest.fixture
def moderator():
    return get_user_model().objects.create_user(
        "modo", "modo@example.org", "pw-secret-123", first_name="Mona", last_name="Dératrice"
    )


def post(article, **overrides):
    values = {
        "article": article,
        "name": "Jean",
        "email": "jean@example.org",
        "body": "Très bon article.",
        "ip_address": "203.0.113.7",
    }
    return services.post_comment(**{**values, **overrides})


def actions(comment):
    return list(comment.events.values_list("action", "actor_name", "automated", "reason_code"))


def test_post_comment_is_pending_and_not_counted():
    article = ArticleFactory()

    result = post(article)

    comment = result.comment
    article.refresh_from_db()
    assert (result.created, comment.status, article.comment_count) == (
        True,
        Comment.Status.PENDING,
        0,
    )
    assert comment.ip_hash == keyed_sha256("203.0.113.7", purpose="ip")
    assert actions(comment) == [("submitted", "", False, "")]


def test_post_comment_on_post_moderated_article_is_published_and_counted():
    article = ArticleFactory(comment_mode=Article.CommentMode.POST_MODERATED)

    comment = post(article).comment

    article.refresh_from_db()
    assert (comment.status, article.comment_count) == (Comment.Status.PUBLISHED, 1)
    assert actions(comment) == [("submitted", "", False, ""), ("auto_published", "", True, "")]


def test_post_comment_twice_stores_it_once():
    article = ArticleFactory()

    first = post(article, body="Très bon   article.")
    second = post(article, body="très bon article.", email="JEAN@example.org")

    assert (first.created, second.created) == (True, False)
    assert second.comment.pk == first.comment.pk
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"comment_mode": Article.CommentMode.CLOSED},
        {"published_at": NOW - timedelta(days=15)},
    ],
    ids=["closed", "too_old"],
)
@time_machine.travel(NOW, tick=False)
def test_post_comment_refused_when_comments_are_closed(overrides):
    article = ArticleFactory(**overrides)

    with pytest.raises(services.CommentsClosed):
        post(article)

    assert Comment.objects.count() == 0


def test_accept_publishes_counts_and_records_who(moderator):
    comment = CommentFactory()

    services.accept_comment(comment=comment, by=moderator)

    comment.refresh_from_db()
    comment.article.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.moderated_by == moderator
    assert comment.article.comment_count == 1
    assert actions(comment) == [("accepted", "Mona Dératrice", False, "")]


def test_accept_twice_counts_once(moderator):
    comment = CommentFactory()

    services.accept_comment(comment=comment, by=moderator)
    services.accept_comment(comment=comment, by=moderator)

    comment.article.refresh_from_db()
    assert comment.article.comment_count == 1


def test_reject_requires_a_known_reason(moderator):
    comment = CommentFactory()

    with pytest.raises(ValueError, match="Unknown rejection reason"):
        services.reject_comment(comment=comment, by=moderator, reason="")


def test_reject_sends_a_statement_of_reasons_after_commit(
    moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory(email="auteur@example.org", body="Texte refusé.")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.reject_comment(
            comment=comment, by=moderator, reason=RejectionReason.INSULT, note="Injure"
        )
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason) == ("rejected", "insult")
    assert actions(comment) == [("rejected", "Mona Dératrice", False, "insult")]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["auteur@example.org"]
    assert message.subject == "Votre commentaire n'a pas été publié — Le Quotidien"
    assert "Charte 1 — Insulte, harcèlement ou attaque personnelle" in message.body
    assert "aucun moyen automatisé n'a été utilisé" in message.body
    assert f"commentaire n° {comment.pk}, écrit le" in message.body
    assert "Texte refusé." not in message.body  # see tests/comments/test_notifications.py
    assert "Voies de recours" in message.body
    assert "http://127.0.0.1:8000/charte-de-moderation/" in message.body


def test_reject_published_comment_decrements_count(moderator):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    services.reject_comment(comment=comment, by=moderator, reason=RejectionReason.SPAM)

    comment.article.refresh_from_db()
    assert comment.article.comment_count == 0


def report(comment, ip, **kwargs):
    return services.report_comment(comment=comment, reason="spam", ip_address=ip, **kwargs)


def test_reports_from_distinct_readers_hide_the_comment_at_the_threshold(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "REPORTS_TO_HIDE": 3}
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    report(comment, "198.51.100.1")
    report(comment, "198.51.100.2")
    comment.refresh_from_db()
    assert (comment.status, comment.open_report_count) == ("published", 2)

    report(comment, "198.51.100.3")

    comment.refresh_from_db()
    comment.article.refresh_from_db()
    assert (comment.status, comment.open_report_count) == ("hidden", 3)
    assert comment.article.comment_count == 0
    assert [a[0] for a in actions(comment)] == ["reported", "reported", "reported", "auto_hidden"]
    assert actions(comment)[-1] == ("auto_hidden", "", True, "spam")


def test_same_reader_reporting_twice_counts_once():
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    report(comment, "198.51.100.1")
    with pytest.raises(services.AlreadyReported):
        report(comment, "198.51.100.1")
    with pytest.raises(services.AlreadyReported):
        report(comment, "198.51.100.1")

    comment.refresh_from_db()
    assert (comment.status, comment.open_report_count, Report.objects.count()) == (
        "published",
        1,
        1,
    )


def test_staff_report_hides_at_once_and_jumps_the_queue(moderator):
    moderator.is_staff = True
    moderator.save()
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    report(comment, "10.0.0.1", user=moderator)

    comment.refresh_from_db()
    assert (comment.status, comment.priority) == ("hidden", True)
    assert Comment.objects.for_moderation().first() == comment
    assert actions(comment)[-1] == ("staff_hidden", "Mona Dératrice", False, "spam")


def test_illegal_content_notice_keeps_a_snapshot_and_acknowledges(
    django_capture_on_commit_callbacks,
):
    comment = CommentFactory(status=Comment.Status.PUBLISHED, body="Propos visé.", name="Paul")

    with django_capture_on_commit_callbacks(execute=True):
        notice = services.report_comment(
            comment=comment,
            reason=Report.Reason.ILLEGAL,
            details="Diffamation envers une personne nommée.",
            ip_address="198.51.100.9",
            notifier_name="Claire",
            notifier_email="claire@example.org",
            good_faith=True,
        )
    comment.body = "Texte modifié ensuite."
    comment.save()

    notice.refresh_from_db()
    assert notice.snapshot["body"] == "Propos visé."
    assert notice.snapshot["name"] == "Paul"
    assert notice.reference.startswith("SIG-")
    assert [m.to for m in mail.outbox] == [["claire@example.org"]]
    assert mail.outbox[0].subject == f"Signalement reçu — référence {notice.reference}"
    # The notifier's address is not verified: the mail gives the reference, not the text.
    assert "Propos visé." not in mail.outbox[0].body


def test_notifier_learns_the_decision(moderator, django_capture_on_commit_callbacks):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.report_comment(
            comment=comment,
            reason=Report.Reason.ILLEGAL,
            details="x",
            ip_address="198.51.100.9",
            notifier_email="claire@example.org",
            good_faith=True,
        )
        services.reject_comment(comment=comment, by=moderator, reason=RejectionReason.ILLEGAL)

    notice.refresh_from_db()
    assert notice.status == Report.Status.UPHELD
    decision = mail.outbox[-1]
    assert decision.to == ["claire@example.org"]
    assert decision.subject == f"Décision sur votre signalement {notice.reference}"
    assert "le commentaire a été retiré" in decision.body


def test_dismiss_reports_republishes_a_hidden_comment(moderator, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "REPORTS_TO_HIDE": 1}
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    report(comment, "198.51.100.1")

    services.dismiss_reports(comment=comment, by=moderator)

    comment.refresh_from_db()
    comment.article.refresh_from_db()
    assert (comment.status, comment.open_report_count) == ("published", 0)
    assert comment.article.comment_count == 1
    assert list(Report.objects.values_list("status", flat=True)) == ["dismissed"]


def test_moderation_events_are_append_only():
    comment = CommentFactory()
    event = ModerationEvent.objects.create(comment=comment, action="accepted")

    event.note = "réécriture"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_erase_email_anonymizes_and_keeps_the_record(moderator):
    kept = CommentFactory(email="autre@example.org")
    comment = CommentFactory(email="Jean@Example.org", status=Comment.Status.PUBLISHED)
    services.accept_comment(comment=kept, by=moderator)

    erased = services.erase_email(email="jean@example.org")

    comment.refresh_from_db()
    comment.article.refresh_from_db()
    assert erased.comments_erased == 1
    assert (comment.name, comment.email, comment.body, comment.status) == (
        "—",
        "",
        "",
        "rejected",
    )
    assert comment.article.comment_count == 0
    assert actions(comment)[-1] == ("erased", "", True, "")
    kept.refresh_from_db()
    assert kept.email == "autre@example.org"


def test_purge_expired_personal_data():
    old = CommentFactory(
        ip_hash="abc", email="ancien@example.org", created_at=timezone.now() - timedelta(days=400)
    )
    recent = CommentFactory(ip_hash="def", email="recent@example.org")

    counts = services.purge_expired_personal_data()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert counts == {
        "ip_hashes": 1,
        "emails": 1,
        "unpublished_texts": 1,
        "notifier_emails": 0,
        "notice_details": 0,
        "reporter_keys": 0,
        "statement_addresses": 0,
        "event_notes": 0,
    }
    assert (old.ip_hash, old.email) == ("", "")
    assert (recent.ip_hash, recent.email) == ("def", "recent@example.org")
