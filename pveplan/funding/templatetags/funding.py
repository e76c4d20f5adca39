"""Amounts as the user's language writes them (grouping and decimal separator of the active
locale, two decimals), or a dash when there is none (a USD figure without a rate)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def amount(value: Decimal | int | None) -> str:
    if value is None or value == "":
        return "—"
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


@register.filter
def rate(value: Decimal | None) -> str:
    """An exchange rate with its significant decimals (up to ten), in the user's format."""
    if value is None:
        return "—"
    exponent = value.normalize().as_tuple().exponent
    places = max(2, min(10, -exponent)) if isinstance(exponent, int) else 2
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)
