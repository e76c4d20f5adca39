"""Suggested PoA areas, GCTS pillars and drivers for plan segments, in the six UN languages.

    from pveplan.documents.classifier import detect_language, suggest

    suggest(["Former les enseignants des écoles coraniques ..."])[0].labels  # -> [6]

The model (multilingual-e5-small or USE embeddings + logistic regression, see encoder.py and
model.py) is trained on the
labelled statements' train split plus reviewers' corrections, saved under
settings.PVEPLAN_MODELS_DIR and loaded once per process (artifacts.py). Nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import encoder
from .artifacts import Classifier, get_classifier
from .language import LANGUAGES, detect_language
from .model import AREAS, labels_from_scores

__all__ = ["AREAS", "LANGUAGES", "Suggestion", "detect_language", "suggest"]


@dataclass(frozen=True)
class Suggestion:
    areas: dict[int, float]  # all seven PoA areas: score in [0, 1]
    labels: list[int]  # suggested areas, ascending; never empty
    pillars: list[tuple[str, float]]  # (GCTS pillar code, confidence), best first
    drivers: list[tuple[str, float]]  # (driver code, confidence), best first
    neighbours: list[
        dict[str, Any]
    ]  # nearest training examples: text, language, labels, similarity
    terms: list[str] = field(default_factory=list)  # words that weighed most (TF-IDF baseline)
    # The pillar's or driver's name that matched, by code: the explanation of those confidences.
    matches: dict[str, str] = field(default_factory=dict)


def suggest(texts: list[str], *, encoder_name: str | None = None) -> list[Suggestion]:
    """One Suggestion per text, in order; texts are encoded in batches.

    With the configured encoder's classifier, unless `encoder_name` ("e5", "use") is given."""
    if not texts:
        return []
    classifier = get_classifier(encoder_name)
    with encoder.single_thread():
        return _suggest(classifier, texts)


def _suggest(classifier: Classifier, texts: list[str]) -> list[Suggestion]:
    embeddings = encoder.get(classifier.encoder_name).encode(texts)
    scores = classifier.scores(embeddings, texts)
    labels = labels_from_scores(scores, classifier.threshold)
    neighbours = classifier.model.neighbours(embeddings)
    languages = [detect_language(text) for text in texts]
    # Pillars and drivers are zero-shot on USE, whatever the area model's encoder (zeroshot.py).
    if classifier.encoder_name != encoder.USE:
        embeddings = encoder.get(encoder.USE).encode(texts)
    pillars = classifier.pillars.match(embeddings, languages)
    drivers = classifier.drivers.match(embeddings, languages)
    top_areas = [int(row.argmax()) + 1 for row in scores]
    terms = classifier.baseline.terms(texts, top_areas)
    return [
        Suggestion(
            areas={area: round(float(scores[i, area - 1]), 4) for area in AREAS},
            labels=labels[i],
            pillars=pillars[i][0],
            drivers=drivers[i][0],
            neighbours=neighbours[i],
            terms=terms[i],
            matches={**pillars[i][1], **drivers[i][1]},
        )
        for i in range(len(texts))
    ]
