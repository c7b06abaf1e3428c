"""Audience learns of comment decisions through the comments' signal."""

import pytest
from django.utils import timezone

from audience.handlers import count_published_comment
from audience.models import DailyCommentCount
from comments import services
from comments.models import Comment
from comments.signals import published_count_changed
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_accepting_a_comment_counts_it_for_the_day_it_was_published():
    comment = CommentFactory(status=Comment.Status.PENDING)

    services.accept_comment(comment=comment, by=UserFactory())

    day = timezone.localdate(comment.published_at)
    assert list(DailyCommentCount.objects.values_list("article_id", "day", "count")) == [
        (comment.article_id, day, 1)
    ]


def test_without_audience_listening_the_decision_counts_nothing():
    comment = CommentFactory(status=Comment.Status.PENDING)
    published_count_changed.disconnect(dispatch_uid="audience.count_published_comment")
    try:
        services.accept_comment(comment=comment, by=UserFactory())
    finally:
        published_count_changed.connect(
            count_published_comment, dispatch_uid="audience.count_published_comment"
        )

    comment.refresh_from_db()
    assert (comment.status, DailyCommentCount.objects.count()) == (Comment.Status.PUBLISHED, 0)
