from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def test_sitemap_lists_published_articles_and_sections(client):
    section = SectionFactory(slug="economie")
    live = ArticleFactory(section=section)
    ArticleFactory(status=Article.Status.DRAFT, section=section)
    ArticleFactory(published_at=timezone.now() + timedelta(days=1), section=section)

    response = client.get("/sitemap.xml")

    root = ElementTree.fromstring(response.content)
    locations = sorted(url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url"))
    assert locations == sorted(
        [
            f"http://127.0.0.1:8000{live.get_absolute_url()}",
            "http://127.0.0.1:8000/rubrique/economie/",
        ]
    )


def test_news_sitemap_lists_the_last_48_hours_with_the_news_namespace(client):
    now = timezone.now()
    recent = ArticleFactory(title="L'« événement » du jour", published_at=now - timedelta(hours=3))
    ArticleFactory(title="Trop ancien", published_at=now - timedelta(hours=49))
    ArticleFactory(title="Programmé", published_at=now + timedelta(hours=1))

    response = client.get(reverse("news_sitemap"))

    root = ElementTree.fromstring(response.content)
    urls = root.findall(f"{SITEMAP}url")
    assert len(urls) == 1
    news = urls[0].find(f"{NEWS}news")
    assert urls[0].findtext(f"{SITEMAP}loc") == f"http://127.0.0.1:8000{recent.get_absolute_url()}"
    assert news.findtext(f"{NEWS}title") == "L'« événement » du jour"
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}name") == "Le Quotidien"
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}language") == "fr"
    assert news.findtext(f"{NEWS}publication_date") == timezone.localtime(
        recent.published_at
    ).isoformat(timespec="seconds")
