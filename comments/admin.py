import contextvars
import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from comments import (
    admin_records,  # noqa: F401  (registers the record's other screens)
    services,
)
from comments.models import (
    Comment,
    Disclosure,
    LegalHold,
    ModerationEvent,
    RejectionReason,
    Report,
    StatementOfReasons,
    masked,
)
from infra.people import display_name
from search import folding

security_log = logging.getLogger("newsroom.security")
# Who is looking at a comment's or a report's page (per thread, per request).
_viewer = contextvars.ContextVar("comments_admin_viewer")


def _email_field(user, email: str, kind: str, pk: int):
    """
    A commenter's or notifier's address, masked; to holders of comments.view_email,
    with a link that shows it in clear and logs that it did (``Disclosure``).
    """
    if not email:
        return "—"
    if not user.has_perm("comments.view_email"):
        return masked(email)
    url = reverse("admin:comments_comment_email", args=[pk, kind])
    return format_html('{} <a href="{}">{}</a>', masked(email), url, _("Afficher (journalisé)"))


class ModerationActionForm(ActionForm):
    """The changelist's action bar, with the reason a rejection must cite."""

    reason = forms.ChoiceField(
        label=_("Motif"),
        required=False,
        choices=[("", _("— motif du refus —")), *RejectionReason.choices],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class QueueFilter(admin.SimpleListFilter):
    """The moderation queue (pending, hidden or reported comments) unless asked for all."""

    title = _("file de modération")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return [("a_traiter", _("À traiter")), ("tout", _("Tous les commentaires"))]

    def value(self):
        return super().value() or "a_traiter"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "a_traiter":
            return queryset & Comment.objects.in_queue()
        return queryset


class QueueArticleFilter(admin.SimpleListFilter):
    """The articles with comments in the moderation queue (not every article ever)."""

    title = _("article")
    parameter_name = "article"

    def lookups(self, request, model_admin):
        articles = (
            Article.objects.annotate(
                waiting=Count(
                    "comments",
                    filter=Q(comments__status__in=Comment.AWAITING_DECISION),
                )
            )
            .filter(waiting__gt=0)
            .order_by("-waiting")
            .only("title")[:30]
        )
        return [(str(article.pk), Truncator(article.title).chars(60)) for article in articles]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(article_id=int(self.value()))
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ModerationEventInline(ReadOnlyInline):
    model = ModerationEvent
    fields = [
        "created_at",
        "action",
        "actor_name",
        "automated",
        "reason_code",
        "note",
        "charter_version",
    ]
    readonly_fields = fields
    verbose_name_plural = _("historique de modération (non modifiable)")


class ReportInline(ReadOnlyInline):
    model = Report
    fields = ["reference", "received_at", "reason", "category", "details", "status", "by_staff"]
    readonly_fields = fields


class StatementInline(ReadOnlyInline):
    """DSA Art. 17: each statement of reasons as it was sent, when and to whom."""

    model = StatementOfReasons
    fields = ["created_at", "restriction", "initiative", "automated", "sent_to", "text"]
    readonly_fields = fields
    verbose_name_plural = _("exposés des motifs envoyés (non modifiables)")


class LegalHoldInline(ReadOnlyInline):
    model = LegalHold
    fields = ["set_at", "set_by_name", "reason", "released_at", "released_by_name"]
    readonly_fields = fields


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    action_form = ModerationActionForm

    class Media:
        css = {"all": ["css/admin.css"]}

    actions = ["accept", "reject", "dismiss", "reopen"]
    list_display = [
        "excerpt",
        "article_link",
        "name",
        "status",
        "open_report_count",
        "report_reasons",
        "created_at",
    ]
    list_filter = [
        QueueFilter,
        "status",
        QueueArticleFilter,
        ("article__section", admin.RelatedOnlyFieldListFilter),
        "reports__reason",
        "notice_open",
        "priority",
        "created_at",
    ]
    # Accent- and case-insensitive, every word in the text or the name, through their
    # trigram indexes on PostgreSQL (see get_search_results).
    search_fields = ["body", "name"]
    date_hierarchy = "created_at"
    list_per_page = 50
    ordering = list(Comment.QUEUE_ORDER)
    readonly_fields = [
        "article",
        "name",
        "email_shown",
        "body",
        "status",
        "rejection_reason",
        "charter_version",
        "open_report_count",
        "notice_open",
        "priority",
        "created_at",
        "published_at",
        "moderated_at",
        "moderated_by",
    ]
    fields = readonly_fields
    inlines = [ReportInline, ModerationEventInline, StatementInline, LegalHoldInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article")
            .prefetch_related(
                Prefetch(
                    "reports",
                    queryset=Report.objects.filter(status=Report.Status.OPEN).only(
                        "comment_id", "reason"
                    ),
                    to_attr="open_reports",
                )
            )
        )

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return folding.contains_all(queryset, self.search_fields, search_term), False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Comments are never deleted: rejecting keeps the moderation record complete.
        return False

    @admin.display(description=_("email"))
    def email_shown(self, obj):
        return _email_field(_viewer.get(), obj.email, "comment", obj.pk)

    def get_readonly_fields(self, request, obj=None):
        _viewer.set(request.user)  # for email_shown, which gets no request
        return super().get_readonly_fields(request, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/email/<str:kind>/",
                self.admin_site.admin_view(self.show_email),
                name="comments_comment_email",
            ),
            *super().get_urls(),
        ]

    def show_email(self, request, pk, kind):
        """Show one address in clear, to holders of comments.view_email; logged each time."""
        if not request.user.has_perm("comments.view_email") or kind not in ("comment", "report"):
            raise PermissionDenied
        model = Comment if kind == "comment" else Report
        obj = get_object_or_404(model, pk=pk)
        email = obj.email if kind == "comment" else obj.notifier_email
        Disclosure.objects.create(
            user=request.user,
            user_name=display_name(request.user),
            **{kind: obj},
        )
        security_log.info("Email of %s %s shown to %s", kind, pk, request.user.get_username())
        return HttpResponse(email, content_type="text/plain; charset=utf-8")

    @admin.display(description=_("commentaire"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(120)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', obj.article.get_absolute_url(), Truncator(obj.article).chars(50)
        )

    @admin.display(description=_("motifs signalés"))
    def report_reasons(self, obj):
        reasons = sorted({report.get_reason_display() for report in obj.open_reports})
        return format_html_join(", ", "{}", ((reason,) for reason in reasons)) or "—"

    @admin.action(description=_("Accepter et publier"), permissions=["change"])
    def accept(self, request, queryset):
        count = 0
        for comment in queryset:
            try:
                services.accept_comment(comment=comment, by=request.user)
            except ValidationError as error:
                self._refused(request, comment, error)
            else:
                count += 1
        if not count:
            return
        self.message_user(
            request,
            ngettext("%(count)d commentaire accepté.", "%(count)d commentaires acceptés.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Refuser avec le motif choisi"), permissions=["change"])
    def reject(self, request, queryset):
        reason = request.POST.get("reason", "")
        if reason not in RejectionReason.values:
            self.message_user(
                request,
                _("Choisissez un motif de refus (clause de la charte ou fondement légal)."),
                messages.ERROR,
            )
            return
        note = request.POST.get("note", "")[:500]
        for comment in queryset:
            services.reject_comment(comment=comment, by=request.user, reason=reason, note=note)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d commentaire refusé.", "%(count)d commentaires refusés.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Rouvrir pour un nouvel examen (motif dans la note)"), permissions=["change"]
    )
    def reopen(self, request, queryset):
        note = request.POST.get("note", "")[:500]
        if not note.strip():
            self.message_user(
                request,
                _("Indiquez dans la note pourquoi ces commentaires sont rouverts."),
                messages.ERROR,
            )
            return
        count = 0
        for comment in queryset:
            try:
                services.reopen_comment(comment=comment, by=request.user, reason=note)
            except ValidationError as error:
                self._refused(request, comment, error)
            else:
                count += 1
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d commentaire rouvert.", "%(count)d commentaires rouverts.", count
                )
                % {"count": count},
                messages.SUCCESS,
            )

    def _refused(self, request, comment, error: ValidationError) -> None:
        self.message_user(
            request,
            format_html("« {} » : {}", Truncator(comment.body).chars(60), " ".join(error.messages)),
            messages.ERROR,
        )

    @admin.action(description=_("Écarter les signalements"), permissions=["change"])
    def dismiss(self, request, queryset):
        note = request.POST.get("note", "")[:500]
        for comment in queryset:
            try:
                services.dismiss_reports(comment=comment, by=request.user, note=note)
            except ValidationError as error:
                self._refused(request, comment, error)
        self.message_user(request, _("Signalements écartés."), messages.SUCCESS)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "reason",
        "category",
        "status",
        "by_staff",
        "received_at",
        "comment_link",
    ]
    list_filter = ["status", "reason", "category", "by_staff", "received_at"]
    search_fields = ["reference", "notifier_email", "details"]
    list_select_related = ["comment"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "reference",
        "comment",
        "reason",
        "category",
        "notice_reference",
        "details",
        "status",
        "by_staff",
        "notifier_name",
        "notifier_email_shown",
        "good_faith",
        "snapshot",
        "received_at",
        "decided_at",
        "alerted_at",
        "escalated_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        _viewer.set(request.user)  # for notifier_email_shown, which gets no request
        return super().get_readonly_fields(request, obj)

    @admin.display(description=_("email du notifiant"))
    def notifier_email_shown(self, obj):
        return _email_field(_viewer.get(), obj.notifier_email, "report", obj.pk)

    @admin.display(description=_("commentaire"))
    def comment_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:comments_comment_change", args=[obj.comment_id]),
            Truncator(obj.comment.body).chars(60),
        )
