"""The forms of the article admin: the article itself and the workflow's small forms."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import editor, services
from articles.body import photos_without_alt, sanitize_body
from articles.models import Article, Correction


class ArticleAdminForm(forms.ModelForm):
    """The article form, with the version the editor opened for optimistic locking."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        # The admin narrows these to the role's fieldsets; the status changes only
        # through the workflow buttons.
        fields = [
            "kind",
            "title",
            "short_headline",
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
            "live_ended_at",
            "published_at",
            "embargo_until",
        ]
        widgets = {"body": editor.BodyEditorWidget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version
        if "title" in self.fields:
            # A live count and a warning past the advised length (headline-count.js);
            # the service only advises, it never refuses a long headline.
            advised = settings.NEWSROOM["HEADLINE_ADVISED_LENGTH"]
            self.fields["title"].widget.attrs.update(
                {
                    "class": "vLargeTextField",
                    "data-advised-length": advised,
                    # Filled in by the script: %(length)s and %(advised)s.
                    "data-count-template": _("%(length)s caractères"),
                    "data-warn-template": _(
                        "%(length)s caractères : au-delà des %(advised)s conseillés. "
                        "Publiable, mais pensez au titre court."
                    ),
                }
            )
            self.fields["title"].help_text = _(
                "%(advised)d caractères conseillés au plus ; un titre plus long reste "
                "publiable, donnez-lui alors un titre court."
            ) % {"advised": advised}

    class Media:
        js = ["js/admin/headline-count.js"]

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        missing = photos_without_alt(sanitize_body(body))
        if missing:
            # Shown next to the body, whose content (what the editor typed) stays.
            raise ValidationError(
                _(
                    "Chaque photo du texte doit avoir un texte alternatif, qui la décrit aux "
                    "lecteurs qui ne la voient pas. Il manque pour %(count)d photo(s) : "
                    "complétez le champ « Texte alternatif » de chaque bloc photo."
                ),
                code="photo_alt_required",
                params={"count": len(missing)},
            )
        return body

    def clean(self):
        cleaned = super().clean()
        ended = cleaned.get("live_ended_at")
        if ended and ended > timezone.now():
            self.add_error(
                "live_ended_at",
                ValidationError(
                    _("Un direct se termine maintenant ou dans le passé, pas dans le futur."),
                    code="future",
                ),
            )
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
        # The one optimistic-locking rule: its refusal shows above the form, which
        # keeps what the editor typed.
        services.check_version(article=self.instance, opened_version=cleaned.get("opened_version"))
        return cleaned


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
