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

from articles.models import Article
from comments.models import Comment, IllegalityCategory, Report
from comments.names import validate_not_staff_name, validate_visible_characters

FORM_SALT = "comments.form-timestamp"
# How a comment is named in a URL readers copy: its anchor on the article page
# (#commentaire-12) or its "Signaler" page (/commentaires/12/signaler/).
COMMENT_IN_URL = re.compile(r"(?:#commentaire-|/commentaires/)(\d{1,12})(?:\b|/)")
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
    category = forms.ChoiceField(
        label=_("Catégorie d'illicéité"),
        required=False,
        choices=[("", _("— choisissez —")), *IllegalityCategory.choices],
    )
    other_comments = forms.CharField(
        label=_("Autres commentaires concernés (facultatif)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Une adresse par ligne : le lien « Signaler » d'un commentaire, ou l'adresse "
            "de l'article suivie de #commentaire-numéro."
        ),
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
                Field("category"),
                Field("other_comments"),
                Field("notifier_name"),
                Field("notifier_email"),
                Field("good_faith"),
                css_class="report-illegal",
                data_illegal_fields="",
            ),
            Submit("submit", _("Envoyer le signalement")),
        )

    def clean_other_comments(self) -> list[Comment]:
        """The comments the other lines name: published, under a published article."""
        lines = [line.strip() for line in self.cleaned_data["other_comments"].splitlines()]
        lines = [line for line in lines if line]
        limit = settings.NEWSROOM["NOTICE_MAX_COMMENTS"] - 1
        if len(lines) > limit:
            raise ValidationError(
                _("Une notification peut viser %(limit)d autres commentaires au plus."),
                params={"limit": limit},
                code="too_many",
            )
        ids = {}
        for line in lines:
            match = COMMENT_IN_URL.search(line)
            if match is None:
                raise ValidationError(
                    _("« %(line)s » n'est pas l'adresse d'un commentaire."),
                    params={"line": line[:100]},
                    code="invalid",
                )
            ids[int(match[1])] = line
        found = {
            comment.pk: comment
            for comment in Comment.objects.published().filter(
                pk__in=ids, article__in=Article.objects.published()
            )
        }
        missing = [line for pk, line in ids.items() if pk not in found]
        if missing:
            raise ValidationError(
                _("« %(line)s » ne désigne aucun commentaire publié."),
                params={"line": missing[0][:100]},
                code="unknown",
            )
        return list(found.values())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") != Report.Reason.ILLEGAL:
            # Minimisation: contact details and the rest of a notice only with a notice.
            cleaned.update(notifier_name="", notifier_email="", good_faith=False, category="")
            cleaned["other_comments"] = []
            for name in ("notifier_name", "notifier_email", "category", "other_comments"):
                self.errors.pop(name, None)  # fields the form hides for this reason
        if cleaned.get("reason") == Report.Reason.ILLEGAL:
            if not cleaned.get("category"):
                self.add_error(
                    "category",
                    ValidationError(
                        _("Choisissez la catégorie d'illicéité la plus proche."),
                        code="required",
                    ),
                )
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


class ComplaintForm(forms.Form):
    text = forms.CharField(
        label=_("Pourquoi contestez-vous cette décision ?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_no_control_characters],
        error_messages={"required": _("Expliquez pourquoi vous contestez cette décision.")},
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "complaint-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(Field("text"), Submit("submit", _("Envoyer ma réclamation")))


class DataRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Saisissez une adresse email valide, par exemple nom@exemple.fr."),
            "required": _("Saisissez l'adresse email de vos commentaires ou signalements."),
        },
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "data-request-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(Field("email"), Submit("submit", _("Recevoir le lien")))
