from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils.autoreload import file_changed

from reader import rendered
from reader.templatetags import comments_block, reader_tags
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

MASTHEAD = make_template_fragment_key("masthead", ["fr"])


@pytest.fixture
def rendered_once(client):
    """An article page rendered: the chrome, the footer and the empty form kept."""
    rendered.forget()  # what pages of other tests left in this process
    client.get(ArticleFactory().get_absolute_url())
    assert caches["local"].get(MASTHEAD) is not None
    assert reader_tags._footer_html.cache_info().currsize == 1
    assert comments_block._empty_form.cache_info().currsize == 1


def kept() -> tuple:
    return (
        caches["local"].get(MASTHEAD) is not None,
        reader_tags._footer_html.cache_info().currsize,
        comments_block._empty_form.cache_info().currsize,
    )


def test_a_template_edited_under_the_development_server_is_rendered_again(rendered_once):
    file_changed.send(sender=None, file_path=Path(settings.BASE_DIR) / "templates/base.html")

    assert kept() == (False, 0, 0)


@pytest.mark.parametrize("path", ["reader/content.py", "docs/performance.md"])
def test_another_file_changed_keeps_what_was_rendered(rendered_once, path):
    file_changed.send(sender=None, file_path=Path(settings.BASE_DIR) / path)

    assert kept() == (True, 1, 1)
