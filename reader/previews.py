"""
Previews of unpublished articles: for staff from the admin, and through signed,
expiring share links for reviewers without an account. Previews render the reader
template itself, are never cached, carry noindex and report no read.
"""

from django.shortcuts import render
from django.views.decorators.cache import add_never_cache_headers

from reader import content


def render_preview(request, article, *, status: int = 200):
    context = {"article": article, "object": article, "preview": True}
    context.update(content.article_context(article))
    # No "parts": a preview is never read from or stored into the cache.
    response = render(request, "articles/article_detail.html", context, status=status)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
