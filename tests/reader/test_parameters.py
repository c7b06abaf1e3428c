"""
Bad query parameters on every reader URL: page numbers are bounded, past the end is
a 404, and no value, whatever its size, makes a 500 or reaches an SQL OFFSET.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

BAD_VALUES = ["0", "-1", "99999999999999999999", "1e3", "²", "x", "9" * 5000]


def reader_urls(article, comment) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "section": reverse("articles:section", kwargs={"slug": "economie"}),
        "topic": reverse("articles:topic", kwargs={"slug": "inflation"}),
        "author": reverse("articles:author", kwargs={"slug": "jean-dupont"}),
        "feed": reverse("articles:feed"),
        "section_feed": reverse("articles:section_feed", kwargs={"slug": "economie"}),
        "sitemap": reverse("sitemap_section", kwargs={"section": "articles"}),
        "news_sitemap": reverse("news_sitemap"),
        "charter": reverse("comments:charter"),
        "report": reverse("comments:report", kwargs={"pk": comment.pk}),
        "report_done": reverse("comments:report_done", kwargs={"pk": comment.pk}),
        "token": reverse("comments:token"),
        "english_home": "/en/",
    }


# (page, parameter) -> the status every bad value answers. A page number a page reads
# is a 404 when it is not a page of the list; a parameter a page does not read is
# ignored (200); a notice the article does not know is ignored too.
EXPECTED = {
    ("section", "page"): 404,
    ("topic", "page"): 404,
    ("author", "page"): 404,
    ("article", "commentaires"): 404,
    ("sitemap", "p"): 404,
    ("news_sitemap", "p"): 404,
    ("article", "commentaire"): 200,
    ("report_done", "ref"): 200,
}
CASES = [
    *EXPECTED,
    *(
        (page, "page")
        for page in ("home", "feed", "section_feed", "charter", "report", "token", "english_home")
    ),
    *((page, "x") for page in ("home", "article", "section", "sitemap", "report_done")),
]


@pytest.mark.parametrize("value", BAD_VALUES, ids=["0", "-1", "20 digits", "1e3", "²", "x", "5000"])
@pytest.mark.parametrize(("page", "parameter"), CASES)
def test_a_bad_parameter_answers_its_status_and_never_a_500(
    client, rich_article, page, parameter, value
):
    comment = CommentFactory(article=rich_article, status=Comment.Status.PUBLISHED)
    url = reader_urls(rich_article, comment)[page]

    response = client.get(url, {parameter: value})

    assert response.status_code == EXPECTED.get((page, parameter), 200)


def test_a_comments_page_past_the_end_is_a_404(client, rich_article, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "COMMENTS_PER_PAGE": 2}
    CommentFactory.create_batch(3, article=rich_article, status=Comment.Status.PUBLISHED)
    rich_article.refresh_from_db()
    url = rich_article.get_absolute_url()

    statuses = [client.get(url, {"commentaires": n}).status_code for n in (1, 2, 3)]

    assert statuses == [200, 200, 404]


def test_an_article_without_comments_has_no_second_comments_page(client, rich_article):
    assert client.get(rich_article.get_absolute_url(), {"commentaires": "2"}).status_code == 404


def test_a_huge_comments_page_is_refused_before_any_offset(client, rich_article):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(rich_article.get_absolute_url(), {"commentaires": "999999"})

    assert response.status_code == 404
    assert [q["sql"] for q in queries if "OFFSET" in q["sql"].upper()] == []


def test_a_list_page_past_the_end_is_a_404(client, rich_article):
    url = reverse("articles:section", kwargs={"slug": "economie"})

    assert [client.get(url, {"page": n}).status_code for n in (1, 2)] == [200, 404]
