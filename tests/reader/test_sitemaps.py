from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from reader.sitemaps import ArticleSitemap
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def locations(response) -> list[str]:
    root = ElementTree.fromstring(response.content)
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


def index_entries(response) -> list[tuple[str, str | None]]:
    root = ElementTree.fromstring(response.content)
    return [
        (entry.findtext(f"{SITEMAP}loc"), entry.findtext(f"{SITEMAP}lastmod"))
        for entry in root.findall(f"{SITEMAP}sitemap")
    ]


def test_sitemap_lists_published_articles_and_sections(client):
    section = SectionFactory(slug="economie")
    live = ArticleFactory(section=section)
    ArticleFactory(status=Article.Status.DRAFT, section=section)
    ArticleFactory(published_at=timezone.now() + timedelta(days=1), section=section)

    articles = client.get("/sitemap-articles.xml")
    sections = client.get("/sitemap-sections.xml")

    assert locations(articles) == [f"http://127.0.0.1:8000{live.get_absolute_url()}"]
    assert locations(sections) == ["http://127.0.0.1:8000/rubrique/economie/"]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)


def test_the_index_lists_every_page_of_every_sitemap(
    client, small_pages, django_assert_num_queries
):
    now = timezone.now().replace(microsecond=0)
    stories = [ArticleFactory(published_at=now - timedelta(hours=10 - n)) for n in range(5)]
    ArticleFactory(status=Article.Status.DRAFT)
    Article.objects.filter(pk=stories[1].pk).update(content_updated_at=now - timedelta(minutes=1))

    # The articles' count and latest change, the sections' count.
    with django_assert_num_queries(3):
        response = client.get("/sitemap.xml")

    assert response["Content-Type"] == "application/xml"
    latest = timezone.localtime(now - timedelta(minutes=1)).isoformat()
    site = "http://127.0.0.1:8000"
    assert index_entries(response) == [
        (f"{site}/sitemap-articles.xml", latest),
        (f"{site}/sitemap-articles.xml?p=2", latest),
        (f"{site}/sitemap-articles.xml?p=3", latest),
        (f"{site}/sitemap-sections.xml", None),
        (f"{site}/sitemap-news.xml", None),
    ]


def test_the_pages_of_the_index_hold_every_published_article_once_oldest_first(
    client, small_pages, django_assert_num_queries
):
    now = timezone.now()
    stories = [ArticleFactory(published_at=now - timedelta(hours=10 - n)) for n in range(5)]

    pages = []
    for page in (1, 2, 3):
        # The count, then the page's articles: two queries whatever the page's size.
        with django_assert_num_queries(2):
            pages.append(locations(client.get("/sitemap-articles.xml", {"p": page})))

    expected = [f"http://127.0.0.1:8000{story.get_absolute_url()}" for story in stories]
    assert pages == [expected[0:2], expected[2:4], expected[4:5]]
    assert client.get("/sitemap-articles.xml", {"p": 4}).status_code == 404


def test_the_index_and_its_pages_are_kept_in_the_cache(client, django_assert_num_queries):
    ArticleFactory()
    first_index = client.get("/sitemap.xml")
    first_page = client.get("/sitemap-articles.xml")
    ArticleFactory()  # within SITEMAP_CACHE_SECONDS: the sitemaps do not show it yet

    with django_assert_num_queries(0):
        index_again = client.get("/sitemap.xml")
        page_again = client.get("/sitemap-articles.xml")

    assert index_again.content == first_index.content
    assert page_again.content == first_page.content
    assert "max-age=300" in page_again["Cache-Control"]


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
