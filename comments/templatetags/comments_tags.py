from django import template
from django.conf import settings
from django.urls import reverse

from comments.forms import CommentForm

register = template.Library()


@register.inclusion_tag("comments/_comments.html", takes_context=True)
def comments_block(context, article):
    """
    The comments under an article: the count, the form (or the closed notice) and
    one page of published comments, newest first, fetched in one query (none when
    there are none). The count comes from the article's maintained counter, so
    paging costs no COUNT query.
    """
    request = context["request"]
    per_page = settings.NEWSROOM["COMMENTS_PER_PAGE"]
    try:
        page = max(1, int(request.GET.get("commentaires", "1")))
    except ValueError:
        page = 1
    total = article.comment_count
    offset = (page - 1) * per_page
    comments = []
    if total:
        comments = list(
            article.comments.published()
            .only("name", "body", "created_at", "article_id")
            .order_by("-created_at", "-pk")[offset : offset + per_page]
        )
    form = context.get("comment_form") or CommentForm(
        action=reverse("comments:post", kwargs={"article_id": article.pk}), with_csrf=False
    )
    return {
        "request": request,
        "article": article,
        "total": total,
        "comments": comments,
        "form": form,
        "comments_open": article.comments_open(),
        "notice": request.GET.get("commentaire", ""),
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if offset + per_page < total else None,
    }
