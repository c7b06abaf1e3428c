"""Deployment checks of the infrastructure's settings (``manage.py check --deploy``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs) -> list[Warning]:
    """A deployment's SITE_URL is its public HTTPS address, not the development default."""
    parts = urlsplit(settings.NEWSROOM["SITE_URL"])
    if parts.scheme == "https" and parts.hostname and parts.hostname not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            "SITE_URL is not the site's public HTTPS address: canonical links, feeds "
            "and sitemaps would point elsewhere.",
            hint="Set the SITE_URL environment variable, e.g. https://www.example.org.",
            id="newsroom.W001",
        )
    ]
