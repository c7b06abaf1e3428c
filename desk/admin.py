"""
The desk in the admin: "Composer la une" (the home page and each section's page:
drag and drop or keyboard reordering, overrides, preview, scheduling, history and
restore) and the "Alerte" banner (raise, lower).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section
from desk import services
from desk.forms import ZONE_ORDER, AlertForm, ArrangementForms
from desk.models import Alert, Arrangement

HISTORY_LENGTH = 20


def arrange_url(section: Section | None) -> str:
    if section is None:
        return reverse("admin:desk_arrangement_arrange")
    return reverse("admin:desk_arrangement_arrange_section", args=[section.pk])


def ordered_sections(order: list[int]) -> list[Section]:
    """The sections in the desk's order, those it has not placed after, in menu order."""
    sections = list(Section.objects.order_by("position", "name"))
    rank = {pk: index for index, pk in enumerate(order)}
    return sorted(sections, key=lambda section: rank.get(section.pk, len(rank)))


def _name_items(forms, field: str, model, attribute: str) -> None:
    """
    Give each form the name of its story (or section) for the screen and the
    announcements, in one query: from the form's initial object, or its sent id.
    """
    values = {}
    for form in forms:
        value = form[field].value()
        if isinstance(value, model):
            form.item_title = getattr(value, attribute)
        elif value not in (None, ""):
            values[form] = value
    found = model.objects.in_bulk([v for v in values.values() if str(v).isdigit()])
    for form, value in values.items():
        obj = found.get(int(value)) if str(value).isdigit() else None
        form.item_title = getattr(obj, attribute) if obj else ""


@admin.register(Arrangement)
class ArrangementAdmin(admin.ModelAdmin):
    """The history of the pages' arrangements; the arrange screen is where they are made."""

    list_display = ["page_label", "effective_at", "created_by_name", "state", "slot_count"]
    list_filter = [("section", admin.RelatedOnlyFieldListFilter), "effective_at"]
    list_select_related = ["section"]
    date_hierarchy = "effective_at"
    fields = [
        "section",
        "effective_at",
        "created_at",
        "created_by_name",
        "restored_from",
        "cancelled_at",
        "cancelled_by_name",
    ]
    readonly_fields = fields
    change_list_template = "admin/desk/arrangement/change_list.html"

    def has_add_permission(self, request):
        return False  # made on the arrange screen

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the history stays

    @admin.display(description=_("page"), ordering="section__name")
    def page_label(self, obj):
        return obj.page_name

    @admin.display(description=_("état"))
    def state(self, obj):
        if obj.cancelled_at:
            return gettext("Annulée")
        if obj.effective_at > timezone.now():
            return gettext("Programmée")
        return gettext("Mise en ligne")

    @admin.display(description=_("articles"))
    def slot_count(self, obj):
        return obj.slots.count()

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("composer/", view(self.arrange_view), name="desk_arrangement_arrange"),
            path(
                "composer/rubrique/<int:section_id>/",
                view(self.arrange_view),
                name="desk_arrangement_arrange_section",
            ),
            path("<int:pk>/restaurer/", view(self.restore_view), name="desk_arrangement_restore"),
            path("<int:pk>/annuler/", view(self.cancel_view), name="desk_arrangement_cancel"),
            *super().get_urls(),
        ]

    def _require_arranger(self, request) -> None:
        if not services.can_arrange(request.user):
            raise PermissionDenied

    def arrange_view(self, request, section_id=None):
        self._require_arranger(request)
        section = get_object_or_404(Section, pk=section_id) if section_id else None
        current = Arrangement.objects.current(section)
        slots = services.slot_choices(current, live_only=True) if current else []
        order = current.section_order if current else []
        if request.method == "POST":
            forms = ArrangementForms(request.POST, section=section)
            if forms.is_valid():
                chosen = forms.chosen()
                try:
                    arrangement = services.arrange_page(
                        by=request.user,
                        slots=chosen["slots"],
                        section=section,
                        section_order=chosen["section_order"],
                        at=chosen["at"],
                    )
                except ValidationError as error:
                    forms.problems = error.messages
                else:
                    self.message_user(request, self._done_message(arrangement), messages.SUCCESS)
                    return HttpResponseRedirect(arrange_url(section))
        else:
            forms = ArrangementForms(
                section=section,
                slots=slots,
                section_order=ordered_sections(order) if section is None else (),
            )
        return self._render_arrange(request, section, forms, status=200)

    def _done_message(self, arrangement: Arrangement) -> str:
        if arrangement.announced_at is None:
            return gettext("Composition programmée pour le %(date)s.") % {
                "date": timezone.localtime(arrangement.effective_at).strftime("%d/%m/%Y %H:%M")
            }
        return gettext("La nouvelle composition est en ligne.")

    def _zones(self, forms) -> list[dict]:
        """The slot forms by zone (as placed, or as sent back with errors), then the new ones."""
        formset = forms.slots
        placed = formset.forms[: formset.initial_form_count()]
        _name_items(formset.forms, "article", Article, "title")
        if forms.blocks is not None:
            _name_items(forms.blocks.forms, "section", Section, "name")
        labels = dict(formset.forms[0].fields["zone"].choices) if formset.forms else {}
        zones = []
        for zone in ZONE_ORDER:
            if zone not in labels:
                continue
            zones.append(
                {
                    "zone": zone,
                    "label": labels[zone],
                    "forms": [form for form in placed if form["zone"].value() == zone],
                }
            )
        return zones

    def _render_arrange(self, request, section, forms, *, status):
        formset = forms.slots
        history = (
            Arrangement.objects.for_page(section)
            .select_related("restored_from")
            .order_by("-effective_at", "-pk")[:HISTORY_LENGTH]
        )
        now = timezone.now()
        current = Arrangement.objects.current(section, now)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Composer la une")
            if section is None
            else gettext("Composer la rubrique %(name)s") % {"name": section.name},
            "opts": self.opts,
            "section": section,
            "sections": Section.objects.order_by("position", "name"),
            "forms": forms,
            "zones": self._zones(forms),
            "new_forms": formset.forms[formset.initial_form_count() :],
            "problems": getattr(forms, "problems", []),
            "media": self.media + forms.media,
            "history": [
                {
                    "arrangement": arrangement,
                    "is_current": current is not None and arrangement.pk == current.pk,
                    "upcoming": arrangement.effective_at > now and arrangement.cancelled_at is None,
                }
                for arrangement in history
            ],
            "preview_url": reverse("articles:front_preview")
            if section is None
            else reverse("articles:section_preview", args=[section.slug]),
        }
        return TemplateResponse(
            request, "admin/desk/arrangement/arrange.html", context, status=status
        )

    def restore_view(self, request, pk):
        self._require_arranger(request)
        if request.method != "POST":
            raise PermissionDenied
        arrangement = get_object_or_404(Arrangement.objects.select_related("section"), pk=pk)
        try:
            services.restore_arrangement(arrangement=arrangement, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("La composition choisie est de nouveau en ligne."),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(arrange_url(arrangement.section))

    def cancel_view(self, request, pk):
        self._require_arranger(request)
        if request.method != "POST":
            raise PermissionDenied
        arrangement = get_object_or_404(Arrangement.objects.select_related("section"), pk=pk)
        try:
            services.cancel_arrangement(arrangement=arrangement, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, gettext("Composition programmée annulée."), messages.SUCCESS)
        return HttpResponseRedirect(arrange_url(arrangement.section))


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    form = AlertForm
    list_display = ["text", "article", "raised_at", "expires_at", "raised_by_name", "showing"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    actions = ["lower_selected"]
    readonly_fields = ["raised_at", "raised_by_name", "lowered_at", "lowered_by_name"]

    def has_change_permission(self, request, obj=None):
        # An alert is raised, then lowered (the action): never edited once shown.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("affichée"), boolean=True)
    def showing(self, obj):
        return obj.lowered_at is None and obj.expires_at > timezone.now()

    def save_model(self, request, obj, form, change):
        try:
            alert = services.raise_alert(
                by=request.user, text=obj.text, article=obj.article, expires_at=obj.expires_at
            )
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from error
        obj.pk = alert.pk

    def save_related(self, request, form, formsets, change):
        pass  # no relation of its own

    @admin.action(description=_("Baisser les alertes choisies"), permissions=["change"])
    def lower_selected(self, request, queryset):
        for alert in queryset.filter(lowered_at__isnull=True):
            services.lower_alert(alert=alert, by=request.user)
        self.message_user(request, gettext("Alerte baissée."), messages.SUCCESS)
