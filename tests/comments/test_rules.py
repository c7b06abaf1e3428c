from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from comments.rules import comments_open
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("mode", "published_days_ago", "expected"),
    [
        (Article.CommentMode.PRE_MODERATED, 1, True),
        (Article.CommentMode.POST_MODERATED, 1, True),
        (Article.CommentMode.CLOSED, 1, False),
        # COMMENTS_OPEN_DAYS after publication they close by themselves.
        (Article.CommentMode.PRE_MODERATED, 8, False),
        (Article.CommentMode.PRE_MODERATED, None, False),
    ],
)
def test_comments_open_follows_the_mode_and_the_age(settings, mode, published_days_ago, expected):
    settings.NEWSROOM = {**settings.NEWSROOM, "COMMENTS_OPEN_DAYS": 7}
    now = timezone.now()
    published_at = None if published_days_ago is None else now - timedelta(days=published_days_ago)
    article = ArticleFactory.build(comment_mode=mode, published_at=published_at)

    assert comments_open(article, now=now) is expected
