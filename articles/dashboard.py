"""The articles' panel of the admin's home page (registered in ``ArticlesConfig.ready``)."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from articles.services import visible_to
from infra.dashboard import Panel


def _context(request) -> dict:
    """
    Stories waiting for review, and those going live before midnight (a journalist's
    own only: the titles of other people's unpublished stories are not theirs to
    read): three queries.
    """
    now = timezone.localtime()
    end_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    articles = visible_to(request.user)
    in_review = articles.filter(status=Article.Status.REVIEW).order_by("modified_at")
    return {
        "review_count": in_review.count(),
        "in_review": list(in_review.select_related("created_by")[:10]),
        "scheduled_today": list(
            articles.scheduled(now=now)
            .filter(published_at__lt=end_of_day)
            .order_by("published_at")[:20]
        ),
    }


PANEL = Panel(
    "articles",
    template="admin/dashboard/_articles.html",
    permission="articles.view_article",
    context=_context,
    order=10,
)
