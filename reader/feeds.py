from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section
from infra.site import absolute_url


class LatestFeed(Feed):
    """
    The site's RSS feed: the latest published stories. Its links are absolute on
    SITE_URL (Django would otherwise take the request's Host).
    """

    feed_type = Rss201rev2Feed
    description = _("Les derniers articles publiés.")

    def title(self, obj=None):
        return settings.NEWSROOM["SITE_NAME"]

    def link(self, obj=None):
        return absolute_url("/")

    def feed_url(self, obj=None):
        return absolute_url(reverse("articles:feed"))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def get_queryset(self, obj=None):
        return Article.objects.published().select_related("section").prefetch_related("authors")

    def items(self, obj=None):
        return self.get_queryset(obj).latest_first()[: settings.NEWSROOM["FEED_SIZE"]]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.date_modified

    def item_author_name(self, item):
        names = [author.name for author in item.authors.all()]
        return ", ".join(names) or item.credit_line or None

    def item_categories(self, item):
        return [item.section.name] if item.section else []


class SectionFeed(LatestFeed):
    """One feed per section ("rubrique")."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj=None):
        return f"{settings.NEWSROOM['SITE_NAME']} — {obj.name}"

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute_url(reverse("articles:section_feed", kwargs={"slug": obj.slug}))

    def description(self, obj=None):
        return obj.description or _("Les derniers articles de la rubrique %(name)s.") % {
            "name": obj.name
        }

    def get_queryset(self, obj=None):
        return super().get_queryset(obj).filter(section=obj)
