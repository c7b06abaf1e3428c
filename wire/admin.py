"""
The wire desk in the admin: "Dépêches" (the queue, its filters, the reading page and
"Reprendre la dépêche"), the receptions with their ingest log, the agencies' wires
and the ninjs partners (tokens shown once, stored hashed), and on each article made
from a dispatch, the dispatch and version it came from.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.services import can_edit
from search.query import parse
from wire import indexing, services
from wire.models import (
    Dispatch,
    PartnerToken,
    ReceivedItem,
    WireAlert,
    WireSource,
    hash_token,
    new_token,
)


class CurrentVersionFilter(admin.SimpleListFilter):
    title = _("versions")
    parameter_name = "versions"

    def lookups(self, request, model_admin):
        return [("toutes", _("Toutes les versions"))]

    def queryset(self, request, queryset):
        return queryset if self.value() == "toutes" else queryset.filter(is_current=True)


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = [
        "urgency",
        "headline_link",
        "source",
        "status",
        "priority",
        "subject_top",
        "language",
        "received_at",
        "article_link",
    ]
    list_display_links = None
    list_filter = [
        CurrentVersionFilter,
        ("source__agency", admin.RelatedOnlyFieldListFilter),
        "priority",
        "subject_top",
        "language",
        "status",
    ]
    list_select_related = ["source__agency"]
    # The search box is the French search (get_search_results); Django shows the box
    # only when search_fields is set.
    search_fields = ["headline"]
    search_help_text = _(
        "Sans accents ni majuscules, tous les mots et leurs dérivés ; "
        "« entre guillemets » pour une expression exacte, -mot pour l'exclure."
    )
    ordering = ["-received_at", "-pk"]
    date_hierarchy = "received_at"
    list_per_page = 50
    change_form_template = "admin/wire/dispatch/reading.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        """Headline, slugline, summary, body, by-line: accents, case and stems aside."""
        if not search_term.strip():
            return queryset, False
        return indexing.matching(queryset, parse(search_term, prefix=True)), False

    @admin.display(description="")
    def urgency(self, obj):
        if not obj.is_urgent():
            return ""
        return format_html('<span class="wire-urgent">{}</span>', gettext("Urgent"))

    @admin.display(description=_("titre"), ordering="headline")
    def headline_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:wire_dispatch_change", args=[obj.pk]),
            obj.headline or obj.uri,
        )

    def get_queryset(self, request):
        """Each row knows the article made from any version of its item (same query)."""
        taken = Dispatch.objects.filter(uri=OuterRef("uri"), article__isnull=False)
        return (
            super()
            .get_queryset(request)
            .annotate(
                made_into_id=Subquery(taken.values("article_id")[:1]),
                made_into_title=Subquery(taken.values("article__title")[:1]),
            )
        )

    @admin.display(description=_("article"))
    def article_link(self, obj):
        if obj.made_into_id is None:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.made_into_id]),
            obj.made_into_title,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/reprendre/",
                self.admin_site.admin_view(self.take_view),
                name="wire_dispatch_take",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The reading page: the dispatch as the desk reads it, and "Reprendre"."""
        dispatch = get_object_or_404(
            Dispatch.objects.select_related("source__agency", "article", "replaces"),
            pk=object_id,
        )
        if not self.has_view_permission(request, dispatch):
            raise PermissionDenied
        # The article made from this item, from whichever version it was taken.
        taken = (
            Dispatch.objects.filter(uri=dispatch.uri, article__isnull=False)
            .select_related("article")
            .only("version", "article__title")
            .first()
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": dispatch.headline or dispatch.uri,
            "dispatch": dispatch,
            "pictures": list(dispatch.pictures.select_related("image")),
            "versions": list(
                Dispatch.objects.filter(uri=dispatch.uri)
                .only("pk", "version", "status", "received_at")
                .order_by("-version_number", "-pk")
            ),
            "taken": taken,
            "can_take": can_edit(request.user, Article())
            and taken is None
            and dispatch.status != Dispatch.Status.WITHDRAWN,
        }
        return TemplateResponse(request, self.change_form_template, context)

    def take_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:wire_dispatch_change", args=[pk]))
        dispatch = get_object_or_404(Dispatch, pk=pk)
        try:
            article = services.take_dispatch(dispatch=dispatch, by=request.user)
        except services.AlreadyTaken as taken:
            messages.error(request, taken.messages[0])
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[taken.article.pk])
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:wire_dispatch_change", args=[pk]))
        messages.success(
            request, gettext("Brouillon créé à partir de la dépêche. Relisez-le avant publication.")
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


@admin.register(ReceivedItem)
class ReceivedItemAdmin(admin.ModelAdmin):
    list_display = ["received_at", "outcome", "source", "origin", "format", "filename", "uri"]
    list_filter = ["outcome", "origin", "source", "format"]
    list_select_related = ["source__agency"]
    search_fields = ["uri", "filename", "log"]
    fields = [
        "received_at",
        "outcome",
        "source",
        "origin",
        "filename",
        "format",
        "uri",
        "version",
        "size",
        "sha256",
        "log",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TokenAdminMixin:
    """A new token is made by an action and shown once; only its hash is kept."""

    actions = ["make_token"]

    @admin.action(
        description=_("Créer un nouveau jeton (l'ancien cesse de fonctionner)"),
        permissions=["change"],
    )
    def make_token(self, request, queryset):
        for obj in queryset:
            token = new_token()
            obj.token_hash = hash_token(token)
            obj.save(update_fields=["token_hash"])
            messages.warning(
                request,
                gettext("Jeton de « %(name)s », affiché une seule fois : %(token)s")
                % {"name": obj, "token": token},
            )


@admin.register(WireSource)
class WireSourceAdmin(TokenAdminMixin, admin.ModelAdmin):
    list_display = ["agency", "provider_ids", "picture_hosts", "active", "has_token"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]

    @admin.display(description=_("jeton"), boolean=True)
    def has_token(self, obj):
        return bool(obj.token_hash)


@admin.register(PartnerToken)
class PartnerTokenAdmin(TokenAdminMixin, admin.ModelAdmin):
    list_display = ["name", "active", "created_at"]

    def save_model(self, request, obj, form, change):
        if not obj.token_hash:
            token = new_token()
            obj.token_hash = hash_token(token)
            messages.warning(
                request,
                gettext("Jeton de « %(name)s », affiché une seule fois : %(token)s")
                % {"name": obj.name, "token": token},
            )
        super().save_model(request, obj, form, change)


@admin.register(WireAlert)
class WireAlertAdmin(admin.ModelAdmin):
    list_display = ["created_at", "urgent", "article", "dispatch", "acknowledged_at"]
    list_filter = ["urgent", ("acknowledged_at", admin.EmptyFieldListFilter)]
    list_select_related = ["article", "dispatch"]
    actions = ["acknowledge"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Marquer comme vues"), permissions=["view"])
    def acknowledge(self, request, queryset):
        count = services.acknowledge_alerts(
            alerts=queryset.select_related("article"), by=request.user
        )
        messages.success(
            request, gettext("%(count)d alerte(s) marquée(s) comme vue(s).") % {"count": count}
        )


class DispatchOriginInline(admin.TabularInline):
    """On an article made from a dispatch: which item, which version, what came since."""

    model = Dispatch
    fk_name = "article"
    fields = ["source", "uri", "version", "status", "received_at", "reading_link"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("dépêche d'origine")
    verbose_name_plural = _("dépêche d'origine")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("lire"))
    def reading_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:wire_dispatch_change", args=[obj.pk]),
            obj.headline,
        )


class WireAlertInline(DispatchOriginInline):
    model = WireAlert
    fk_name = "article"
    fields = ["created_at", "urgent", "dispatch", "acknowledged_at"]
    readonly_fields = fields
    verbose_name = _("alerte du fil")
    verbose_name_plural = _("alertes du fil : nouvelles versions de la dépêche")


def _extend_article_admin() -> None:
    """Add the inlines to whichever article admin is registered (audience extends it too)."""
    registered = type(admin.site.get_model_admin(Article))

    class ArticleFromWireAdmin(registered):
        def get_inlines(self, request, obj):
            """The wire's inlines on the articles made from a dispatch, and only there."""
            inlines = list(super().get_inlines(request, obj))
            if obj is not None and Dispatch.objects.filter(article=obj).exists():
                inlines += [DispatchOriginInline, WireAlertInline]
            return inlines

    admin.site.unregister(Article)
    admin.site.register(Article, ArticleFromWireAdmin)


_extend_article_admin()
