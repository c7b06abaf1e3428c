"""The comments block's empty form, rendered once per language and given each article's action."""

import re

import pytest
from crispy_forms.utils import render_crispy_form
from django.urls import reverse
from django.utils import translation

from comments.forms import CommentForm
from comments.models import Comment
from reader.templatetags import comments_block
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def rendered_for(article) -> str:
    """What ``{% crispy %}`` renders for the article's empty form, built for it alone."""
    action = reverse("comments:post", kwargs={"article_id": article.pk})
    return render_crispy_form(CommentForm(action=action, with_csrf=False))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_empty_form_is_the_one_rendered_for_each_article(language):
    first, second = ArticleFactory(), ArticleFactory()
    with translation.override(language):
        shown = [comments_block.empty_form_html(article) for article in (first, second)]
        expected = [rendered_for(first), rendered_for(second)]
    assert shown == expected
    assert shown[0] != shown[1]
    actions = [re.findall(r'<form\s+action="([^"]+)"', html) for html in shown]
    prefix = "/en" if language == "en" else ""
    assert actions == [
        [f"{prefix}/commentaires/article/{first.pk}/"],
        [f"{prefix}/commentaires/article/{second.pk}/"],
    ]


def test_the_empty_form_follows_the_comment_length_setting(settings):
    article = ArticleFactory()
    settings.NEWSROOM = {**settings.NEWSROOM, "COMMENT_MAX_LENGTH": 1234}
    html = comments_block.empty_form_html(article)
    assert re.findall(r'<textarea[^>]*maxlength="(\d+)"', html) == ["1234"]
    settings.NEWSROOM = {**settings.NEWSROOM, "COMMENT_MAX_LENGTH": 2000}
    html = comments_block.empty_form_html(article)
    assert re.findall(r'<textarea[^>]*maxlength="(\d+)"', html) == ["2000"]


def test_the_article_page_shows_the_form_with_its_own_action(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    assert re.findall(r'<form\s+action="([^"]+)"', page) == [f"/commentaires/article/{article.pk}/"]
    assert page.count('id="comment-form"') == 1


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("comment_id", [1, 7, 98765, 987654321, 10**12])
def test_a_report_link_is_the_report_page_s_address(language, comment_id):
    with translation.override(language):
        assert comments_block.report_url(comment_id) == reverse(
            "comments:report", kwargs={"pk": comment_id}
        )


def test_each_comment_links_to_its_own_report_page(client):
    article = ArticleFactory()
    comments = CommentFactory.create_batch(3, article=article, status=Comment.Status.PUBLISHED)

    for prefix in ("", "/en"):
        html = client.get(prefix + article.get_absolute_url()).content.decode()
        links = re.findall(r'<a class="comment__report" href="([^"]+)"', html)
        assert sorted(links) == sorted(
            f"{prefix}/commentaires/{comment.pk}/signaler/" for comment in comments
        )
