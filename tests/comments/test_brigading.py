"""
Report brigading: what it takes to hide a comment by "Signaler", and what moderators
are told when reports hide one.
"""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from comments import services
from comments.dashboard import PANEL
from comments.models import Comment, ModerationEvent, Report
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

# 16 March 2026, 12:30 UTC (13:30 in Paris).
NOW = datetime(2026, 3, 16, 12, 30, tzinfo=UTC)


def report(comment, address: str):
    return services.report_comment(comment=comment, reason=Report.Reason.SPAM, ip_address=address)


def status(comment) -> str:
    comment.refresh_from_db()
    return comment.status


def test_three_reports_from_one_64_count_once_and_do_not_hide():
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    report(comment, "2001:db8:77:1::a")

    for address in ("2001:db8:77:1::b", "2001:db8:77:1:ffff::c"):
        with pytest.raises(services.AlreadyReported):
            report(comment, address)

    assert (status(comment), comment.open_report_count) == (Comment.Status.PUBLISHED, 1)


def test_three_reports_from_three_64_networks_hide():
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    for address in ("2001:db8:77:1::a", "2001:db8:77:2::a", "2001:db8:77:3::a"):
        report(comment, address)

    assert (status(comment), comment.open_report_count) == (Comment.Status.HIDDEN, 3)


def test_one_address_with_three_browsers_reports_once_through_the_form(client):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    url = reverse("comments:report", kwargs={"pk": comment.pk})

    answers = [
        client.post(url, {"reason": "spam"}, REMOTE_ADDR="198.51.100.9", HTTP_USER_AGENT=agent)
        for agent in ("Firefox/140.0", "Chrome/141.0", "Safari/19.0")
    ]

    assert [a.status_code for a in answers] == [302, 302, 302]
    assert (status(comment), Report.objects.filter(comment=comment).count()) == (
        Comment.Status.PUBLISHED,
        1,
    )


def test_a_reporter_hides_at_most_report_hides_per_day_comments(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "REPORT_HIDES_PER_DAY": 2}
    brigade = ("198.51.100.1", "198.51.100.2", "198.51.100.3")
    comments = CommentFactory.create_batch(3, status=Comment.Status.PUBLISHED)

    with time_machine.travel(NOW, tick=False):
        for comment in comments:
            for address in brigade:
                report(comment, address)

    assert [status(c) for c in comments] == [
        Comment.Status.HIDDEN,
        Comment.Status.HIDDEN,
        Comment.Status.PUBLISHED,
    ]
    assert comments[2].open_report_count == 3  # still in the moderators' queue


def test_the_daily_cap_starts_again_the_next_day(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "REPORT_HIDES_PER_DAY": 1}
    brigade = ("198.51.100.1", "198.51.100.2", "198.51.100.3")
    yesterday, today = CommentFactory.create_batch(2, status=Comment.Status.PUBLISHED)
    with time_machine.travel(NOW, tick=False):
        for address in brigade:
            report(yesterday, address)

    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        for address in brigade:
            report(today, address)

    assert (status(yesterday), status(today)) == (Comment.Status.HIDDEN, Comment.Status.HIDDEN)


def test_a_fresh_reporter_still_hides_with_two_capped_ones(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "REPORT_HIDES_PER_DAY": 1}
    first, second = CommentFactory.create_batch(2, status=Comment.Status.PUBLISHED)
    with time_machine.travel(NOW, tick=False):
        for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
            report(first, address)
        for address in ("198.51.100.1", "198.51.100.2", "198.51.100.4", "198.51.100.5"):
            report(second, address)

        assert status(second) == Comment.Status.PUBLISHED  # two capped, two fresh
        report(second, "198.51.100.6")

    assert status(second) == Comment.Status.HIDDEN


def test_hiding_by_reports_is_logged_for_the_moderators(caplog):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    with caplog.at_level(logging.WARNING, logger="newsroom.moderation"):
        for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
            report(comment, address)

    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "newsroom.moderation",
            "WARNING",
            f"Comment {comment.pk} on article {comment.article_id} hidden by 3 reports, "
            "awaiting a moderator",
        )
    ]


def test_the_dashboard_counts_comments_hidden_by_reports(client):
    by_readers = CommentFactory(status=Comment.Status.PUBLISHED)
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        report(by_readers, address)
    staff = get_user_model().objects.create_user("chef", is_staff=True)
    services.report_comment(
        comment=CommentFactory(status=Comment.Status.PUBLISHED), reason="spam", user=staff
    )
    CommentFactory(status=Comment.Status.PENDING)
    request = RequestFactory().get("/admin/")

    context = PANEL.context(request)

    assert context == {"pending_comments": 3, "reported_comments": 2, "hidden_by_reports": 1}
    assert ModerationEvent.objects.filter(action="auto_hidden").count() == 1


def test_the_dashboard_panel_shows_the_hidden_count(admin_client):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        report(comment, address)

    html = admin_client.get(reverse("admin:index")).content.decode()

    assert (
        '<p class="dashboard-alert"><span class="count">1</span>'
        f'<a href="{reverse("admin:comments_comment_changelist")}?status__exact=hidden">'
        "commentaire masqué par des signalements</a></p>"
    ) in html
