"""
Anonymous POST endpoints (a comment, a report, the read beacon) refuse bodies past
their limit, multipart ones included, before anything reads them: nothing is
parsed, nothing stored.
"""

import http.client
import socket
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.urls import reverse

from audience.models import HourlyReadCount
from comments.models import Comment, Report
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

TEN_MB = 10 * 1024 * 1024


@pytest.fixture
def endpoints():
    article = ArticleFactory()
    comment = CommentFactory(article=article, status=Comment.Status.PUBLISHED)
    return {
        "comment": reverse("comments:post", kwargs={"article_id": article.pk}),
        "report": reverse("comments:report", kwargs={"pk": comment.pk}),
        "beacon": reverse("audience:read", args=[article.pk]),
    }


def stored() -> tuple[int, int, int]:
    return (
        Comment.objects.count(),
        Report.objects.count(),
        HourlyReadCount.objects.count(),
    )


@pytest.fixture
def parser_spy():
    with mock.patch.object(MultiPartParser, "parse", autospec=True) as parse:
        yield parse


@pytest.mark.parametrize("endpoint", ["comment", "report", "beacon"])
def test_a_10_mb_body_answers_413_unread(client, endpoints, endpoint, parser_spy):
    before = stored()
    body = "body=" + "a" * TEN_MB

    response = client.post(
        endpoints[endpoint], body, content_type="application/x-www-form-urlencoded"
    )

    assert (response.status_code, response.content.decode()) == (
        413,
        "La requête est trop volumineuse.\n",
    )
    assert response["Cache-Control"] == "no-store"
    assert stored() == before


@pytest.mark.parametrize("endpoint", ["comment", "report", "beacon"])
def test_a_10_mb_multipart_upload_answers_413_unparsed(client, endpoints, endpoint, parser_spy):
    before = stored()
    data = {"reason": "spam", "upload": SimpleUploadedFile("photo.jpg", b"\xff" * TEN_MB)}

    response = client.post(endpoints[endpoint], data)  # multipart/form-data

    assert (response.status_code, response.content.decode()) == (
        413,
        "La requête est trop volumineuse.\n",
    )
    assert parser_spy.call_count == 0
    assert stored() == before


def test_a_small_multipart_form_is_read_in_memory(client, endpoints, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    data = {"reason": "spam", "upload": SimpleUploadedFile("note.txt", b"x" * 1024)}

    response = client.post(endpoints["report"], data)

    assert (response.status_code, Report.objects.count()) == (302, 1)
    assert list((tmp_path / "uploads").iterdir()) == []


def test_a_body_within_the_limit_still_goes_through(client, endpoints):
    response = client.post(
        endpoints["report"], "reason=spam", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 302
    assert Report.objects.count() == 1


def test_a_get_with_a_declared_huge_length_is_not_refused(client, endpoints):
    response = client.get(endpoints["report"], CONTENT_LENGTH=str(TEN_MB))

    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_live_server_answers_413_before_the_body_is_sent(live_server):
    article = ArticleFactory()
    host, port = live_server.thread.host, live_server.thread.port
    path = reverse("comments:post", kwargs={"article_id": article.pk})

    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {TEN_MB}\r\n\r\nbody=aaaa"
            ).encode()
        )
        response = http.client.HTTPResponse(connection)
        response.begin()
        body = response.read()

    assert (response.status, body.decode()) == (413, "La requête est trop volumineuse.\n")
    assert Comment.objects.count() == 0
