from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


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
            return queryset & Article.objects.scheduled(now=now)
        if value == "published":
            return queryset & Article.objects.published(now=now)
        if value in {"draft", "review", "unpublished"}:
            return queryset.filter(status=value)
        return queryset
