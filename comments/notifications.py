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
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from comments import complaints
from comments.models import Report, StatementOfReasons
from infra.mail import queue_mail


def _render(*, subject_template: str, body_template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        full_context = {"site_name": settings.NEWSROOM["SITE_NAME"], **context}
        subject = " ".join(render_to_string(subject_template, full_context).split())
        body = render_to_string(body_template, full_context)
    return subject, body


def _queue(*, subject_template: str, body_template: str, context: dict, to: str) -> None:
    subject, body = _render(
        subject_template=subject_template, body_template=body_template, context=context
    )
    queue_mail(to=to, subject=subject, body=body)


def _site_url(path: str) -> str:
    return settings.NEWSROOM["SITE_URL"].rstrip("/") + path


def is_notice(report: Report) -> bool:
    """A DSA Art. 16 notice with an address to answer: the only report that gets mail."""
    return report.reason == Report.Reason.ILLEGAL and bool(report.notifier_email)


def state_reasons(
    *,
    comment,
    restriction: str,
    initiative: str,
    ground: str,
    automated: bool,
    note: str = "",
    send: bool = True,
    decision=None,
) -> StatementOfReasons:
    """
    DSA Art. 17: the statement of reasons of a restriction — the measure, whether it
    followed a notice, reports or the site's own initiative, the facts, the ground
    (charter clause or legal category), the moderator's explanation, automated means,
    the redress routes — mailed to the author when the comment has an address, and
    stored as sent (``StatementOfReasons``), mailed or not.
    """
    with translation.override(settings.LANGUAGE_CODE):
        ground = str(ground)
    context = {
        "comment": comment,
        "restriction": restriction,
        "initiative": initiative,
        "article_title": comment.article.title,
        "article_url": _site_url(comment.article.get_absolute_url()),
        "reason": ground,
        "note": note,
        "automated": automated,
        "charter_url": _site_url(_charter_path()),
        "out_of_court_body": settings.NEWSROOM["OUT_OF_COURT_BODY"],
        "complaint_url": complaint_url(decision=decision) if decision else "",
    }
    subject, body = _render(
        subject_template="comments/email/statement_of_reasons_subject.txt",
        body_template="comments/email/statement_of_reasons.txt",
        context=context,
    )
    to = comment.email if send else ""
    if to:
        queue_mail(to=to, subject=subject, body=body)
    return StatementOfReasons.objects.create(
        comment=comment,
        restriction=restriction,
        initiative=initiative,
        ground=ground,
        automated=automated,
        sent_to=to,
        subject=subject,
        text=body,
    )


def acknowledge_notice(*, report: Report, reports=()) -> None:
    """
    DSA Art. 16(4): confirm receipt of a notice, with its reference, and the number
    of comments it names when it names several.
    """
    if not is_notice(report):
        return
    _queue(
        subject_template="comments/email/notice_received_subject.txt",
        body_template="comments/email/notice_received.txt",
        context={"report": report, "comment_count": len(reports) or 1},
        to=report.notifier_email,
    )


def complaint_url(*, decision, report=None) -> str:
    """The signed link (six months) to contest ``decision`` (DSA Art. 20)."""
    token = complaints.make_token(
        decision_id=decision.pk,
        comment_id=decision.comment_id,
        report_id=report.pk if report is not None else None,
    )
    return _site_url(reverse("comments:complaint", args=[token]))


def notify_notifiers(*, reports, comment, removed: bool, decision=None) -> None:
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
                # Notices are decided by a moderator; nothing decides them automatically.
                "automated": False,
                "out_of_court_body": settings.NEWSROOM["OUT_OF_COURT_BODY"],
                "complaint_url": (
                    complaint_url(decision=decision, report=report) if decision else ""
                ),
            },
            to=report.notifier_email,
        )


def staff_addresses() -> list[str]:
    """Who receives the moderation alerts: the active moderators, and the shared mailbox."""
    User = get_user_model()
    emails = set(
        User.objects.filter(
            is_active=True,
            is_staff=True,
            groups__permissions__content_type__app_label="comments",
            groups__permissions__codename="change_comment",
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if settings.NEWSROOM["MODERATION_ALERT_EMAIL"]:
        emails.add(settings.NEWSROOM["MODERATION_ALERT_EMAIL"])
    return sorted(emails)


def _alert(*, kind: str, reports=(), comment=None, to: list[str]) -> None:
    """
    A staff alert: what happened and the admin's links, never the text of the
    comment or of the notice (the moderators read them in the admin, logged in).
    """
    comments = [comment] if comment is not None else []
    comments += [report.comment for report in reports if report.comment not in comments]
    context = {
        "kind": kind,
        "reports": reports,
        "links": [
            _site_url(reverse("admin:comments_comment_change", args=[c.pk])) for c in comments
        ],
        "alert_hours": settings.NEWSROOM["NOTICE_ALERT_HOURS"],
        "escalation_hours": settings.NEWSROOM["NOTICE_ESCALATION_HOURS"],
    }
    for address in to:
        _queue(
            subject_template="comments/email/staff_alert_subject.txt",
            body_template="comments/email/staff_alert.txt",
            context=context,
            to=address,
        )


def alert_new_notice(*, reports) -> None:
    """A new illegal-content notice: the moderators know at once."""
    _alert(kind="notice", reports=reports, to=staff_addresses())


def alert_hidden_by_reports(*, comment) -> None:
    """Readers' reports hid a comment: it waits for a moderator, who is told."""
    _alert(kind="hidden", comment=comment, to=staff_addresses())


def alert_overdue_notices(*, reports) -> None:
    """Notices still open after NOTICE_ALERT_HOURS: a reminder to the moderators."""
    _alert(kind="overdue", reports=reports, to=staff_addresses())


def escalate_notices(*, reports) -> None:
    """Notices still open after NOTICE_ESCALATION_HOURS: the directeur de la publication."""
    director = settings.NEWSROOM["PUBLICATION_DIRECTOR_EMAIL"]
    _alert(kind="escalated", reports=reports, to=[director] if director else [])


def alert_complaint(*, complaint) -> None:
    """A complaint arrived: the moderators know (one of them, not the decider, reviews it)."""
    _alert(kind="complaint", comment=complaint.comment, to=staff_addresses())


def answer_complaint(*, complaint) -> None:
    """DSA Art. 20(5): tell the complainant the reasoned decision and the other routes."""
    if complaint.role == complaint.Role.NOTIFIER:
        to = complaint.report.notifier_email if complaint.report else ""
    else:
        to = complaint.comment.email
    if not to:
        return
    _queue(
        subject_template="comments/email/complaint_decision_subject.txt",
        body_template="comments/email/complaint_decision.txt",
        context={
            "complaint": complaint,
            "out_of_court_body": settings.NEWSROOM["OUT_OF_COURT_BODY"],
        },
        to=to,
    )


def _charter_path() -> str:
    return reverse("comments:charter")
