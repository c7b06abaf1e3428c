from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation
from django.utils.autoreload import file_changed

from reader import rendered
from reader.rendered import CHROME, chrome_key
from reader.templatetags import comments_block, reader_tags
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def in_language(code: str, name: str) -> str:
    with translation.override(code):
        return reverse(name)


def test_the_chrome_is_kept_rendered_in_each_language(client):
    french = client.get(reverse("articles:home")).content.decode()
    english = client.get(in_language("en", "articles:home")).content.decode()

    local = caches["local"]
    kept = {
        (name, code): local.get(chrome_key(name, code)) for name in CHROME for code in ("fr", "en")
    }
    for code, page in (("fr", french), ("en", english)):
        assert f'action="{in_language(code, "articles:search")}"' in kept["masthead", code]
        assert f'href="{in_language(code, "articles:feed")}"' in kept["site_links", code]
        assert (
            f'data-alert-url="{in_language(code, "articles:alert_banner")}"'
            in kept["site_top", code]
        )
        assert all(kept[name, code] in page for name in CHROME)
    assert 'placeholder="Rechercher"' in kept["masthead", "fr"]
    assert 'placeholder="Search"' in kept["masthead", "en"]
    assert "Aller au contenu" in kept["site_top", "fr"]
    assert "Skip to content" in kept["site_top", "en"]


def test_pages_show_the_chrome_kept_rather_than_rendering_it_again(client):
    client.get(reverse("articles:home"))
    caches["local"].set(chrome_key("masthead", "fr"), "<p>masthead kept</p>", None)

    page = client.get(ArticleFactory().get_absolute_url()).content.decode()

    assert "<p>masthead kept</p>" in page
    assert 'class="masthead__title"' not in page


@pytest.fixture
def rendered_once(client):
    """An article page rendered: the chrome, the footer and the empty form kept."""
    rendered.forget()  # what pages of other tests left in this process
    client.get(ArticleFactory().get_absolute_url())
    assert kept() == (True, 1, 1)


def kept() -> tuple:
    return (
        all(caches["local"].get(chrome_key(name, "fr")) is not None for name in CHROME),
        reader_tags._footer_html.cache_info().currsize,
        comments_block._empty_form.cache_info().currsize,
    )


@pytest.mark.parametrize(
    "path",
    ["templates/base.html", "templates/includes/header.html", "locale/en/LC_MESSAGES/django.mo"],
)
def test_an_edit_seen_by_the_development_server_is_rendered_again(rendered_once, path):
    file_changed.send(sender=None, file_path=Path(settings.BASE_DIR) / path)

    assert kept() == (False, 0, 0)


@pytest.mark.parametrize("path", ["reader/content.py", "docs/performance.md"])
def test_another_file_changed_keeps_what_was_rendered(rendered_once, path):
    file_changed.send(sender=None, file_path=Path(settings.BASE_DIR) / path)

    assert kept() == (True, 1, 1)


def test_forgetting_leaves_the_rest_of_the_local_cache(rendered_once):
    caches["local"].set("rate-limit:comment:10.0.0.1", 3)

    rendered.forget()

    assert caches["local"].get("rate-limit:comment:10.0.0.1") == 3
