from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_site_feed_lists_published_articles_newest_first(client):
    now = timezone.now()
    ArticleFactory(title="Ancien", published_at=now - timedelta(days=2))
    ArticleFactory(
        title="Récent", published_at=now - timedelta(hours=1), authors=[AuthorFactory(name="Léa")]
    )
    ArticleFactory(title="Brouillon", status=Article.Status.DRAFT)
    ArticleFactory(title="Programmé", published_at=now + timedelta(hours=1))

    response = client.get(reverse("articles:feed"))

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Le Quotidien"
    assert [item.findtext("title") for item in channel.findall("item")] == ["Récent", "Ancien"]
    assert channel.find("item").findtext("{http://purl.org/dc/elements/1.1/}creator") == "Léa"


def test_section_feed_lists_only_its_section(client):
    economy = SectionFactory(name="Économie", slug="economie")
    ArticleFactory(title="Éco", section=economy)
    ArticleFactory(title="Ailleurs")

    response = client.get(reverse("articles:section_feed", kwargs={"slug": "economie"}))

    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Le Quotidien — Économie"
    assert [item.findtext("title") for item in channel.findall("item")] == ["Éco"]
    assert client.get("/rubrique/inconnue/rss.xml").status_code == 404
