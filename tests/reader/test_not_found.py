"""Reader 404s: a short shared lifetime, and the keys of the page they stand for."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_scheduled_story_answers_a_404_a_cdn_keeps_briefly_under_its_key(client):
    article = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=30"
    assert (response["Surrogate-Key"], response["Cache-Tag"]) == (
        f"article-{article.pk}",
        f"article-{article.pk}",
    )


def test_an_unknown_address_answers_a_short_lived_404_without_keys(client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "NOT_FOUND_CACHE_SECONDS": 12}

    response = client.get("/nulle-part/ici/")

    assert response.status_code == 404
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=12"
    assert "Surrogate-Key" not in response


def test_a_logged_in_readers_404_is_not_shared(client):
    client.force_login(UserFactory(username="lea"))
    article = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert response.has_header("Cache-Control") is False
