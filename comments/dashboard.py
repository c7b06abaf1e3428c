"""The moderation panel of the admin's home page (registered in ``CommentsConfig.ready``)."""

from comments.models import Comment
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
