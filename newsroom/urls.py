import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page
from django.views.static import serve

from infra.replica import from_replica
from reader import sitemaps
from reader.sitemaps import NEWS_SITEMAPS, SITEMAPS
from reader.views import site_files
from reader.views.articles import healthz


def sitemap_cached(view, *, seconds: int | None = None):
    """A sitemap view read from the replica (if any) and kept in the shared cache."""
    seconds = settings.NEWSROOM["SITEMAP_CACHE_SECONDS"] if seconds is None else seconds
    return cache_page(seconds, key_prefix="sitemap")(from_replica(view))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Machine-to-machine: the agencies' push and the ninjs API, outside the language prefix.
    path("", include("wire.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Sitemaps: the index, each sitemap by pages, the news sitemap; read from the
    # replica when there is one, kept SITEMAP_CACHE_SECONDS in the shared cache.
    path("sitemap.xml", sitemap_cached(sitemaps.index), name="sitemap_index"),
    # Before "sitemap-<section>.xml", which would take it; fresher (stories of the hour).
    path(
        "sitemap-news.xml",
        sitemap_cached(sitemap_views.sitemap, seconds=settings.NEWSROOM["PAGE_CACHE_SECONDS"]),
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_cached(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", site_files.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", site_files.security_txt, name="security_txt"),
]

# Reader pages and the admin: French at the root, English under /en/.
urlpatterns += i18n_patterns(
    # Audience's pages (the read beacon, the admin's audience page) come before the admin.
    path("", include("audience.urls")),
    path("admin/", admin.site.urls),
    path("", include("reader.urls.comments")),
    path("", include("reader.urls.articles")),
    prefix_default_language=False,
)

if settings.BENCH_ENDPOINTS:
    from bench.views import bare_view

    urlpatterns += [path("bench/bare/", bare_view)]


def serve_media(request, path):
    # MEDIA_ROOT read per request, not when this module is imported.
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    # The edge and browsers may keep a file: a withdrawn image's are purged from the edge.
    patch_cache_control(response, public=True, max_age=settings.NEWSROOM["MEDIA_MAX_AGE"])
    return response


if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media)
    ]

# A database outage met outside a view answers 503 too, not 500.
handler500 = "infra.middleware.server_error"

# The admin's collapsible sidebar leaves the moderation queue too narrow.
admin.site.enable_nav_sidebar = False
admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom"
