from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from compliance import services, transparency
from compliance.models import AuthorityOrder


@admin.register(AuthorityOrder)
class AuthorityOrderAdmin(admin.ModelAdmin):
    list_display = ["received_at", "kind", "authority", "reference", "effect_at"]
    list_filter = ["kind", "received_at"]
    search_fields = ["authority", "reference"]
    date_hierarchy = "received_at"
    raw_id_fields = ["comments"]
    readonly_fields = ["recorded_by_name", "effect_at", "author_informed_at"]
    actions = ["give_effect"]

    def save_model(self, request, obj, form, change):
        services.record_order(order=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # the register keeps every order

    @admin.action(
        description=_("Exécuter l'injonction : retirer les commentaires visés"),
        permissions=["change"],
    )
    def give_effect(self, request, queryset):
        removed = sum(services.give_effect(order=order, by=request.user) for order in queryset)
        self.message_user(
            request,
            ngettext("%(count)d commentaire retiré.", "%(count)d commentaires retirés.", removed)
            % {"count": removed},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "rapport-de-transparence/",
                self.admin_site.admin_view(self.transparency_view),
                name="compliance_transparency_report",
            ),
            *super().get_urls(),
        ]

    def transparency_view(self, request):
        """The transparency report of a year (?annee=2026), as the command writes it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        this_year = timezone.localdate().year
        try:
            year = int(request.GET.get("annee", this_year))
        except ValueError:
            year = this_year
        year = min(max(year, 2000), this_year)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Rapport de transparence %(year)d") % {"year": year},
            "opts": self.opts,
            "year": year,
            "years": range(this_year, max(this_year - 5, 1999), -1),
            "rows": transparency.build(year),
        }
        return TemplateResponse(request, "admin/compliance/transparency.html", context)
