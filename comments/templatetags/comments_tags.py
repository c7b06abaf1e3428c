from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles import caching
from comments.forms import CommentForm

register = template.Library()

NOTICES = frozenset({"recu", "publie"})


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("commentaires", "1")))
    except ValueError:
        return 1


def _context(request, article, form, page: int, notice: str) -> dict:
    per_page = settings.NEWSROOM["COMMENTS_PER_PAGE"]
    total = article.comment_count
    offset = (page - 1) * per_page
    comments = []
    if total:
        comments = list(
            article.comments.published()
            .only("name", "body", "created_at", "article_id")
            .order_by("-created_at", "-pk")[offset : offset + per_page]
        )
    return {
        "request": request,
        "article": article,
        "total": total,
        "comments": comments,
        "form": form,
        "comments_open": article.comments_open(),
        "notice": notice,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if offset + per_page < total else None,
    }


def block_cache_key(request, article_id: int, version) -> str:
    """
    Where the rendered comments block of this page version is kept. The version
    changes with every accepted or hidden comment and every edit of the article.
    """
    notice = request.GET.get("commentaire", "")
    notice = notice if notice in NOTICES else ""
    return (
        f"comments-block:{article_id}:{version}:{get_language()}:{_page_number(request)}:{notice}"
    )


@register.simple_tag(takes_context=True)
def comments_block(context, article):
    """
    The comments under an article: the count, the form (or the closed notice) and
    one page of published comments, newest first, fetched in one query (none when
    there are none). The count comes from the article's maintained counter, so
    paging costs no COUNT query.

    The block is the same for every reader (the form carries no per-reader token),
    so it is kept rendered in the shared cache under the article's page version,
    which accepting or hiding a comment changes. A form with errors is never cached.
    """
    request = context["request"]
    page = _page_number(request)
    notice = request.GET.get("commentaire", "")
    notice = notice if notice in NOTICES else ""
    bound_form = context.get("comment_form")
    if bound_form is not None:
        return mark_safe(
            render_to_string(
                "comments/_comments.html",
                _context(request, article, bound_form, page, notice),
                request=request,
            )
        )
    version = getattr(request, "page_version", None) or cache.get(caching.article_key(article.pk))
    key = block_cache_key(request, article.pk, version)
    # Comments close by themselves N days after publication: the stored block says
    # whether it showed the form.
    is_open = article.comments_open()
    stored = caching.cached_get(key) if version is not None else None
    if stored is not None and stored["open"] == is_open:
        return mark_safe(stored["html"])
    form = CommentForm(
        action=reverse("comments:post", kwargs={"article_id": article.pk}), with_csrf=False
    )
    html = render_to_string(
        "comments/_comments.html",
        _context(request, article, form, page, notice),
        request=request,
    )
    if version is not None:
        caching.cached_set(
            key, {"open": is_open, "html": html}, settings.NEWSROOM["PAGE_CACHE_SECONDS"]
        )
    return mark_safe(html)
