"""
GDPR rights of access (art. 15), portability (art. 20) and erasure (art. 17) for
commenters and notifiers, who have no account: a person types their address, a
signed link (DATA_LINK_HOURS) is mailed to it, and whoever opens that link proves
they read that mailbox. The link names the address only signed, never readable in
logs as typed: it is the address's keyed hash plus a signature.
"""

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from comments.models import Comment, Complaint, Report, StatementOfReasons
from infra.mail import queue_mail

SALT = "comments.personal-data"


def make_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=SALT, compress=True)


def read_token(token: str) -> str | None:
    try:
        email = signing.loads(
            token, salt=SALT, max_age=settings.NEWSROOM["DATA_LINK_HOURS"] * 60 * 60
        )
    except signing.BadSignature:
        return None
    return email if isinstance(email, str) and "@" in email else None


def has_data(email: str) -> bool:
    return (
        Comment.objects.filter(email__iexact=email).exists()
        or Report.objects.filter(notifier_email__iexact=email).exists()
    )


def send_link(*, email: str) -> bool:
    """
    Mail the link to ``email`` when something is stored under it (a mail to any
    address typed would make the site a sender of unsolicited mail). The page says
    the same either way, so it tells no one whether an address commented.
    """
    email = email.strip()
    if not has_data(email):
        return False
    url = settings.NEWSROOM["SITE_URL"].rstrip("/") + reverse(
        "comments:my_data_link", args=[make_token(email)]
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "url": url,
            "hours": settings.NEWSROOM["DATA_LINK_HOURS"],
            "site_name": settings.NEWSROOM["SITE_NAME"],
        }
        subject = " ".join(
            render_to_string("comments/email/data_link_subject.txt", context).split()
        )
        body = render_to_string("comments/email/data_link.txt", context)
    queue_mail(to=email, subject=subject, body=body)
    return True


def export(email: str) -> dict:
    """Everything stored under ``email``: comments, notices, statements, complaints."""
    comments = Comment.objects.filter(email__iexact=email).select_related("article")
    notices = Report.objects.filter(notifier_email__iexact=email)
    return {
        "email": email,
        "comments": [
            {
                "id": c.pk,
                "article": c.article.title,
                "article_url": c.article.get_absolute_url(),
                "name": c.name,
                "text": c.body,
                "status": c.status,
                "written_at": c.created_at.isoformat(),
                "published_at": c.published_at.isoformat() if c.published_at else None,
                "rejection_reason": c.rejection_reason,
                "charter_version": c.charter_version,
            }
            for c in comments
        ],
        "notices": [
            {
                "reference": n.reference,
                "comment": n.comment_id,
                "reason": n.reason,
                "category": n.category,
                "details": n.details,
                "name": n.notifier_name,
                "received_at": n.received_at.isoformat(),
                "status": n.status,
                "decided_at": n.decided_at.isoformat() if n.decided_at else None,
            }
            for n in notices
        ],
        "statements_of_reasons": [
            {"sent_at": s.created_at.isoformat(), "subject": s.subject, "text": s.text}
            for s in StatementOfReasons.objects.filter(sent_to__iexact=email)
        ],
        "complaints": [
            {
                "comment": c.comment_id,
                "received_at": c.received_at.isoformat(),
                "text": c.text,
                "outcome": c.outcome,
                "reason": c.review_reason,
            }
            for c in Complaint.objects.filter(Q(comment__in=comments) | Q(report__in=notices))
        ],
    }
