"""The moderation panel of the admin's home page (registered in ``CommentsConfig.ready``)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from comments.models import Comment, Report
from infra.dashboard import Panel


def _context(request) -> dict:
    return {
        "pending_comments": Comment.objects.awaiting_decision().count(),
        "reported_comments": Comment.objects.reported().count(),
        "hidden_by_reports": Comment.objects.hidden_by_reports().count(),
    }


PANEL = Panel(
    "comments",
    template="admin/dashboard/_comments.html",
    permission="comments.view_comment",
    context=_context,
    order=30,
)


def _notices_context(request) -> dict:
    """The deadlines of DSA Art. 16 and of the publisher's liability, in one query."""
    now = timezone.now()
    limits = settings.NEWSROOM
    alert = now - timedelta(hours=limits["NOTICE_ALERT_HOURS"])
    escalation = now - timedelta(hours=limits["NOTICE_ESCALATION_HOURS"])
    counts = (
        Report.objects.notices()
        .open()
        .aggregate(
            open_notices=Count("pk"),
            oldest_notice=Min("received_at"),
            overdue_notices=Count("pk", filter=Q(received_at__lt=alert)),
            escalated_notices=Count("pk", filter=Q(received_at__lt=escalation)),
        )
    )
    return {
        **counts,
        "alert_hours": limits["NOTICE_ALERT_HOURS"],
        "escalation_hours": limits["NOTICE_ESCALATION_HOURS"],
    }


NOTICES_PANEL = Panel(
    "notices",
    template="admin/dashboard/_notices.html",
    permission="comments.view_report",
    context=_notices_context,
    order=20,
)
