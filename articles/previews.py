"""
Previews of unpublished articles: for staff in the admin, and through signed,
expiring share links for reviewers without an account. Previews render the
reader template itself, are never cached, carry noindex and report no read.
"""

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import add_never_cache_headers

from articles import pages

SHARE_SALT = "articles.preview-share"


def link_days() -> int:
    return settings.NEWSROOM["PREVIEW_LINK_DAYS"]


def share_url(article) -> str:
    token = signing.dumps({"article": article.pk}, salt=SHARE_SALT, compress=True)
    return reverse("articles:preview_share", kwargs={"token": token})


def article_id_from_token(token: str) -> int | None:
    """The article id a share token grants, or None when forged or expired."""
    try:
        data = signing.loads(token, salt=SHARE_SALT, max_age=link_days() * 24 * 60 * 60)
    except signing.BadSignature:
        return None
    return data.get("article") if isinstance(data, dict) else None


def render_preview(request, article, *, status: int = 200):
    context = {"article": article, "object": article, "preview": True}
    context.update(pages.article_context(request, article))
    context["fragment_seconds"] = 0  # never from or into the cache
    response = render(request, "articles/article_detail.html", context, status=status)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
