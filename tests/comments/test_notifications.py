"""
Mail must not be a relay: the addresses a commenter or a notifier types are not
verified, so no mail quotes text someone else wrote, and only a DSA notice is
acknowledged. Each test sends the mail an attacker would make the site send.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from comments import services
from comments.models import Comment, RejectionReason, Report
from infra.models import OutgoingMail
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "Gagnez 1000 € sur https://arnaque.example — répondez vite"


@pytest.fixture
def moderator():
    return get_user_model().objects.create_user("modo", "modo@example.org", "pw-secret-123")


def every_mail() -> list[str]:
    return [f"{m.subject}\n{m.body}" for m in mail.outbox]


@pytest.mark.parametrize("reason", Report.Reason.values)
def test_a_report_naming_a_victims_address_never_mails_the_comments_text(
    reason, moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory(status=Comment.Status.PUBLISHED, body=PAYLOAD, name=PAYLOAD[:60])

    with django_capture_on_commit_callbacks(execute=True):
        services.report_comment(
            comment=comment,
            reason=reason,
            details="Précisions du notifiant.",
            ip_address="198.51.100.9",
            notifier_email="victim@example.org",
            good_faith=True,
        )
        services.reject_comment(comment=comment, by=moderator, reason=RejectionReason.SPAM)

    victim = [m for m in mail.outbox if m.to == ["victim@example.org"]]
    # Only the DSA notice is acknowledged and answered; never with the comment's text.
    assert len(victim) == (2 if reason == Report.Reason.ILLEGAL else 0)
    assert [text for text in every_mail() if "arnaque" in text or "1000 €" in text] == []


def test_a_report_that_is_not_a_notice_sends_nothing(django_capture_on_commit_callbacks):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    with django_capture_on_commit_callbacks(execute=True):
        services.report_comment(
            comment=comment,
            reason=Report.Reason.SPAM,
            ip_address="198.51.100.9",
            notifier_email="victim@example.org",
        )

    assert (mail.outbox, OutgoingMail.objects.count()) == ([], 0)


def test_a_rejection_mailed_to_an_unverified_address_quotes_no_comment_text(
    moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory(email="victim@example.org", body=PAYLOAD, name="Offre spéciale")

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_comment(comment=comment, by=moderator, reason=RejectionReason.SPAM)

    (message,) = mail.outbox
    assert message.to == ["victim@example.org"]
    assert (PAYLOAD in message.body, "Offre spéciale" in message.body) == (False, False)
    assert f"commentaire n° {comment.pk}" in message.body


def test_erasing_an_address_drops_its_mails_from_the_outbox(moderator):
    comment = CommentFactory(email="lea@example.org")
    services.reject_comment(comment=comment, by=moderator, reason=RejectionReason.SPAM)
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == ["lea@example.org"]

    services.erase_email(email="LEA@example.org")

    assert OutgoingMail.objects.count() == 0
