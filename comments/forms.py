import re
import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from comments.models import Report
from comments.names import validate_not_staff_name, validate_visible_characters

FORM_SALT = "comments.form-timestamp"
# C0/C1 control characters other than tab, line feed and carriage return (NUL has
# Django's own validator).
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def validate_no_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Le texte contient des caractères de contrôle non autorisés."), code="control"
        )


class Notice(HTML):
    """
    A sentence shown above fields, as ``<p class="form-notice">``. Its text is a
    translatable string (found by makemessages, unlike ``{% translate %}`` inside a
    Python string), escaped and rendered in the active language, never parsed as a
    template.
    """

    def render(self, form, context, template_pack=None, **kwargs):
        return format_html('<p class="form-notice">{}</p>', self.html)


def issue_form_timestamp() -> str:
    """A signed timestamp of when the form was handed out, for the minimum fill time."""
    return signing.dumps(int(time.time()), salt=FORM_SALT)


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("Nom"),
        max_length=60,
        validators=[validate_visible_characters, validate_not_staff_name],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Adresse email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Saisissez une adresse email valide, par exemple nom@exemple.fr.")
        },
    )
    body = forms.CharField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_no_control_characters],
    )
    # Honeypot: hidden from people, filled in by naive bots.
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    ts = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, action: str = "", with_csrf: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        max_length = settings.NEWSROOM["COMMENT_MAX_LENGTH"]
        self.fields["body"].validators.append(
            MaxLengthValidator(
                max_length,
                message=_(
                    "Votre commentaire dépasse %(limit_value)d caractères "
                    "(il en compte %(show_value)d)."
                ),
            )
        )
        self.fields["body"].widget.attrs["maxlength"] = str(max_length)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "comment-form"
        self.helper.attrs = {
            "data-comment-form": "",
            "data-token-url": reverse("comments:token"),
            "novalidate": "",
        }
        self.helper.disable_csrf = not with_csrf
        self.helper.layout = Layout(
            Notice(
                _(
                    "Votre email ne sera pas affiché publiquement. "
                    "Tous les champs sont obligatoires."
                )
            ),
            Field("name"),
            Field("email"),
            Field("body"),
            Div(Field("website"), css_class="hp", aria_hidden="true"),
            Field("ts"),
            Submit("submit", _("Publier mon commentaire")),
        )

    def clean_website(self):
        return self.cleaned_data["website"].strip()

    def clean(self):
        cleaned = super().clean()
        if self.errors or cleaned.get("website"):
            return cleaned
        limits = settings.NEWSROOM
        try:
            issued = signing.loads(
                cleaned.get("ts") or "",
                salt=FORM_SALT,
                max_age=limits["COMMENT_FORM_MAX_AGE_SECONDS"],
            )
        except signing.BadSignature:
            issued = None
        if not isinstance(issued, int) or (
            time.time() - issued > limits["COMMENT_FORM_MAX_AGE_SECONDS"]
        ):
            raise ValidationError(
                _("Le formulaire a expiré. Rechargez la page puis envoyez à nouveau."),
                code="expired",
            )
        if time.time() - issued < limits["COMMENT_MIN_FILL_SECONDS"]:
            raise ValidationError(
                _("Le formulaire a été envoyé trop vite. Relisez-vous puis envoyez à nouveau."),
                code="too_fast",
            )
        return cleaned

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Motif du signalement"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Précisions (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_control_characters],
    )
    notifier_name = forms.CharField(
        label=_("Votre nom (facultatif)"),
        required=False,
        max_length=120,
        validators=[validate_visible_characters],
    )
    notifier_email = forms.EmailField(
        label=_("Votre email (facultatif)"),
        required=False,
        help_text=_("Pour recevoir un accusé de réception et la décision."),
    )
    good_faith = forms.BooleanField(
        label=_(
            "Je déclare de bonne foi que les informations de ce signalement sont exactes "
            "et complètes."
        ),
        required=False,
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "report-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field("reason"),
            Field("details"),
            Div(
                Notice(_("Pour un contenu illicite, expliquez pourquoi il l’est (obligatoire).")),
                Field("notifier_name"),
                Field("notifier_email"),
                Field("good_faith"),
                css_class="report-illegal",
                data_illegal_fields="",
            ),
            Submit("submit", _("Envoyer le signalement")),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Report.Reason.ILLEGAL:
            if not (cleaned.get("details") or "").strip():
                self.add_error(
                    "details",
                    ValidationError(
                        _("Expliquez pourquoi ce contenu est illicite."), code="required"
                    ),
                )
            if not cleaned.get("good_faith"):
                self.add_error(
                    "good_faith",
                    ValidationError(
                        _("Cochez la déclaration de bonne foi pour signaler un contenu illicite."),
                        code="required",
                    ),
                )
        return cleaned
