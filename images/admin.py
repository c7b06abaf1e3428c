from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage, storages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from images import indexing, locks, rights, services, usage
from images.forms import ImageForm
from images.models import Image
from search.query import parse


def _thumbnail(image, width: int = 80):
    small = next((r for r in image.renditions if r["format"] == "WEBP"), None)
    if image.withdrawn_at is not None and image.width:
        # Off the public storage: the archived original, through a staff-only view.
        url = reverse("admin:images_image_archived", args=[image.pk])
        size = (image.width, image.height)
    elif small is not None:
        url, size = default_storage.url(small["path"]), (small["width"], small["height"])
    elif image.file and image.width:
        # Its renditions are still being made: the original, scaled down by the browser.
        url, size = image.file.url, (image.width, image.height)
    else:
        return "—"
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}" class="admin-thumb">',
        url,
        width,
        round(width * size[1] / size[0]),
    )


class RightsFilter(admin.SimpleListFilter):
    """Where an image stands with its usage rights, for the photo desk."""

    title = _("droits d'utilisation")
    parameter_name = "droits"

    def lookups(self, request, model_admin):
        return [
            ("illimites", _("Sans limite")),
            ("bientot", _("Expirent dans les 7 jours")),
            ("limites", _("Limités dans le temps")),
            ("retirees", _("Expirées ou retirées")),
            ("sans-licence", _("Licence non renseignée")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "illimites":
            return queryset.usable().filter(usage_expires_at=None)
        if self.value() == "bientot":
            return queryset.usable().filter(usage_expires_at__lte=now + timedelta(days=7))
        if self.value() == "limites":
            return queryset.usable().filter(usage_expires_at__isnull=False)
        if self.value() == "retirees":
            return queryset.unusable()
        if self.value() == "sans-licence":
            return queryset.filter(licence="")
        return queryset


def _admin_link(obj) -> str:
    return format_html(
        '<a href="{}">{}</a>', reverse(admin_urlname(obj._meta, "change"), args=[obj.pk]), obj
    )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "__str__", "credit", "licence", "usage_expires_at", "uploaded_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [RightsFilter, "licence", "cc_variant"]
    # The French search of the index (caption, alternative text, credit).
    search_fields = ["caption", "alt_text", "credit"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["preview", "width", "height", "duplicates", "withdrawal", "used_in"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt_text", "caption", "credit"]}),
        (
            _("Droits"),
            {
                "fields": [
                    "licence",
                    "cc_variant",
                    "rights_holder",
                    "source",
                    "usage_expires_at",
                    "usage_restrictions",
                    "withdrawal",
                ]
            },
        ),
        (_("Prise de vue et recadrage"), {"fields": ["taken_at", "focal_x", "focal_y"]}),
        (_("Usage"), {"fields": ["width", "height", "duplicates", "used_in"]}),
    ]

    actions = ["withdraw_selected", "restore_selected"]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin/focal-point.js"]

    def has_change_permission(self, request, obj=None):
        # An image shown by a live or scheduled story opens read-only for journalists.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or locks.may_change(request.user, obj))

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return indexing.matching(queryset, parse(search_term, prefix=True)), False

    @admin.display(description=_("aperçu"))
    def thumbnail(self, obj):
        return _thumbnail(obj)

    @admin.display(description=_("aperçu"))
    def preview(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<span class="focal-picker" title="{}">{}</span>',
            gettext("Cliquez sur l'image pour placer son point focal."),
            _thumbnail(obj, width=480),
        )

    @admin.display(description=_("utilisée dans"))
    def used_in(self, obj):
        if not obj.pk:
            return "—"
        return format_html_join(
            "",
            "<p><strong>{}</strong></p>{}",
            (
                (
                    capfirst(relation.label),
                    format_html_join("", "<p>{}</p>", ((self._use(row),) for row in rows)),
                )
                for relation, rows in usage.uses(obj)
            ),
        ) or gettext("Utilisée nulle part.")

    def _use(self, obj):
        """A use, linked to its admin page when it has one."""
        if self.admin_site.is_registered(type(obj)):
            return format_html('<a href="{}">{}</a>', self._change_url(obj), obj)
        return str(obj)

    @admin.display(description=_("doublons"))
    def duplicates(self, obj):
        if not (obj.pk and obj.content_hash):
            return "—"
        same = Image.objects.filter(content_hash=obj.content_hash).exclude(pk=obj.pk)
        return format_html_join(
            "", "<p>{}</p>", ((_admin_link(image),) for image in same.order_by("pk")[:10])
        ) or gettext("Aucun.")

    @admin.display(description=_("retrait"))
    def withdrawal(self, obj):
        record = obj.withdrawals.select_related("by").first() if obj.pk else None
        if record is None:
            return "—"
        return format_html(
            "{} — {} ({})",
            timezone.localtime(record.at).strftime("%d/%m/%Y %H:%M"),
            record.get_reason_display(),
            record.by or gettext("automatique"),
        )

    def has_rights_permission(self, request):
        """Withdrawing an image from the site, or bringing it back: the editors'."""
        return request.user.has_perm(locks.PERMISSION)

    @admin.action(description=_("Retirer du site les images choisies"), permissions=["rights"])
    def withdraw_selected(self, request, queryset):
        done = [
            image
            for image in queryset
            if rights.withdraw_image(image=image, by=request.user) is not None
        ]
        self.message_user(
            request,
            ngettext(
                "%(count)d image retirée du site.", "%(count)d images retirées du site.", len(done)
            )
            % {"count": len(done)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Rétablir les images choisies"), permissions=["rights"])
    def restore_selected(self, request, queryset):
        for image in queryset.filter(withdrawn_at__isnull=False):
            try:
                rights.restore_image(image=image, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("« %(image)s » est rétablie.") % {"image": image},
                    messages.SUCCESS,
                )

    def get_urls(self):
        return [
            path(
                "<int:pk>/archived/",
                self.admin_site.admin_view(self.archived_view),
                name="images_image_archived",
            ),
            *super().get_urls(),
        ]

    def archived_view(self, request, pk):
        """The archived original of a withdrawn image, for the staff who may see it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        image = get_object_or_404(Image, pk=pk, withdrawn_at__isnull=False)
        archive = storages[rights.ARCHIVE_STORAGE]
        if not archive.exists(image.file.name):
            raise Http404
        response = FileResponse(archive.open(image.file.name, "rb"))
        response["Cache-Control"] = "private, no-store"
        return response

    def _change_url(self, obj) -> str:
        return reverse(admin_urlname(obj._meta, "change"), args=[obj.pk])

    def save_model(self, request, obj, form, change):
        services.save_image(
            image=obj,
            clean=form.clean_image,
            original_name=getattr(form.cleaned_data.get("file"), "name", ""),
            by=request.user,
        )
        if form.duplicates:
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    ngettext(
                        "Cette image est déjà dans la photothèque :",
                        "Cette image est déjà dans la photothèque, %(count)d fois :",
                        len(form.duplicates),
                    )
                    % {"count": len(form.duplicates)},
                    format_html_join(", ", "{}", ((_admin_link(i),) for i in form.duplicates)),
                ),
                messages.WARNING,
            )
