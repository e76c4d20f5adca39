"""Language of a text among the six UN languages, from its script and a few stop words.

Arabic, Russian and Chinese are told apart by script; English, French and Spanish by counting
short lists of their most frequent words. Texts in another language (a different script, or a
Latin-script language such as German, Italian or Portuguese, whose stop words are counted too so
that they win over ours) and texts too short to tell answer "".
"""

from __future__ import annotations

import re
import unicodedata

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")

# Fewer letters than this: too short to tell.
MIN_LETTERS = 3
# Latin script: at least this many stop-word hits, and this many more than the runner-up.
MIN_HITS = 1

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "for",
            "with",
            "on",
            "by",
            "from",
            "is",
            "are",
            "be",
            "will",
            "shall",
            "that",
            "this",
            "these",
            "their",
            "its",
            "at",
            "as",
            "an",
            "or",
            "which",
            "who",
            "into",
            "through",
            "all",
            "under",
            "between",
            "have",
            "has",
            "been",
            "was",
            "were",
            "not",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "du",
            "de",
            "et",
            "à",
            "au",
            "aux",
            "dans",
            "pour",
            "par",
            "sur",
            "avec",
            "une",
            "un",
            "est",
            "sont",
            "sera",
            "seront",
            "qui",
            "que",
            "leur",
            "leurs",
            "ces",
            "cette",
            "ce",
            "ou",
            "en",
            "d'",
            "l'",
            "entre",
            "auprès",
            "afin",
            "notamment",
            "ainsi",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "del",
            "de",
            "y",
            "a",
            "al",
            "en",
            "para",
            "por",
            "con",
            "una",
            "un",
            "es",
            "son",
            "será",
            "serán",
            "que",
            "su",
            "sus",
            "estos",
            "esta",
            "este",
            "o",
            "entre",
            "mediante",
            "así",
            "como",
            "también",
        ]
    ),
    # Decoys: Latin-script languages we do not serve. When one of them scores best the text
    # is not ours and the answer is "".
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "zu",
            "den",
            "von",
            "mit",
            "für",
            "ist",
            "im",
            "nicht",
            "auf",
            "eine",
            "ein",
            "dem",
            "des",
            "sich",
            "werden",
            "wird",
            "auch",
            "bei",
            "oder",
            "durch",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "gli",
            "della",
            "delle",
            "dei",
            "degli",
            "di",
            "e",
            "che",
            "per",
            "con",
            "una",
            "un",
            "è",
            "sono",
            "nel",
            "nella",
            "alla",
            "alle",
            "dal",
            "sul",
            "anche",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "os",
            "as",
            "do",
            "da",
            "dos",
            "das",
            "e",
            "em",
            "para",
            "por",
            "com",
            "uma",
            "um",
            "é",
            "são",
            "no",
            "na",
            "nos",
            "nas",
            "ao",
            "pelo",
            "pela",
            "também",
            "não",
        ]
    ),
}
# Letters that belong to one of the three languages only (or to a decoy), a strong hint.
_LETTER_HINTS: dict[str, str] = {
    **dict.fromkeys("ñ¿¡áíóú", "es"),
    **dict.fromkeys("œçèêëîïûùâ", "fr"),
    **dict.fromkeys("ßäöü", "de"),
    **dict.fromkeys("ãõ", "pt"),
}
# Letters of Arabic-script languages other than Arabic (Persian, Urdu, Pashto...).
_NOT_ARABIC = frozenset("پچژگکیٹڈڑںےہۀۓځڅډړږښګڼۍې")
# Cyrillic letters not used in Russian (Ukrainian, Belarusian, Serbian, Kazakh, Kyrgyz...).
_NOT_RUSSIAN = frozenset("іїєґўђћџљњјѓќѕәғқңөұүһі")


def _script(ch: str) -> str:
    code = ord(ch)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return "han"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "hangul"
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    return "other"


def detect_language(text: str) -> str:
    """ "ar", "zh", "en", "fr", "ru" or "es"; "" when the language is another one or unclear."""
    text = unicodedata.normalize("NFC", text or "")
    counts: dict[str, int] = {}
    letters: list[str] = []
    for ch in text:
        if ch.isalpha():
            letters.append(ch)
            script = _script(ch)
            counts[script] = counts.get(script, 0) + 1
    if len(letters) < MIN_LETTERS:
        return ""
    script, count = max(counts.items(), key=lambda item: item[1])
    if count < len(letters) / 2:
        return ""  # no script holds half the letters: too mixed to tell
    if script == "arabic":
        foreign = sum(1 for ch in letters if ch in _NOT_ARABIC)
        return "ar" if foreign <= 0.02 * count else ""
    if script == "cyrillic":
        foreign = sum(1 for ch in letters if ch.lower() in _NOT_RUSSIAN)
        return "ru" if foreign <= 0.01 * count else ""
    if script == "han":
        japanese = counts.get("kana", 0)
        return "zh" if japanese <= 0.05 * count else ""
    if script == "latin":
        return _latin_language(text)
    return ""


def _latin_language(text: str) -> str:
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    scores = dict.fromkeys(_STOP_WORDS, 0.0)
    for word in words:
        # French elisions: "l'État" counts "l'"; "d'un" counts "d'".
        if len(word) > 2 and word[1] == "'":
            scores["fr"] += 1
            word = word[2:]
        for language, stop_words in _STOP_WORDS.items():
            if word in stop_words:
                scores[language] += 1
    for ch in text.lower():
        hint = _LETTER_HINTS.get(ch)
        if hint:
            scores[hint] += 0.5
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score < MIN_HITS or best_score - second_score < MIN_HITS:
        return ""
    return best if best in LANGUAGES else ""
