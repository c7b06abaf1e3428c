from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Section
from infra.site import site_origin


class SiteSitemap(Sitemap):
    """A sitemap whose URLs are on SITE_URL, whatever Host the request named."""

    def get_protocol(self, protocol=None):
        return site_origin()[0]

    def get_domain(self, site=None):
        return site_origin()[1]


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "content_updated_at")
            .latest_first()
        )

    def lastmod(self, item):
        return item.date_modified


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
