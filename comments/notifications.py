"""
Emails of the moderation process. Each is written in the decision's transaction and
delivered by a task after the commit (``infra.mail``): a rolled back decision mails
no one, and a mail server outage delays the mails without failing the decision.
Templates live in templates/comments/email/.

None of these addresses is verified (a commenter or a notifier types any address),
so no message quotes text a third party wrote (the reported comment, a rejected
comment): the site would relay it under its name. They name the article, the date
and a reference; whoever wrote the text knows it (docs/jobs.md).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from comments.models import Report
from infra.mail import queue_mail


def _queue(*, subject_template: str, body_template: str, context: dict, to: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        full_context = {"site_name": settings.NEWSROOM["SITE_NAME"], **context}
        subject = " ".join(render_to_string(subject_template, full_context).split())
        body = render_to_string(body_template, full_context)
    queue_mail(to=to, subject=subject, body=body)


def _site_url(path: str) -> str:
    return settings.NEWSROOM["SITE_URL"].rstrip("/") + path


def is_notice(report: Report) -> bool:
    """A DSA Art. 16 notice with an address to answer: the only report that gets mail."""
    return report.reason == Report.Reason.ILLEGAL and bool(report.notifier_email)


def send_statement_of_reasons(*, comment, automated: bool) -> None:
    """DSA Art. 17: the measure, the facts, automated means, the ground, redress."""
    if not comment.email:
        return
    _queue(
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


def acknowledge_notice(*, report: Report) -> None:
    """DSA Art. 16(4): confirm receipt of a notice, with its reference."""
    if not is_notice(report):
        return
    _queue(
        subject_template="comments/email/notice_received_subject.txt",
        body_template="comments/email/notice_received.txt",
        context={"report": report},
        to=report.notifier_email,
    )


def notify_notifiers(*, reports, comment, removed: bool) -> None:
    """DSA Art. 16(5): tell each notifier who left an email what was decided."""
    for report in reports:
        if not is_notice(report):
            continue
        _queue(
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
