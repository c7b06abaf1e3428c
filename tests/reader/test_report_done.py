"""The "Signaler" confirmation answers 404 for comments a reader cannot see."""

import pytest
from django.urls import reverse

from articles.models import Article
from comments import services
from comments.models import Comment, Report
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def done(client, comment, ref: str = ""):
    url = reverse("comments:report_done", kwargs={"pk": comment.pk})
    return client.get(url, {"ref": ref} if ref else {})


def test_the_confirmation_of_a_published_comment_is_shown(client):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    assert done(client, comment).status_code == 200


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.HIDDEN]
)
def test_the_confirmation_of_a_comment_readers_cannot_see_is_a_404(client, status):
    comment = CommentFactory(status=status)

    assert done(client, comment).status_code == 404


def test_the_confirmation_on_an_unpublished_article_is_a_404(client):
    comment = CommentFactory(
        status=Comment.Status.PUBLISHED, article=ArticleFactory(status=Article.Status.DRAFT)
    )

    assert done(client, comment).status_code == 404


def test_the_confirmation_of_a_missing_comment_is_a_404(client):
    assert client.get(reverse("comments:report_done", kwargs={"pk": 999999})).status_code == 404


def test_the_reader_whose_report_hid_the_comment_sees_the_confirmation(client):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    for address in ("198.51.100.1", "198.51.100.2"):
        services.report_comment(comment=comment, reason="spam", ip_address=address)
    url = reverse("comments:report", kwargs={"pk": comment.pk})

    response = client.post(url, {"reason": "spam"}, REMOTE_ADDR="198.51.100.3")

    last = Report.objects.filter(comment=comment).latest("pk")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    assert response["Location"] == (
        reverse("comments:report_done", kwargs={"pk": comment.pk}) + f"?ref={last.reference}"
    )
    assert client.get(response["Location"]).status_code == 200
    assert done(client, comment).status_code == 404  # without the reference


def test_another_comments_reference_does_not_open_a_hidden_comment(client):
    hidden = CommentFactory(status=Comment.Status.HIDDEN)
    other = CommentFactory(status=Comment.Status.PUBLISHED)
    report = services.report_comment(comment=other, reason="spam", ip_address="198.51.100.1")

    assert done(client, hidden, report.reference).status_code == 404
