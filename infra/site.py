"""
The site's own address (``NEWSROOM["SITE_URL"]``, from the ``SITE_URL`` environment
variable): every absolute link the site gives out (canonical, og:url, hreflang,
JSON-LD, feeds, sitemaps, mails) is made from it, never from the request's Host
header or port, which a client chooses.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings


def site_url() -> str:
    """The configured site URL, without a trailing slash: ``https://www.example.fr``."""
    return settings.NEWSROOM["SITE_URL"].rstrip("/")


def site_origin() -> tuple[str, str]:
    """The site's scheme and host (with its port), as an ``Origin`` header names them."""
    parts = urlsplit(site_url())
    return parts.scheme, parts.netloc


def absolute_url(url: str) -> str:
    """``url`` (a path, or already absolute: a media host) made absolute on the site."""
    return urljoin(site_url() + "/", url)
