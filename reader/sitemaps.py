from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Case, F, Max, Q, When
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from infra.site import absolute_url, site_origin


class SiteSitemap(Sitemap):
    """A sitemap whose URLs are on SITE_URL, whatever Host the request named."""

    def get_protocol(self, protocol=None):
        return site_origin()[0]

    def get_domain(self, site=None):
        return site_origin()[1]


class ArticleSitemap(SiteSitemap):
    """
    Every published article, ``limit`` a page (``?p=2``…), oldest first: a page's
    content then only changes when one of its stories does, and new stories go on
    the last page.
    """

    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "content_updated_at")
            .order_by("published_at", "pk")
        )

    def lastmod(self, item):
        return item.date_modified

    def get_latest_lastmod(self):
        """The newest ``date_modified`` of all, in one query (not one per article)."""
        modified = Case(
            When(content_updated_at__gt=F("published_at"), then=F("content_updated_at")),
            default=F("published_at"),
        )
        return Article.objects.published().aggregate(latest=Max(modified))["latest"]


class SectionSitemap(SiteSitemap):
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        return Section.objects.all()


class NewsSitemap(SiteSitemap):
    """
    Google News sitemap: stories of the last 48 hours, and live pages still running or
    ended within that time (a live page started days ago is still news while it runs),
    rendered by templates/sitemaps/news.xml with the news: namespace.
    """

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(hours=settings.NEWSROOM["NEWS_SITEMAP_HOURS"])
        live = Q(kind=Article.Kind.LIVE) & (
            Q(live_ended_at__isnull=True) | Q(live_ended_at__gte=since)
        )
        return (
            Article.objects.published()
            .filter(Q(published_at__gte=since) | live)
            .only("title", "slug", "published_at", "content_updated_at", "kind")
            .latest_first()
        )

    def lastmod(self, item):
        # A live page changes with every post (each one dates its last update).
        return item.date_modified if item.kind == Article.Kind.LIVE else item.published_at


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap}
NEWS_SITEMAPS = {"news": NewsSitemap}


def index(request):
    """
    /sitemap.xml: the sitemap index, every page of every sitemap (and the news
    sitemap) on SITE_URL, like the sitemaps themselves (Django's own index names the
    request's host). Three queries: the articles' count and latest change, the
    sections' count.
    """
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = absolute_url(reverse("sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(url, lastmod))
        entries.extend(
            SitemapIndexItem(f"{url}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    entries.append(SitemapIndexItem(absolute_url(reverse("news_sitemap")), None))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
