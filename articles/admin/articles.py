from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from articles import editor, indexing, previews, services
from articles.admin.filters import StatusFilter
from articles.admin.forms import ArticleAdminForm, CorrectionForm, ScheduleForm
from articles.admin.revisions import RevisionViewsMixin
from articles.models import Article, Author, Correction, WorkflowEvent
from search.query import parse


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["created_at", "kind", "text", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class WorkflowInline(CorrectionInline):
    model = WorkflowEvent
    fields = ["at", "from_status", "to_status", "by_name", "publish_at", "note"]
    readonly_fields = fields
    verbose_name_plural = _("étapes de publication")


@admin.register(Article)
class ArticleAdmin(RevisionViewsMixin, VersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status_label",
        "section",
        "authors_list",
        "published_at",
        "comment_count",
        "view_on_site_link",
    ]
    list_filter = [StatusFilter, "section", "authors", "published_at"]
    list_select_related = ["section"]
    # The French search of the index (headline, lead, body, topics, authors), not
    # these fields: see get_search_results.
    search_fields = ["title"]
    search_help_text = _(
        "Sans accents ni majuscules, tous les mots et leurs dérivés ; "
        "« entre guillemets » pour une expression exacte, -mot pour l'exclure."
    )
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "topics", "authors", "agencies", "main_image"]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["publish_selected", "unpublish_selected"]
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    inlines = [CorrectionInline, WorkflowInline]

    editorial_fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "short_headline",
                    "slug",
                    "section",
                    "topics",
                    "lead",
                    "body",
                    "opened_version",
                ]
            },
        ),
        (_("Signature et sources"), {"fields": ["authors", "credit_line", "agencies"]}),
        (_("Image"), {"fields": ["main_image"]}),
        (_("Commentaires"), {"fields": ["comment_mode"]}),
        (_("Direct"), {"fields": ["kind", "live_ended_at"]}),
    ]
    publication_fieldset = (
        _("Publication"),
        {
            "fields": ["published_at", "embargo_until"],
            "description": _(
                "Une date future programme la publication : l'article apparaît à l'heure "
                "dite, sans autre action. L'embargo le retient jusqu'à sa levée."
            ),
        },
    )

    def get_fieldsets(self, request, obj=None):
        if services.is_editor(request.user):
            return [*self.editorial_fieldsets, self.publication_fieldset]
        return self.editorial_fieldsets

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("authors", queryset=Author.objects.only("name")))
        )
        # Journalists work on their own articles.
        return services.visible_to(request.user, queryset)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return indexing.matching(queryset, parse(search_term, prefix=True)), False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # Unpublish instead: deleting loses the revisions' context and breaks links.
        return request.user.is_superuser

    def delete_model(self, request, obj):
        services.delete_articles([obj], by=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_articles(queryset, by=request.user)

    def has_publish_permission(self, request):
        return services.is_editor(request.user)

    @admin.display(description=_("statut"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return format_html(
                '<span class="status status--scheduled">{} {}</span>',
                gettext("Programmé"),
                date_format(timezone.localtime(obj.published_at), "SHORT_DATETIME_FORMAT"),
            )
        return format_html(
            '<span class="status status--{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description=_("auteurs"))
    def authors_list(self, obj):
        return ", ".join(author.name for author in obj.authors.all()) or obj.credit_line or "—"

    @admin.display(description=_("sur le site"))
    def view_on_site_link(self, obj):
        if obj.status != Article.Status.PUBLISHED or obj.is_scheduled:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Voir sur le site"))

    def save_model(self, request, obj, form, change):
        services.save_article(
            article=obj,
            by=request.user,
            changed_fields=form.changed_data if change else (),
            expected_version=form.cleaned_data.get("opened_version") if change else None,
        )
        for advice in services.headline_advice(obj):
            self.message_user(request, advice, messages.WARNING)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Topics, authors and agencies are saved after the article: index it again.
        services.index_article(article=form.instance)

    # Actions through the services: the permission is checked there too.
    @admin.action(description=_("Publier les articles choisis"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, services.publish_article, gettext("publié"))

    @admin.action(description=_("Dépublier les articles choisis"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, services.unpublish_article, gettext("dépublié"))

    def _bulk(self, request, queryset, service, done: str):
        for article in queryset.select_related("main_image"):
            try:
                service(article=article, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    format_html("« {} » : {}", article.title, " ".join(error.messages)),
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    gettext("« %(title)s » : %(done)s.") % {"title": article.title, "done": done},
                    messages.SUCCESS,
                )

    # Workflow, share links and revisions pages (the preview is a reader page).
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/workflow/<str:step>/",
                view(self.workflow_view),
                name="articles_article_workflow",
            ),
            path(
                "read-also-search/",
                view(self.read_also_search_view),
                name="articles_article_read_also_search",
            ),
            path(
                "image-search/",
                view(self.image_search_view),
                name="articles_article_image_search",
            ),
            path(
                "embed-preview/",
                view(self.embed_preview_view),
                name="articles_article_embed_preview",
            ),
            path("<int:pk>/share/", view(self.share_view), name="articles_article_share"),
            path(
                "<int:pk>/share/<int:link_id>/revoke/",
                view(self.revoke_share_view),
                name="articles_article_share_revoke",
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, pk, *, change=False):
        article = get_object_or_404(Article.objects.select_related("main_image"), pk=pk)
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_permission(request, article)
        )
        if not allowed or not self.get_queryset(request).filter(pk=pk).exists():
            raise PermissionDenied
        return article

    def previewable_article(self, request, pk) -> Article:
        """
        The article this staff member may preview (the reader's preview page asks the
        admin, so that one rule says who sees which article); PermissionDenied otherwise.
        """
        return self._article_or_404(request, pk)

    def workflow_view(self, request, pk, step):
        if request.method != "POST":
            raise PermissionDenied
        article = self._article_or_404(request, pk)
        change_url = reverse("admin:articles_article_change", args=[pk])
        try:
            if step == "submit":
                services.submit_for_review(article=article, by=request.user)
                done = gettext("Article soumis à la relecture.")
            elif step == "publish":
                form = ScheduleForm(request.POST)
                if not form.is_valid():
                    raise ValidationError([e for errors in form.errors.values() for e in errors])
                at = form.cleaned_data["publish_at"]
                services.publish_article(article=article, by=request.user, at=at)
                done = (
                    gettext("Article programmé.")
                    if article.is_scheduled
                    else gettext("Article publié.")
                )
            elif step == "unpublish":
                services.unpublish_article(article=article, by=request.user)
                done = gettext("Article dépublié.")
            elif step == "draft":
                services.return_to_draft(article=article, by=request.user)
                done = gettext("Article renvoyé en brouillon.")
            elif step == "correction":
                form = CorrectionForm(request.POST)
                if not form.is_valid():
                    raise ValidationError([e for errors in form.errors.values() for e in errors])
                services.add_correction(
                    article=article,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    kind=form.cleaned_data["kind"],
                )
                done = gettext("Correction ajoutée.")
            else:
                raise PermissionDenied
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def read_also_search_view(self, request):
        # Any staff member who may see articles may point to a published one.
        if not self.has_view_permission(request):
            raise PermissionDenied
        results = editor.search_read_also(
            query=request.GET.get("q", ""), ids=request.GET.getlist("id")
        )
        return JsonResponse({"results": results})

    def image_search_view(self, request):
        # Whoever may write an article may pick the pictures of its body.
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        results = editor.search_images(
            query=request.GET.get("q", ""), ids=request.GET.getlist("id")
        )
        return JsonResponse({"results": results})

    def embed_preview_view(self, request):
        # Records the address and enqueues its fetch: a write, for those who write.
        if request.method != "POST" or not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        return JsonResponse(editor.preview_embed(request.POST.get("url", "")))

    def share_view(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        article = self._article_or_404(request, pk)
        link = services.create_share_link(article=article, by=request.user)
        url = request.build_absolute_uri(previews.share_url(link))
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                gettext("Lien de prévisualisation, valable %(days)d jours :")
                % {"days": previews.link_days()},
                url,
                url,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    def revoke_share_view(self, request, pk, link_id):
        if request.method != "POST":
            raise PermissionDenied
        article = self._article_or_404(request, pk)
        link = get_object_or_404(article.share_links, pk=link_id)
        services.revoke_share_link(link=link, by=request.user)
        self.message_user(request, gettext("Lien de prévisualisation révoqué."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    def _share_links(self, request, obj) -> list[dict]:
        """The article's live share links, for the editors who may revoke them."""
        if obj is None or not services.is_editor(request.user):
            return []
        since = timezone.now() - timezone.timedelta(days=previews.link_days())
        return [
            {"link": link, "expires_at": previews.expires_at(link)}
            for link in obj.share_links.alive().filter(created_at__gt=since)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            {
                "is_editor": services.is_editor(request.user),
                "can_edit": obj is None or services.can_edit(request.user, obj),
                "schedule_form": ScheduleForm(),
                "correction_form": CorrectionForm(),
                "prepublish_problems": services.prepublish_problems(obj) if obj else [],
                "headline_advice": services.headline_advice(obj) if obj else [],
                "share_links": self._share_links(request, obj),
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "article", "kind", "text", "created_by"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["article", "created_by"]
    search_fields = ["text", "article__title"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
