"""The form that issues an API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from pveplan.api.actions import DEFAULT_LIFETIME_DAYS, LIFETIME_CHOICES_DAYS, NAME_MAX_LENGTH


def _days(n: int) -> str:
    return ngettext_lazy("%(n)d day", "%(n)d days", n) % {"n": n}


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("What the token is for, such as the script or tool that uses it."),
    )
    lifetime_days = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=[(n, _days(n)) for n in LIFETIME_CHOICES_DAYS],
        coerce=int,
        initial=DEFAULT_LIFETIME_DAYS,
    )
