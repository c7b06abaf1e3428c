"""The rules of the comments that other rooms ask about, each written once."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def comments_open(article, now=None) -> bool:
    """
    Readers may comment on ``article``: not closed by an editor, nor by age
    (``COMMENTS_OPEN_DAYS`` after publication). The article keeps the plain fields
    (``comment_mode``, ``published_at``); this is the one place that reads them as a rule.
    """
    if article.comment_mode == article.CommentMode.CLOSED or not article.published_at:
        return False
    days = settings.NEWSROOM["COMMENTS_OPEN_DAYS"]
    return (now or timezone.now()) < article.published_at + timedelta(days=days)
