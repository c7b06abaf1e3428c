"""
The security headers, whole, on every class of response the site gives: reader page
(rendered and from the page cache), 304, 404, 500, admin, feed, sitemap, media,
static, beacon. In development settings here; production adds HSTS (tested below
through ``check --deploy``'s settings and the header itself).
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'{nonce}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'; frame-src datawrapper.dwcdn.net embed.bsky.app "
    "geo.dailymotion.com platform.twitter.com player.vimeo.com www.dailymotion.com "
    "www.instagram.com www.youtube-nocookie.com www.youtube.com"
)
NAMES = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Strict-Transport-Security",
)


def expected(*, nonce: bool) -> dict[str, str | None]:
    return {
        "Content-Security-Policy": CSP.format(nonce=" 'nonce-…'" if nonce else ""),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Strict-Transport-Security": None,
    }


def security_headers(response) -> dict[str, str | None]:
    found = {name: response.headers.get(name) for name in NAMES}
    if found["Content-Security-Policy"]:
        # The nonce changes with every response; all the rest is compared whole.
        found["Content-Security-Policy"] = re.sub(
            r"'nonce-[^']+'", "'nonce-…'", found["Content-Security-Policy"]
        )
    return found


@pytest.fixture
def site(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}
    settings.SERVE_MEDIA = True
    settings.WHITENOISE_USE_FINDERS = True
    settings.ROOT_URLCONF = "tests.newsroom.failing_urls"
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "note.txt").write_text("une pièce jointe")
    return ArticleFactory()


def reader_page(client, article):
    return client.get(article.get_absolute_url())


def cached_page(client, article):
    client.get(article.get_absolute_url())
    return client.get(article.get_absolute_url())


def not_modified(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    return client.get(article.get_absolute_url(), headers={"If-None-Match": etag})


RESPONSES = {
    "reader page": (reader_page, 200, False),
    "cached page": (cached_page, 200, False),
    "304": (not_modified, 304, False),
    "404": (lambda client, article: client.get("/nulle-part/"), 404, False),
    "500": (
        lambda client, article: Client(raise_request_exception=False).get("/echec/"),
        500,
        False,
    ),
    # The admin's templates hold scripts with the request's nonce.
    "admin": (lambda client, article: client.get(reverse("admin:login")), 200, True),
    "feed": (lambda client, article: client.get(reverse("articles:feed")), 200, False),
    "sitemap": (
        lambda client, article: client.get(
            reverse("sitemap_section", kwargs={"section": "articles"})
        ),
        200,
        False,
    ),
    "media": (lambda client, article: client.get("/media/note.txt"), 200, False),
    "static": (lambda client, article: Client().get("/static/css/site.css"), 200, False),
    "beacon": (
        lambda client, article: client.post(reverse("audience:read", args=[article.pk])),
        204,
        False,
    ),
}


@pytest.mark.parametrize("kind", RESPONSES)
def test_every_response_carries_the_security_headers_whole(client, site, kind):
    send, status, nonce = RESPONSES[kind]

    response = send(client, site)

    assert response.status_code == status
    assert security_headers(response) == expected(nonce=nonce)
