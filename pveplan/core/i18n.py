"""Language helpers shared by every app.

Django names Chinese `zh-hans`; stored content and reference labels use the ISO 639-1 code `zh`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The six official UN languages, in the UN's (alphabetical, English) order.
UN_LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
FALLBACK_LANGUAGE = "en"
LANGUAGE_NAMES = {
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "en": _("English"),
    "fr": _("French"),
    "ru": _("Russian"),
    "es": _("Spanish"),
}
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in UN_LANGUAGES]
RTL_LANGUAGES = frozenset({"ar"})


def content_language(django_code: str | None = None) -> str:
    """The content code (ar, zh, en, fr, ru, es) for a Django language code; English otherwise."""
    code = (django_code or get_language() or FALLBACK_LANGUAGE).lower()
    base = code.split("-")[0]
    return base if base in UN_LANGUAGES else FALLBACK_LANGUAGE


def django_language(content_code: str) -> str:
    """The Django language code for a content code (zh -> zh-hans)."""
    return "zh-hans" if content_code == "zh" else content_code


@dataclass(frozen=True)
class Shown:
    """A text chosen for display: which language it is in and whether it is a fallback."""

    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def pick(texts: dict[str, str], language: str | None = None, original: str | None = None) -> Shown:
    """Choose the text in `language`, else English, else the original language, else any."""
    wanted = language or content_language()
    order = [wanted, FALLBACK_LANGUAGE, original or "", *UN_LANGUAGES]
    for code in order:
        if code and texts.get(code, "").strip():
            return Shown(texts[code], code, code != wanted)
    return Shown("", wanted, False)


class Provenance:
    """Where a language version of a text came from."""

    ORIGINAL = "original"
    TRANSLATED = "translated"
    VERIFIED = "verified"
    ALL = (ORIGINAL, TRANSLATED, VERIFIED)


def texts_of(value: object) -> dict[str, str]:
    """The plain texts per language of a stored multilingual value.

    Stored shape: {"ar": {"text": "...", "provenance": "original"}, "en": {...}}.
    """
    if not isinstance(value, dict):
        return {}
    return {
        code: str(entry.get("text", ""))
        for code, entry in value.items()
        if code in UN_LANGUAGES and isinstance(entry, dict)
    }


def provenance_of(value: object, language: str) -> str | None:
    if isinstance(value, dict) and isinstance(value.get(language), dict):
        return str(value[language].get("provenance") or "") or None
    return None


def build_multilingual(
    texts: dict[str, str], original_language: str, previous: object = None
) -> dict[str, dict[str, str]]:
    """Store `texts`: the original language is marked original, others translated.

    A language whose text did not change keeps its previous provenance (a verified translation
    stays verified until someone edits it).
    """
    before = previous if isinstance(previous, dict) else {}
    stored: dict[str, dict[str, str]] = {}
    for code in UN_LANGUAGES:
        text = (texts.get(code) or "").strip()
        if not text:
            continue
        old = before.get(code) if isinstance(before.get(code), dict) else None
        if code == original_language:
            provenance = Provenance.ORIGINAL
        elif old and old.get("text") == text and old.get("provenance") in Provenance.ALL:
            provenance = str(old["provenance"])
        else:
            provenance = Provenance.TRANSLATED
        stored[code] = {"text": text, "provenance": provenance}
    return stored
