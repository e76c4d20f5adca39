from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The login code step: a six-digit code from the app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "dir": "ltr",
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )


class EnrollForm(forms.Form):
    """Confirming a new authenticator with the code it shows."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        help_text=_("Six digits."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}
        ),
    )


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=150, required=False)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if bool(data.get("username")) == bool(data.get("ip_address")):
            raise forms.ValidationError(_("Give a username or an IP address."))
        return data


class AccountForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
