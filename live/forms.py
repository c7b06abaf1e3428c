"""The forms of live coverage: the fast screen's (plain text) and the admin's (rich text)."""

import html
import re

from django import forms
from django.utils.html import linebreaks, urlize
from django.utils.translation import gettext_lazy as _

from articles import editor
from articles.body import sanitize_body
from live.models import LivePost
from live.services import clean_text


def text_to_html(text: str) -> str:
    """
    What a journalist types in the fast screen, as the post's HTML: paragraphs split
    by blank lines, line breaks kept, addresses made links, everything else escaped.
    """
    return linebreaks(urlize(text.strip(), autoescape=True))


def html_to_text(value: str) -> str:
    """The plain text the fast screen edits, from a post's HTML."""
    value = re.sub(r"<br\s*/?>", "\n", value)
    value = re.sub(r"</p>\s*<p>", "\n\n", value)
    return html.unescape(re.sub(r"<[^>]+>", "", value)).strip()


def is_plain(value: str) -> bool:
    """Whether the fast screen can edit the post without losing its formatting."""
    return sanitize_body(text_to_html(html_to_text(value))) == value


class QuickPostForm(forms.Form):
    """A post typed in the fast screen: a textarea and two boxes."""

    text = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        error_messages={"required": _("Écrivez le message avant de le publier.")},
        strip=True,
    )
    important = forms.BooleanField(label=_("Important"), required=False)
    pinned = forms.BooleanField(label=_("L'essentiel (épinglé en tête)"), required=False)


class QuickEditForm(forms.Form):
    text = forms.CharField(
        max_length=10_000,
        error_messages={"required": _("Le message ne peut pas être vide.")},
        strip=True,
    )
    important = forms.BooleanField(required=False)


class LivePostAdminForm(forms.ModelForm):
    """A post in the admin, in the same rich text editor as an article's body."""

    class Meta:
        model = LivePost
        fields = ["article", "text", "image", "read_also", "important", "pinned"]
        widgets = {"text": editor.BodyEditorWidget()}

    def clean_text(self):
        # The service's rule, next to the field: nothing left once sanitized is refused.
        return clean_text(self.cleaned_data["text"])
