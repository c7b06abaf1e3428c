"""The desk's forms: arranging a page (slots, the sections' order, when) and the banner."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section
from desk.models import Alert, Slot
from desk.services import SlotChoice
from images.models import Image

ZONE_ORDER = [Slot.Zone.LEAD, Slot.Zone.SECONDARY, Slot.Zone.SECTION]


class SlotForm(forms.Form):
    article = forms.ModelChoiceField(
        label=_("Article"),
        queryset=Article.objects.all(),
        required=False,
        widget=AutocompleteSelect(Slot._meta.get_field("article"), admin.site),
    )
    zone = forms.ChoiceField(
        label=_("Zone"), choices=Slot.Zone.choices, initial=Slot.Zone.SECONDARY
    )
    headline = forms.CharField(
        label=_("Titre en une"),
        max_length=200,
        required=False,
        help_text=_("Vide : le titre court, ou le titre de l'article."),
    )
    lead = forms.CharField(
        label=_("Chapô en une"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )
    image = forms.ModelChoiceField(
        label=_("Image en une"),
        queryset=Image.objects.all(),
        required=False,
        widget=AutocompleteSelect(Slot._meta.get_field("image"), admin.site),
    )

    def __init__(self, *args, section=None, **kwargs):
        super().__init__(*args, **kwargs)
        if section is not None:
            # A section's page: its lead and its secondary stories, no section blocks.
            self.fields["zone"].choices = [
                choice for choice in Slot.Zone.choices if choice[0] != Slot.Zone.SECTION
            ]


class OrderedFormSet(forms.BaseFormSet):
    """A formset whose order and removal fields speak French (the script renumbers them)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["ORDER"].widget.attrs["data-order"] = ""
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Retirer de la page")


SlotFormSet = formset_factory(
    SlotForm, formset=OrderedFormSet, extra=3, can_order=True, can_delete=True
)


class BlockForm(forms.Form):
    section = forms.ModelChoiceField(queryset=Section.objects.all(), widget=forms.HiddenInput)


BlockFormSet = formset_factory(BlockForm, formset=OrderedFormSet, extra=0, can_order=True)


class WhenForm(forms.Form):
    at = forms.SplitDateTimeField(
        label=_("Mettre en ligne le"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_("Vide : tout de suite. Une heure à venir programme la composition."),
    )

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at is not None and at <= timezone.now():
            raise ValidationError(
                _("Cette heure est passée : laissez vide pour tout de suite."), code="past"
            )
        return at


def chosen_slots(formset) -> list[SlotChoice]:
    """The slots of a valid formset, zone by zone, each zone in the desk's order."""
    chosen = [
        SlotChoice(
            zone=form.cleaned_data["zone"],
            article=form.cleaned_data["article"],
            headline=form.cleaned_data["headline"],
            lead=form.cleaned_data["lead"],
            image=form.cleaned_data["image"],
        )
        for form in formset.ordered_forms
        if form.cleaned_data.get("article") is not None
    ]
    return sorted(chosen, key=lambda slot: ZONE_ORDER.index(slot.zone))


def chosen_section_order(formset) -> list[int]:
    return [form.cleaned_data["section"].pk for form in formset.ordered_forms]


class ArrangementForms:
    """The arrange screen's three forms, bound together (the admin and the preview use it)."""

    def __init__(self, data=None, *, section=None, slots=(), section_order=()):
        self.section = section
        self.slots = SlotFormSet(
            data,
            prefix="slots",
            form_kwargs={"section": section},
            initial=[
                {
                    "article": slot.article,
                    "zone": slot.zone,
                    "headline": slot.headline,
                    "lead": slot.lead,
                    "image": slot.image,
                    "ORDER": position,
                }
                for position, slot in enumerate(slots, start=1)
            ],
        )
        self.blocks = None
        if section is None:
            self.blocks = BlockFormSet(
                data,
                prefix="blocks",
                initial=[
                    {"section": block, "ORDER": position}
                    for position, block in enumerate(section_order, start=1)
                ],
            )
        self.when = WhenForm(data, prefix="when")

    def is_valid(self) -> bool:
        forms_ = [self.slots, self.when] + ([self.blocks] if self.blocks is not None else [])
        # Every form validated, so that each shows its errors.
        results = [form.is_valid() for form in forms_]
        return all(results)

    @property
    def media(self):
        return self.slots.media + self.when.media

    def chosen(self) -> dict:
        return {
            "slots": chosen_slots(self.slots),
            "section_order": chosen_section_order(self.blocks) if self.blocks is not None else [],
            "at": self.when.cleaned_data.get("at"),
        }


class AlertForm(forms.ModelForm):
    class Meta:
        model = Alert
        fields = ["text", "article", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["expires_at"].initial = timezone.now() + timedelta(hours=2)

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at <= timezone.now():
            raise ValidationError(_("L'alerte doit expirer dans le futur."), code="past")
        return expires_at

    def clean_article(self):
        article = self.cleaned_data["article"]
        if not Article.objects.published().filter(pk=article.pk).exists():
            raise ValidationError(_("L'alerte doit mener à un article publié."), code="unpublished")
        return article
