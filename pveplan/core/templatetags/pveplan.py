"""Template helpers: multilingual text with visible fallback, language direction, status classes."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from pveplan.core.i18n import LANGUAGE_NAMES, RTL_LANGUAGES, Shown

register = template.Library()


@register.filter
def langdir(code: str) -> str:
    return "rtl" if code in RTL_LANGUAGES else "ltr"


@register.filter
def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


@register.simple_tag
def shown(value: Shown, tag: str = "span") -> Any:
    """A text in its own language and direction; a fallback says which language it is in."""
    if value.is_fallback:
        return format_html(
            '<{tag} lang="{lang}" dir="{dir}">{text}</{tag}> <small class="fallback" title="{title}">({name})</small>',
            tag=tag,
            lang=value.language,
            dir=langdir(value.language),
            text=value.text,
            title=gettext("Not available in your language"),
            name=language_name(value.language),
        )
    return format_html(
        '<{tag} lang="{lang}" dir="auto">{text}</{tag}>',
        tag=tag,
        lang=value.language,
        text=value.text,
    )
