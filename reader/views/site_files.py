"""The site's files for robots: robots.txt and /.well-known/security.txt (RFC 9116)."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from infra.site import absolute_url

# What no crawler should fetch: the newsroom's admin, previews, the read beacon and
# the comment forms' addresses; in every language of the site.
PRIVATE_PREFIXES = ("admin/", "apercu/", "audience/", "commentaires/")


def _text(body: str, *, seconds: int) -> HttpResponse:
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=seconds)
    return response


def _language_prefixes() -> list[str]:
    return [
        "/" if code == settings.LANGUAGE_CODE else f"/{code}/" for code, _name in settings.LANGUAGES
    ]


@require_safe
def robots_txt(request):
    """
    Every crawler may read the reader's pages but not the private addresses; the AI
    crawlers of NEWSROOM["AI_CRAWLERS_BLOCKED"] may read nothing; the sitemaps named.
    """
    lines = ["User-agent: *"]
    lines += [
        f"Disallow: {language}{prefix}"
        for language in _language_prefixes()
        for prefix in PRIVATE_PREFIXES
    ]
    blocked = settings.NEWSROOM["AI_CRAWLERS_BLOCKED"]
    if blocked:
        lines += ["", "# Crawlers gathering text to train or feed AI models: refused."]
        lines += [f"User-agent: {name}" for name in blocked]
        lines += ["Disallow: /"]
    lines += [
        "",
        f"Sitemap: {absolute_url(reverse('sitemap_index'))}",
        f"Sitemap: {absolute_url(reverse('news_sitemap'))}",
    ]
    return _text("\n".join(lines) + "\n", seconds=60 * 60)


@require_safe
def security_txt(request):
    """
    /.well-known/security.txt (RFC 9116): the contacts of NEWSROOM["SECURITY_CONTACT"],
    an expiry SECURITY_TXT_DAYS after the current day (UTC), the languages, the
    canonical address and the policy when there is one.
    """
    config = settings.NEWSROOM
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    expires = today + timedelta(days=config["SECURITY_TXT_DAYS"])
    lines = [f"Contact: {contact}" for contact in config["SECURITY_CONTACT"]]
    lines += [
        f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}",
        "Preferred-Languages: " + ", ".join(code for code, _name in settings.LANGUAGES),
        f"Canonical: {absolute_url(reverse('security_txt'))}",
    ]
    if config["SECURITY_POLICY_URL"]:
        lines.append(f"Policy: {config['SECURITY_POLICY_URL']}")
    return _text("\n".join(lines) + "\n", seconds=24 * 60 * 60)
