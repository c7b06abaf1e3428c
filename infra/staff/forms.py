from django import forms
from django.utils.translation import gettext_lazy as _

INVALID_CODE = _(
    "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone, attendez le code "
    "suivant ou utilisez un code de secours."
)


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def refuse(self) -> None:
        """The service refused the code: say so next to the field, keeping what was typed."""
        self.add_error("code", forms.ValidationError(INVALID_CODE, code="invalid"))
