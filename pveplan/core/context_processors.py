from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header


def language_fallback(request: HttpRequest) -> dict[str, Any]:
    """Say so when the browser asked for a language we do not offer and got English instead."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or get_language() != settings.LANGUAGE_CODE:
        return {}
    wanted = [
        code for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", ""))
    ]
    if not wanted or wanted[0] == "*":
        return {}
    try:
        get_supported_language_variant(wanted[0])
    except LookupError:
        return {"language_fallback": wanted[0][:20]}
    return {}
