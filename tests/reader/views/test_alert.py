"""The "Alerte" banner: out of the cached pages, from a tiny cacheable answer, 0 SQL warm."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from desk import services
from tests.desk.conftest import member
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return member("Éditeurs", "marc")


def banner(client):
    return client.get(reverse("articles:alert_banner"))


def raise_one(editor, story, capture, **kwargs):
    with capture(execute=True):
        return services.raise_alert(
            by=editor,
            text=kwargs.get("text", "Le gouvernement démissionne"),
            article=story,
            expires_at=kwargs.get("expires_at", timezone.now() + timedelta(hours=1)),
        )


def test_no_banner_is_a_short_lived_public_answer(client):
    response = banner(client)

    assert response.json() == {"alert": None}
    assert response["Cache-Control"] == "public, max-age=5, s-maxage=5"
    assert response["Surrogate-Key"] == "alert"


def test_a_raised_banner_is_served_from_the_shared_cache_without_sql(
    client, editor, django_capture_on_commit_callbacks, django_assert_num_queries
):
    story = ArticleFactory(title="Démission")
    banner(client)  # a stored "no banner", which the raise replaces at once
    alert = raise_one(editor, story, django_capture_on_commit_callbacks)

    first = banner(client)
    with django_assert_num_queries(0):
        second = banner(client)

    expected = {
        "alert": {
            "id": alert.pk,
            "text": "Le gouvernement démissionne",
            "url": story.get_absolute_url(),
        }
    }
    assert first.json() == second.json() == expected
    assert (alert.raised_by_name, alert.lowered_at) == ("Marc", None)


def test_lowering_or_raising_another_changes_the_banner_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    story = ArticleFactory()
    first = raise_one(editor, story, django_capture_on_commit_callbacks, text="Première")
    assert banner(client).json()["alert"]["text"] == "Première"

    second = raise_one(editor, story, django_capture_on_commit_callbacks, text="Seconde")
    assert banner(client).json()["alert"]["text"] == "Seconde"
    first.refresh_from_db()
    assert first.lowered_by_name == "Marc"

    with django_capture_on_commit_callbacks(execute=True):
        services.lower_alert(alert=second, by=editor)
    assert banner(client).json() == {"alert": None}


def test_an_expired_banner_goes_by_itself_with_its_stored_answer(
    client,
    editor,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    expires = timezone.now() + timedelta(minutes=10)
    raise_one(editor, ArticleFactory(), django_capture_on_commit_callbacks, expires_at=expires)
    assert banner(client).json()["alert"] is not None

    # The stored answer lives until the banner's expiry (the file cache follows the
    # travelled clock and asks once more; Redis keeps it and the view checks the
    # expiry itself), then "no banner" is stored: never more than one query.
    with time_machine.travel(expires + timedelta(seconds=1), tick=False):
        with django_assert_max_num_queries(1):
            assert banner(client).json() == {"alert": None}
        with django_assert_num_queries(0):
            assert banner(client).json() == {"alert": None}


def test_unpublishing_the_story_lowers_its_banner(
    client, editor, django_capture_on_commit_callbacks
):
    story = ArticleFactory()
    alert = raise_one(editor, story, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        article_services.unpublish_article(article=story, by=editor)

    alert.refresh_from_db()
    assert alert.lowered_by_name == "(article dépublié)"
    assert banner(client).json() == {"alert": None}


def test_a_banner_is_refused_with_its_reasons(editor):
    draft = ArticleFactory(status="draft", published_at=None)

    with pytest.raises(Exception) as refused:
        services.raise_alert(
            by=editor, text="  ", article=draft, expires_at=timezone.now() - timedelta(minutes=1)
        )

    assert refused.value.messages == [
        "Le texte de l'alerte est vide.",
        "L'alerte doit expirer dans le futur.",
        "L'alerte doit mener à un article publié.",
    ]


def test_the_banner_stays_out_of_the_cached_pages_and_has_a_page_without_javascript(
    client, editor, django_capture_on_commit_callbacks
):
    story = ArticleFactory(title="Démission")
    raise_one(editor, story, django_capture_on_commit_callbacks, text="Le gouvernement démissionne")

    home = client.get(reverse("articles:home")).content.decode()
    fallback = client.get(reverse("articles:alert"))

    assert "Le gouvernement démissionne" not in home
    assert f'data-alert-url="{reverse("articles:alert_banner")}"' in home
    assert f'<a href="{reverse("articles:alert")}">Alertes info : la dernière alerte</a>' in home
    link = f'<a href="{story.get_absolute_url()}">Le gouvernement démissionne</a>'
    assert f"<strong>Alerte</strong> {link}" in fallback.content.decode()
    assert fallback["Cache-Control"] == "public, max-age=5, s-maxage=5"
