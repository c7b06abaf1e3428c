from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from articles import previews
from articles.models import Article, Author, Section, Topic
from infra.pagecache import reader_page
from reader import content, pages
from reader.paging import LIST_PAGE, check_in_range, page_number
from reader.previews import render_preview
from reader.templatetags.comments_block import COMMENT_PAGE


@require_safe
@reader_page(pages.HOME)
def home(request):
    # Lazy: the stories are fetched only when the stored fragment has to be rebuilt.
    return render(
        request,
        "articles/home.html",
        {"home": SimpleLazyObject(content.home_context), "parts": pages.HOME.keys(request)},
    )


class ListPage:
    """
    One page of a list of stories, with what the pagination links need. Whether a
    next page exists is known by fetching one story more than the page shows:
    Django's Paginator would count every published story of the list first, a
    query that grows with the archive (60 ms for the 16,000 stories of a section at
    100,000 articles), where the page itself reads its 20 rows from an index.
    """

    def __init__(self, object_list: list, number: int, has_next: bool):
        self.object_list, self.number, self._has_next = object_list, number, has_next

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class ArticleListMixin:
    """A paginated list of published stories belonging to one section, topic or author."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    owner_model = None
    owner_context_name = ""

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM["PAGE_SIZE"]

    def paginate_queryset(self, queryset, page_size):
        """The requested page (``?page=N``), without counting the list; 404 past its end."""
        number = page_number(self.request, LIST_PAGE)
        start = (number - 1) * page_size
        rows = list(queryset[start : start + page_size + 1])
        if not rows and number > 1:
            raise Http404(_("Cette page n'existe pas."))
        page_obj = ListPage(rows[:page_size], number, has_next=len(rows) > page_size)
        return None, page_obj, page_obj.object_list, page_obj.has_other_pages()

    def get_owner(self):
        return get_object_or_404(self.owner_model, slug=self.kwargs["slug"])

    def get_queryset(self):
        self.owner = self.get_owner()
        return (
            Article.objects.published()
            .filter(**{self.owner_context_name: self.owner})
            .for_cards()
            .latest_first()
        )

    def get_context_data(self, **kwargs):
        current = self.owner.slug if self.owner_context_name == "section" else ""
        return super().get_context_data(
            front=getattr(self, "front", None),
            owner=self.owner,
            owner_kind=self.owner_context_name,
            current_section_slug=current,
            **kwargs,
        )


@method_decorator(reader_page(pages.SECTION), name="dispatch")
class SectionView(ArticleListMixin, ListView):
    owner_model = Section
    owner_context_name = "section"

    def get_queryset(self):
        """The stories the desk placed at the top lead page 1 and leave the list."""
        queryset = super().get_queryset()
        front = content.section_front(self.owner)
        self.front = front if page_number(self.request, LIST_PAGE) == 1 else None
        return queryset.exclude(pk__in=front["placed"]) if front["placed"] else queryset


@method_decorator(reader_page(pages.TOPIC), name="dispatch")
class TopicView(ArticleListMixin, ListView):
    owner_model = Topic
    owner_context_name = "topics"


@method_decorator(reader_page(pages.AUTHOR), name="dispatch")
class AuthorView(ArticleListMixin, ListView):
    owner_model = Author
    owner_context_name = "authors"


@method_decorator(reader_page(pages.ARTICLE), name="dispatch")
class ArticleView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        article = content.published_article(self.request, self.kwargs["pk"])
        if article is None:
            raise Http404(_("Cet article n'existe pas ou n'est plus en ligne."))
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            # The title and slug changed: the old address keeps working, permanently moved.
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        check_in_range(
            page_number(request, COMMENT_PAGE),
            total=self.object.comment_count,
            per_page=settings.NEWSROOM["COMMENTS_PER_PAGE"],
        )
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(content.article_context(self.object))
        # The URL's arguments, as the page cache asked: the keys are worked out once.
        context["parts"] = pages.ARTICLE.keys(self.request, **self.kwargs)
        context["current_section_slug"] = self.object.section.slug if self.object.section else ""
        return context


@require_safe
def staff_preview(request, pk):
    """
    An article as readers would see it, whatever its status, for the staff members
    the admin lets see it (the admin's own rule: journalists their own drafts),
    behind the admin's own door (password and second factor; never cached).
    """

    def preview(request, pk):
        article = admin.site.get_model_admin(Article).previewable_article(request, pk)
        return render_preview(request, article)

    return admin.site.admin_view(preview)(request, pk)


@never_cache
@require_safe
def preview_share(request, token):
    """
    An unpublished article through a share link, for a reviewer without account:
    signed, expiring, and alive only while its record is (not revoked, the article
    neither unpublished nor returned to draft since).
    """
    article_id = previews.shared_article_id(token)
    if article_id is None:
        return render(request, "articles/preview_expired.html", status=410)
    article = get_object_or_404(content.article_queryset(Article.objects.all()), pk=article_id)
    return render_preview(request, article)


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 otherwise: for load balancers and uptime checks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
