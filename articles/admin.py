from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import diff, editor, previews, services
from articles.models import (
    Agency,
    Article,
    Author,
    Correction,
    Section,
    Topic,
    WorkflowEvent,
)
from audience.rankings import reads_by_article


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        services.save_section(section=obj)

    def delete_model(self, request, obj):
        services.delete_section(section=obj)

    def delete_queryset(self, request, queryset):
        for section in queryset:
            services.delete_section(section=section)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "user"]
    list_select_related = ["user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name"]
    search_fields = ["name", "short_name"]


class StatusFilter(admin.SimpleListFilter):
    """The workflow statuses, with "scheduled" told apart from "published"."""

    title = _("statut")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Brouillon")),
            ("review", _("En relecture")),
            ("scheduled", _("Programmé")),
            ("published", _("En ligne")),
            ("unpublished", _("Dépublié")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "scheduled":
            published = Article.objects.published(now=now).values("pk")
            return queryset.filter(status=Article.Status.PUBLISHED).exclude(pk__in=published)
        if value == "published":
            return queryset & Article.objects.published(now=now)
        if value in {"draft", "review", "unpublished"}:
            return queryset.filter(status=value)
        return queryset


class ArticleChangeList(ChangeList):
    """The changelist, with each row's reads of the last 24 hours fetched in one query."""

    def get_results(self, request):
        super().get_results(request)
        reads = reads_by_article([article.pk for article in self.result_list])
        for article in self.result_list:
            article.reads_24h = reads.get(article.pk, 0)


class ArticleAdminForm(forms.ModelForm):
    """The article form, with the version the editor opened for optimistic locking."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        # The admin narrows these to the role's fieldsets; the status changes only
        # through the workflow buttons.
        fields = [
            "title",
            "slug",
            "section",
            "topics",
            "lead",
            "body",
            "authors",
            "credit_line",
            "agencies",
            "main_image",
            "comment_mode",
            "published_at",
            "embargo_until",
        ]
        widgets = {"body": editor.BodyEditorWidget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version
        if "title" in self.fields:
            self.fields["title"].widget.attrs["class"] = "vLargeTextField"

    def clean(self):
        cleaned = super().clean()
        if (
            "published_at" in self.fields
            and self.instance.status == Article.Status.PUBLISHED
            and not cleaned.get("published_at")
            and "published_at" not in self.errors
        ):
            self.add_error(
                "published_at",
                ValidationError(
                    _("Un article publié garde une date de publication ; dépubliez-le d'abord."),
                    code="required",
                ),
            )
        if not self.instance.pk:
            return cleaned
        opened = cleaned.get("opened_version")
        # Locked until the admin's transaction ends, so nobody saves in between.
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("modified_by")
            .only(
                "version",
                "modified_at",
                "modified_by__username",
                "modified_by__first_name",
                "modified_by__last_name",
            )
            .get(pk=self.instance.pk)
        )
        if opened != current.version:
            who = current.modified_by
            raise ValidationError(
                _(
                    "Cet article a été modifié par %(name)s le %(date)s, après que vous l'avez "
                    "ouvert. Vos changements ne sont pas enregistrés : ils sont ci-dessous. "
                    "Copiez-les, rechargez la page et reportez-les."
                ),
                code="stale",
                params={
                    "name": (who.get_full_name() or who.get_username()) if who else "?",
                    "date": date_format(timezone.localtime(current.modified_at), "DATETIME_FORMAT"),
                },
            )
        return cleaned


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


class CorrectionForm(forms.Form):
    # The fields sit in the article page but belong to the small workflow form.
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=Correction.Kind.choices,
        widget=forms.Select(attrs={"form": "workflow-correction"}),
    )
    text = forms.CharField(
        label=_("Texte affiché aux lecteurs"),
        max_length=1000,
        widget=forms.TextInput(attrs={"form": "workflow-correction", "size": 60}),
    )


class ScheduleForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        label=_("Publier le"),
        required=False,
        widget=admin.widgets.AdminSplitDateTime(attrs={"form": "workflow-publish"}),
        help_text=_("Laissez vide pour publier tout de suite."),
    )


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status_label",
        "section",
        "authors_list",
        "published_at",
        "reads_24h",
        "comment_count",
        "view_on_site_link",
    ]
    list_filter = [StatusFilter, "section", "authors", "published_at"]
    list_select_related = ["section"]
    search_fields = ["title"]
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
            {"fields": ["title", "slug", "section", "topics", "lead", "body", "opened_version"]},
        ),
        (_("Signature et sources"), {"fields": ["authors", "credit_line", "agencies"]}),
        (_("Image"), {"fields": ["main_image"]}),
        (_("Commentaires"), {"fields": ["comment_mode"]}),
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
        if services.is_editor(request.user):
            return queryset
        # Journalists work on their own articles.
        return queryset.filter(created_by=request.user)

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

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    @admin.display(description=_("lectures (24 h)"))
    def reads_24h(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("audience:article", args=[obj.pk]),
            intcomma(getattr(obj, "reads_24h", 0)),
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

    # Workflow, preview and revisions pages.
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
            path("<int:pk>/preview/", view(self.preview_view), name="articles_article_preview"),
            path("<int:pk>/share/", view(self.share_view), name="articles_article_share"),
            path(
                "<int:pk>/revisions/<int:version_id>/diff/",
                view(self.diff_view),
                name="articles_article_diff",
            ),
            path(
                "<int:pk>/revisions/<int:version_id>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
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

    def preview_view(self, request, pk):
        article = self._article_or_404(request, pk)
        return previews.render_preview(request, article)

    def share_view(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        article = self._article_or_404(request, pk)
        url = request.build_absolute_uri(previews.share_url(article))
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

    def diff_view(self, request, pk, version_id):
        article = self._article_or_404(request, pk)
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        version = get_object_or_404(versions, pk=version_id)
        older = versions.filter(revision__date_created__lt=version.revision.date_created).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "version": version,
            "older": older,
            "changes": diff.compare_versions(older, version),
            "can_restore": self.has_change_permission(request, article),
            "title": gettext("Modifications de la révision"),
        }
        return TemplateResponse(request, "admin/articles/article/revision_diff.html", context)

    def restore_view(self, request, pk, version_id):
        if request.method != "POST":
            raise PermissionDenied
        article = self._article_or_404(request, pk, change=True)
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        services.restore_revision(article=article, version=version, by=request.user)
        self.message_user(request, gettext("Révision restaurée."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            {
                "is_editor": services.is_editor(request.user),
                "can_edit": obj is None or services.can_edit(request.user, obj),
                "schedule_form": ScheduleForm(),
                "correction_form": CorrectionForm(),
                "prepublish_problems": services.prepublish_problems(obj) if obj else [],
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # VersionAdmin's own revision and recover views restore every field, the
    # workflow state included; ours (restore_view) restores the content only.
    def revision_view(self, request, object_id, version_id, extra_context=None):
        return HttpResponseRedirect(
            reverse("admin:articles_article_diff", args=[object_id, version_id])
        )

    def recover_view(self, request, version_id, extra_context=None):
        raise PermissionDenied


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
