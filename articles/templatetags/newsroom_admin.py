from datetime import timedelta

from django import template
from django.utils import timezone

from articles.models import Article
from comments.models import Comment

register = template.Library()


@register.inclusion_tag("admin/_dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    """What needs attention on the admin's home page, in four queries."""
    user = context["request"].user
    now = timezone.localtime()
    end_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    can_articles = user.has_perm("articles.view_article")
    can_comments = user.has_perm("comments.view_comment")
    data = {"can_articles": can_articles, "can_comments": can_comments}
    if can_articles:
        in_review = Article.objects.filter(status=Article.Status.REVIEW).order_by("modified_at")
        data["review_count"] = in_review.count()
        data["in_review"] = list(in_review.select_related("created_by")[:10])
        data["scheduled_today"] = list(
            Article.objects.filter(
                status=Article.Status.PUBLISHED, published_at__gt=now, published_at__lt=end_of_day
            ).order_by("published_at")[:20]
        )
    if can_comments:
        data["pending_comments"] = Comment.objects.filter(
            status__in=[Comment.Status.PENDING, Comment.Status.HIDDEN]
        ).count()
        data["reported_comments"] = Comment.objects.filter(open_report_count__gt=0).count()
    return data
