"""The whole reading of a file, as the background task and `bench_document` run it: text per
page, candidate segments, languages, and the classifier's suggestions. No database access."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from pveplan.documents.ingest.extract import ExtractionError, extract
from pveplan.documents.ingest.segment import STRUCTURAL, Candidate, segment

READING = gettext_noop("Reading pages")
CLASSIFYING = gettext_noop("Suggesting structure and tags")
UNKNOWN_LANGUAGE = gettext_noop(
    "The document's language could not be recognised as one of the six UN languages (Arabic, "
    "Chinese, English, French, Russian, Spanish). Upload a version in one of them."
)
BATCH = 64

# (done, total, message id); may raise progress.Cancelled.
Progress = Callable[[int, int, str], None]


def _quiet(done: int, total: int, message: str) -> None:
    return None


@dataclass
class Reading:
    pages: list[str]
    page_languages: list[str]
    language: str
    segments: list[Candidate]
    segment_languages: list[str]
    suggestions: list[dict[str, Any]]  # one per segment ({} for "other" text)
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage
    encoder: str = ""  # the sentence encoder the suggestions came from


def detect(text: str) -> str:
    from pveplan.documents.classifier import detect_language

    return str(detect_language(text) or "")


def classify(texts: list[str], encoder_name: str | None = None) -> list[Any]:
    from pveplan.documents.classifier import suggest

    return list(suggest(texts, encoder_name=encoder_name))


def encoder_for(segments: int) -> str:
    """The configured encoder, or the fast one for a document too long for it (see settings)."""
    from django.conf import settings

    if segments > settings.PVEPLAN_ACCURATE_SEGMENTS:
        return "use"
    return str(settings.PVEPLAN_CLASSIFIER_ENCODER)


def as_stored(suggestion: Any, encoder_name: str = "") -> dict[str, Any]:
    """A classifier Suggestion as Segment.suggestions holds it (JSON)."""
    return {
        "encoder": encoder_name,
        "areas": {str(k): round(float(v), 4) for k, v in dict(suggestion.areas).items()},
        "labels": [int(n) for n in suggestion.labels],
        "pillars": [[str(c), round(float(p), 4)] for c, p in suggestion.pillars],
        "drivers": [[str(c), round(float(p), 4)] for c, p in suggestion.drivers],
        "neighbours": list(suggestion.neighbours),
        "terms": [str(t) for t in suggestion.terms],
    }


def document_language(page_texts: list[str], languages: list[str]) -> str:
    """The language of most of the text ("" when most is in no UN language)."""
    weight: Counter[str] = Counter()
    for text, language in zip(page_texts, languages, strict=True):
        weight[language] += sum(1 for c in text if c.isalpha())
    if not weight:
        return ""
    language, _count = weight.most_common(1)[0]
    return language


def read(kind: str, data: bytes, *, report: Progress = _quiet) -> Reading:
    """Read a file of `kind`; raises ExtractionError with a reason for its uploader."""
    started = time.perf_counter()
    extracted = extract(kind, data, lambda done, total: report(done, total, READING))
    seconds = {"extraction": time.perf_counter() - started}

    started = time.perf_counter()
    candidates = segment(extracted.blocks)
    seconds["segmentation"] = time.perf_counter() - started

    started = time.perf_counter()
    page_languages = [detect(text) for text in extracted.pages]
    language = document_language(extracted.pages, page_languages)
    if not language:
        raise ExtractionError(UNKNOWN_LANGUAGE)
    segment_languages = [detect(c.text) or language for c in candidates]
    seconds["language"] = time.perf_counter() - started

    started = time.perf_counter()
    suggestions: list[dict[str, Any]] = [{} for _ in candidates]
    chosen = [i for i, c in enumerate(candidates) if c.kind in STRUCTURAL]
    encoder_name = encoder_for(len(chosen))
    report(0, len(chosen), CLASSIFYING)
    for start in range(0, len(chosen), BATCH):
        batch = chosen[start : start + BATCH]
        texts = [candidates[i].text for i in batch]
        for index, suggestion in zip(batch, classify(texts, encoder_name), strict=True):
            suggestions[index] = as_stored(suggestion, encoder_name)
        report(start + len(batch), len(chosen), CLASSIFYING)
    seconds["classification"] = time.perf_counter() - started
    return Reading(
        pages=extracted.pages,
        page_languages=page_languages,
        language=language,
        segments=candidates,
        segment_languages=segment_languages,
        suggestions=suggestions,
        seconds=seconds,
        encoder=encoder_name,
    )
