import pytest

from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_the_queue_is_what_awaits_a_decision_or_is_reported():
    pending = CommentFactory(status=Comment.Status.PENDING, body="en attente")
    hidden = CommentFactory(status=Comment.Status.HIDDEN, body="masqué")
    reported = CommentFactory(status=Comment.Status.PUBLISHED, open_report_count=2, body="signalé")
    CommentFactory(status=Comment.Status.PUBLISHED, body="publié")
    CommentFactory(status=Comment.Status.REJECTED, body="refusé")

    queue = Comment.objects.in_queue()

    assert set(Comment.objects.awaiting_decision()) == {pending, hidden}
    assert set(Comment.objects.reported()) == {reported}
    assert list(queue.order_by("pk")) == [pending, hidden, reported]
    assert list(Comment.objects.for_moderation()) == [reported, pending, hidden]
