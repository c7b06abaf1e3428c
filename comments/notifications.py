"""
Emails of the moderation process, sent after the transaction commits so that a
rolled back decision never mails anyone. Templates live in templates/comments/email/.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def _send_after_commit(*, subject_template: str, body_template: str, context: dict, to: str):
    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            full_context = {"site_name": settings.NEWSROOM["SITE_NAME"], **context}
            subject = " ".join(render_to_string(subject_template, full_context).split())
            body = render_to_string(body_template, full_context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])

    transaction.on_commit(send)


def _site_url(path: str) -> str:
    return settings.NEWSROOM["SITE_URL"].rstrip("/") + path


def send_statement_of_reasons(*, comment, automated: bool) -> None:
    """DSA Art. 17: the measure, the facts, automated means, the ground, redress."""
    if not comment.email:
        return
    _send_after_commit(
        subject_template="comments/email/statement_of_reasons_subject.txt",
        body_template="comments/email/statement_of_reasons.txt",
        context={
            "comment": comment,
            "article_title": comment.article.title,
            "article_url": _site_url(comment.article.get_absolute_url()),
            "reason": comment.get_rejection_reason_display(),
            "automated": automated,
            "charter_url": _site_url(_charter_path()),
        },
        to=comment.email,
    )


def acknowledge_notice(*, report) -> None:
    """DSA Art. 16(4): confirm receipt of a notice, with its reference."""
    _send_after_commit(
        subject_template="comments/email/notice_received_subject.txt",
        body_template="comments/email/notice_received.txt",
        context={"report": report},
        to=report.notifier_email,
    )


def notify_notifiers(*, reports, comment, removed: bool) -> None:
    """DSA Art. 16(5): tell each notifier who left an email what was decided."""
    for report in reports:
        if not report.notifier_email:
            continue
        _send_after_commit(
            subject_template="comments/email/notice_decision_subject.txt",
            body_template="comments/email/notice_decision.txt",
            context={
                "report": report,
                "removed": removed,
                "reason": comment.get_rejection_reason_display() if removed else "",
                "charter_url": _site_url(_charter_path()),
            },
            to=report.notifier_email,
        )


def _charter_path() -> str:
    return reverse("comments:charter")
