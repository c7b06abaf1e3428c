from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from comments import tasks
from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_the_daily_purge_drops_fingerprints_and_emails_past_retention():
    now = timezone.now()
    old = CommentFactory(created_at=now - timedelta(days=400), ip_hash="a" * 64)
    recent = CommentFactory(created_at=now - timedelta(days=2), ip_hash="b" * 64)

    with time_machine.travel(now, tick=False):
        counts = tasks.purge_personal_data.call()

    assert counts == {
        "ip_hashes": 1,
        "emails": 1,
        "unpublished_texts": 1,
        "notifier_emails": 0,
        "notice_details": 0,
        "reporter_keys": 0,
        "statement_addresses": 0,
        "event_notes": 0,
    }
    assert list(Comment.objects.filter(pk=old.pk).values_list("ip_hash", "email")) == [("", "")]
    assert Comment.objects.get(pk=recent.pk).ip_hash == "b" * 64
