"""Concurrency against the real database (PostgreSQL in CI): threads, one connection each."""

import pytest

from comments import services
from comments.models import Comment, Report
from tests.concurrency import requires_database_server, run_concurrently
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    requires_database_server,
]


def test_identical_posts_at_once_store_one_comment():
    article = ArticleFactory()

    results = run_concurrently(
        8,
        lambda i: services.post_comment(
            article=article,
            name="Jean",
            email="jean@example.org",
            body="Le même texte, envoyé huit fois.",
            ip_address="203.0.113.7",
        ),
    )

    assert [type(r).__name__ for r in results] == ["PostResult"] * 8
    assert sorted(r.created for r in results) == [False] * 7 + [True]
    assert {r.comment.pk for r in results} == {Comment.objects.get().pk}


def test_concurrent_reports_count_exactly(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "REPORTS_TO_HIDE": 100}
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    results = run_concurrently(
        10,
        lambda i: services.report_comment(
            comment=comment, reason="spam", ip_address=f"198.51.100.{i}"
        ),
    )

    assert [type(r).__name__ for r in results] == ["Report"] * 10
    comment.refresh_from_db()
    assert (comment.open_report_count, Report.objects.count()) == (10, 10)
    assert comment.events.filter(action="reported").count() == 10


def test_concurrent_reports_hide_once_at_the_threshold(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "REPORTS_TO_HIDE": 3}
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    run_concurrently(
        6,
        lambda i: services.report_comment(
            comment=comment, reason="spam", ip_address=f"198.51.100.{i}"
        ),
    )

    comment.refresh_from_db()
    comment.article.refresh_from_db()
    assert (comment.status, comment.open_report_count) == ("hidden", 6)
    assert comment.article.comment_count == 0
    assert comment.events.filter(action="auto_hidden").count() == 1


def test_concurrent_duplicate_reports_by_one_reader_count_once():
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    results = run_concurrently(
        6,
        lambda i: services.report_comment(comment=comment, reason="spam", ip_address="1.2.3.4"),
    )

    assert sorted(type(r).__name__ for r in results) == ["AlreadyReported"] * 5 + ["Report"]
    comment.refresh_from_db()
    assert comment.open_report_count == 1
