"""
The admin of the moderation record beyond comments and reports: legal holds and the
erasures' own record. Imported by ``comments.admin``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments import services
from comments.models import Complaint, Erasure, LegalHold, RejectionReason, ThreatReport


class HoldActionForm(ActionForm):
    note = forms.CharField(label=_("Motif"), required=False, max_length=500)


class LegalHoldForm(forms.ModelForm):
    class Meta:
        model = LegalHold
        fields = ["comment", "report", "reason"]

    def clean(self):
        cleaned = super().clean()
        comment, report = cleaned.get("comment"), cleaned.get("report")
        if comment and report and report.comment_id != comment.pk:
            self.add_error("report", _("Ce signalement ne concerne pas ce commentaire."))
        return cleaned


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    form = LegalHoldForm
    action_form = HoldActionForm
    actions = ["release"]
    list_display = ["comment", "report", "set_by_name", "set_at", "released_at", "reason"]
    list_filter = [("released_at", admin.EmptyFieldListFilter), "set_at"]
    list_select_related = ["comment", "report"]
    raw_id_fields = ["comment", "report"]
    readonly_fields = [
        "set_by_name",
        "set_at",
        "released_at",
        "released_by_name",
        "release_reason",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["comment", "report", "reason", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return  # a hold's facts are read-only; it is lifted by the action
        hold = services.place_legal_hold(
            comment=obj.comment, report=obj.report, by=request.user, reason=obj.reason
        )
        obj.pk = hold.pk

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Lever la conservation (motif requis)"), permissions=["change"])
    def release(self, request, queryset):
        note = request.POST.get("note", "")
        try:
            for hold in queryset:
                services.release_legal_hold(hold=hold, by=request.user, reason=note)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, _("Conservation levée."), messages.SUCCESS)


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "source",
        "comments_erased",
        "notices_erased",
        "comments_held",
        "comments_deferred",
    ]
    list_filter = ["source", "created_at"]
    readonly_fields = [*list_display, "email_hash"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ThreatReportForm(forms.ModelForm):
    class Meta:
        model = ThreatReport
        fields = ["report", "authority", "informed_at", "authority_reference", "note"]

    def clean_informed_at(self):
        informed_at = self.cleaned_data["informed_at"]
        if informed_at > timezone.now():
            raise ValidationError(_("La date d'information ne peut pas être dans le futur."))
        return informed_at


@admin.register(ThreatReport)
class ThreatReportAdmin(admin.ModelAdmin):
    """DSA Art. 18: recorded once by a moderator, read-only afterwards."""

    form = ThreatReportForm
    list_display = ["report", "authority", "informed_at", "authority_reference", "recorded_at"]
    list_select_related = ["report"]
    raw_id_fields = ["report"]
    readonly_fields = ["recorded_by_name", "recorded_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*ThreatReportForm.Meta.fields, *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        record = services.record_threat(
            report=obj.report,
            by=request.user,
            authority=obj.authority,
            informed_at=obj.informed_at,
            authority_reference=obj.authority_reference,
            note=obj.note,
        )
        obj.pk = record.pk

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ComplaintActionForm(ActionForm):
    note = forms.CharField(label=_("Motif de la décision"), required=False, max_length=1000)
    rejection_reason = forms.ChoiceField(
        label=_("Motif du retrait (si la décision contestée gardait le commentaire)"),
        required=False,
        choices=[("", "—"), *RejectionReason.choices],
    )


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """
    DSA Art. 20: the complaints, decided by actions that the service refuses to the
    moderator who took the contested decision.
    """

    action_form = ComplaintActionForm
    actions = ["maintain", "reverse"]
    list_display = ["received_at", "role", "comment", "decision", "outcome", "reviewed_by_name"]
    list_filter = ["outcome", "role", "received_at"]
    list_select_related = ["comment", "decision"]
    readonly_fields = [
        "comment",
        "report",
        "role",
        "decision",
        "text",
        "received_at",
        "outcome",
        "reviewed_by_name",
        "reviewed_at",
        "review_reason",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _decide(self, request, queryset, *, reverse: bool) -> None:
        done = 0
        for complaint in queryset:
            try:
                services.decide_complaint(
                    complaint=complaint,
                    by=request.user,
                    reverse=reverse,
                    reason=request.POST.get("note", ""),
                    rejection_reason=request.POST.get("rejection_reason", ""),
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("Réclamations examinées."), messages.SUCCESS)

    @admin.action(description=_("Maintenir la décision contestée"), permissions=["change"])
    def maintain(self, request, queryset):
        self._decide(request, queryset, reverse=False)

    @admin.action(description=_("Annuler la décision contestée"), permissions=["change"])
    def reverse(self, request, queryset):
        self._decide(request, queryset, reverse=True)
