"""The comments block under an article, stored rendered as one of the article page's parts."""

from functools import lru_cache

from crispy_forms.utils import render_crispy_form
from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from comments.forms import CommentForm
from comments.rules import comments_open
from infra import pagecache
from reader.paging import page_number

register = template.Library()

# The query parameters the block reads: its page and the notice after posting.
COMMENT_PAGE = "commentaires"
COMMENT_NOTICE = "commentaire"
NOTICES = frozenset({"recu", "publie"})


def _page_number(request) -> int:
    return page_number(request, COMMENT_PAGE)


def _notice(request) -> str:
    notice = request.GET.get(COMMENT_NOTICE, "")
    return notice if notice in NOTICES else ""


# The addresses the block shows for each article and comment (the form's action, each
# "Signaler" link) are worked out once per process and language for a stand-in
# number, each article's or comment's own then put in its place; and the empty form,
# the same under every article but for its action, is rendered once for the stand-in
# article. An archive page rendered cold (its block stored nowhere yet) neither builds
# the form nor reverses an address per comment.
_STAND_IN = 987654321


@lru_cache(maxsize=16)
def _address_around(language: str, name: str, argument: str) -> tuple[str, str]:
    """The address of the route ``name`` around its number ``argument``: (before, after)."""
    address = reverse(name, kwargs={argument: _STAND_IN})
    before, stand_in, after = address.partition(str(_STAND_IN))
    if not stand_in or str(_STAND_IN) in after:
        raise ValueError(f"The address of {name} must name its {argument} once.")
    return before, after


def _address(name: str, argument: str, number: int) -> str:
    """``reverse(name, kwargs={argument: number})`` for a route taking one number."""
    before, after = _address_around(get_language(), name, argument)
    return f"{before}{int(number)}{after}"


def _action(article_id: int) -> str:
    return _address("comments:post", "article_id", article_id)


def report_url(comment_id: int) -> str:
    """The address of the comment's "Signaler" page."""
    return _address("comments:report", "pk", comment_id)


@lru_cache(maxsize=16)
def _empty_form(language: str, max_length: int) -> tuple[str, str]:
    """The empty form's HTML for the stand-in article, and its action attribute."""
    action = _action(_STAND_IN)
    html = render_crispy_form(CommentForm(action=action, with_csrf=False))
    attribute = f'action="{escape(action)}"'
    if html.count(attribute) != 1:
        raise ValueError("The comment form's action must appear once in its HTML.")
    return html, attribute


def forget_empty_form() -> None:
    _empty_form.cache_clear()


def empty_form_html(article) -> str:
    """
    The empty comment form under ``article`` (no CSRF token: the form asks for one,
    with its timestamp, when a reader starts writing), as ``{% crispy %}`` renders it.
    """
    html, attribute = _empty_form(get_language(), settings.NEWSROOM["COMMENT_MAX_LENGTH"])
    return mark_safe(html.replace(attribute, f'action="{escape(_action(article.pk))}"'))


def _context(
    request, article, form, page: int, notice: str, is_open: bool, form_html: str = ""
) -> dict:
    per_page = settings.NEWSROOM["COMMENTS_PER_PAGE"]
    total = article.comment_count
    offset = (page - 1) * per_page
    comments = []
    if offset < total:  # the page checked its range (a past-the-end page is a 404)
        comments = list(
            article.comments.published()
            .only("name", "body", "created_at", "article_id")
            .order_by("-created_at", "-pk")[offset : offset + per_page]
        )
        for comment in comments:
            comment.report_url = report_url(comment.pk)
    return {
        "request": request,
        "article": article,
        "total": total,
        "comments": comments,
        "form": form,
        "form_html": form_html,
        "comments_open": is_open,
        "notice": notice,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if offset + per_page < total else None,
    }


def block_key(request, pk: int, **url_kwargs) -> str:
    """
    Where the rendered comments block of this page's generation is kept: the
    generation changes with every accepted or hidden comment and every edit of the
    article. Stored as ``{"open": bool, "html": str}``.
    """
    vary = [pk, request.page_generation, get_language(), _page_number(request), _notice(request)]
    return "comments-block:" + ":".join(map(str, vary))


def block_stamp(value) -> str | None:
    return pagecache.stamp(value["html"]) if value is not None else None


@register.simple_tag(takes_context=True)
def comments_block(context, article, key: str = ""):
    """
    The comments under an article: the count, the form (or the closed notice) and
    one page of published comments, newest first, fetched in one query (none when
    there are none). The count comes from the article's maintained counter, so
    paging costs no COUNT query.

    The block is the same for every reader (the form carries no per-reader token),
    so it is kept rendered under ``key`` (the page's ``comments`` part), which
    accepting or hiding a comment changes. A form with errors is never stored, nor
    a block without ``key`` (previews).
    """
    request = context["request"]
    page, notice = _page_number(request), _notice(request)
    # Comments close by themselves N days after publication: the stored block says
    # whether it showed the form.
    is_open = comments_open(article)
    bound_form = context.get("comment_form")
    if bound_form is not None:
        html = render_to_string(
            "comments/_comments.html",
            _context(request, article, bound_form, page, notice, is_open),
            request=request,
        )
        return mark_safe(html)  # our template's output, escaped there
    stored = pagecache.cached_get(key) if key else None
    if stored is not None and stored["open"] == is_open:
        return mark_safe(stored["html"])
    form_html = empty_form_html(article) if is_open else ""
    html = render_to_string(
        "comments/_comments.html",
        _context(request, article, None, page, notice, is_open, form_html),
        request=request,
    )
    if key:
        pagecache.cached_set(
            key, {"open": is_open, "html": html}, settings.NEWSROOM["PAGE_CACHE_SECONDS"]
        )
    return mark_safe(html)
