"""The PoA-area classifier (sentence embeddings + logistic regression) and its TF-IDF baseline.

Both are multi-label over the seven PoA areas: one balanced logistic regression per area
(one-vs-rest) gives a score in [0, 1]; the labels are the areas whose score reaches a threshold,
and always the best one. The threshold is chosen by cross-validation on the training data only
(the value that maximises macro-F1 over the out-of-fold scores).

The model's final scores (artifacts.Classifier.scores) blend the logistic regression on the
embeddings (e5 or USE, encoder.py) with a similarity-weighted vote of the 20 nearest training examples and a small share of
the TF-IDF scores; the blend weights are chosen with the threshold, on the same out-of-fold scores.
The baseline stays plain TF-IDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier

AREAS = (1, 2, 3, 4, 5, 6, 7)
# Regularisation, chosen by 5-fold cross-validation on the train split (see the design note), per
# encoder: USE C=1 (0.3-3 within 0.005 macro-F1); e5 C=4 (CV macro-F1 of the logistic regression
# 0.857 at C=1, 0.866 at 2, 0.875 at 4, 0.873 at 8 and 16). C=10 for TF-IDF.
EMBEDDING_C = {"use": 1.0, "e5": 4.0}
TFIDF_C = 10.0
CV_FOLDS = 5
# Blend grid; neighbour vote over k=20 with cubed similarities (5-fold CV on train, see note).
# With e5 the CV chooses no neighbour vote (weights 0.25-0.75 and powers 3-30 all scored lower).
KNN_WEIGHTS = (0.0, 0.25, 0.5)
TFIDF_WEIGHTS = (0.0, 0.1, 0.2)
KNN_K = 20
KNN_POWER = 3
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.20, 0.81, 0.05))
NEIGHBOURS = 3
TERMS = 5

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    labels: tuple[int, ...]


def label_matrix(examples: list[Example]) -> np.ndarray:
    y = np.zeros((len(examples), len(AREAS)), dtype=np.int8)
    for row, example in enumerate(examples):
        for area in example.labels:
            y[row, area - 1] = 1
    return y


def labels_from_scores(scores: np.ndarray, threshold: float) -> list[list[int]]:
    """Areas at or above the threshold, and always the top one, ascending."""
    result = []
    for row in scores:
        chosen = {int(i) + 1 for i in np.flatnonzero(row >= threshold)}
        chosen.add(int(np.argmax(row)) + 1)
        result.append(sorted(chosen))
    return result


def _head(c: float) -> OneVsRestClassifier:
    return OneVsRestClassifier(LogisticRegression(C=c, class_weight="balanced", max_iter=2000))


def _macro_f1(scores: np.ndarray, y: np.ndarray, threshold: float) -> float:
    predicted = label_matrix(
        [Example("", "", tuple(labels)) for labels in labels_from_scores(scores, threshold)]
    )
    return float(f1_score(y, predicted, average="macro", zero_division=0))


def _tune_threshold(scores: np.ndarray, y: np.ndarray) -> float:
    return _tune(scores, y)[0]


def _tune(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(threshold, macro-F1): the threshold that maximises macro-F1 of these scores."""
    best_threshold, best_f1 = 0.5, -1.0
    for threshold in THRESHOLDS:
        f1 = _macro_f1(scores, y, threshold)
        if f1 > best_f1 + 1e-9:
            best_threshold, best_f1 = threshold, f1
    return best_threshold, best_f1


def blend(
    parts: tuple[np.ndarray, np.ndarray, np.ndarray], weights: tuple[float, float]
) -> np.ndarray:
    """Logistic-regression, neighbour-vote and TF-IDF scores mixed with (neighbours, TF-IDF) weights."""
    logistic, knn, tfidf = parts
    w_knn, w_tfidf = weights
    return (1 - w_knn - w_tfidf) * logistic + w_knn * knn + w_tfidf * tfidf


def tune_blend(
    parts: tuple[np.ndarray, np.ndarray, np.ndarray], y: np.ndarray
) -> tuple[tuple[float, float], float]:
    """(blend weights, threshold) maximising cross-validated (out-of-fold) macro-F1 on train."""
    best: tuple[tuple[float, float], float, float] = ((0.0, 0.0), 0.5, -1.0)
    for w_knn in KNN_WEIGHTS:
        for w_tfidf in TFIDF_WEIGHTS:
            threshold, f1 = _tune(blend(parts, (w_knn, w_tfidf)), y)
            if f1 > best[2] + 1e-9:
                best = ((w_knn, w_tfidf), threshold, f1)
    return best[0], best[1]


def knn_scores(similarities: np.ndarray, y: np.ndarray, k: int = KNN_K) -> np.ndarray:
    """Per area, the similarity-weighted (cubed) share of the k nearest examples carrying it."""
    k = min(k, similarities.shape[1])
    nearest = np.argsort(-similarities, axis=1)[:, :k]
    weights = np.clip(np.take_along_axis(similarities, nearest, axis=1), 0, None) ** KNN_POWER
    votes = (weights[:, :, None] * y[nearest]).sum(axis=1)
    return np.asarray(votes / np.maximum(weights.sum(axis=1, keepdims=True), 1e-12))


def _folds(n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    splitter = KFold(n_splits=min(CV_FOLDS, n), shuffle=True, random_state=0)
    return list(splitter.split(np.arange(n)))


@dataclass
class EmbeddingModel:
    """Logistic regression on sentence embeddings; explains with the nearest training examples."""

    head: OneVsRestClassifier
    threshold: float
    train_embeddings: np.ndarray
    train_examples: list[Example]
    out_of_fold: np.ndarray  # cross-validated scores of the training rows
    knn_out_of_fold: np.ndarray  # the same for the neighbour vote

    @classmethod
    def fit(
        cls, embeddings: np.ndarray, examples: list[Example], *, c: float = 1.0
    ) -> EmbeddingModel:
        y = label_matrix(examples)
        out_of_fold = np.zeros(y.shape)
        knn_out_of_fold = np.zeros(y.shape)
        for fit_rows, held_rows in _folds(len(examples)):
            head = _head(c).fit(embeddings[fit_rows], y[fit_rows])
            out_of_fold[held_rows] = head.predict_proba(embeddings[held_rows])
            similarities = embeddings[held_rows] @ embeddings[fit_rows].T
            knn_out_of_fold[held_rows] = knn_scores(similarities, y[fit_rows])
        threshold = _tune_threshold(out_of_fold, y)
        head = _head(c).fit(embeddings, y)
        return cls(
            head,
            threshold,
            embeddings.astype(np.float32),
            list(examples),
            out_of_fold,
            knn_out_of_fold,
        )

    def knn(self, embeddings: np.ndarray) -> np.ndarray:
        return knn_scores(embeddings @ self.train_embeddings.T, label_matrix(self.train_examples))

    def scores(self, embeddings: np.ndarray) -> np.ndarray:
        return np.asarray(self.head.predict_proba(embeddings))

    def neighbours(self, embeddings: np.ndarray, k: int = NEIGHBOURS) -> list[list[dict[str, Any]]]:
        similarities = embeddings @ self.train_embeddings.T
        result = []
        for row in similarities:
            nearest = np.argsort(-row)[:k]
            result.append(
                [
                    {
                        "text": self.train_examples[i].text,
                        "language": self.train_examples[i].language,
                        "labels": list(self.train_examples[i].labels),
                        "similarity": round(float(row[i]), 4),
                    }
                    for i in nearest
                ]
            )
        return result


@dataclass
class TfidfBaseline:
    """Character 2-4-gram TF-IDF + the same head; explains with the terms that weighed most."""

    vectorizer: TfidfVectorizer
    head: OneVsRestClassifier
    threshold: float
    out_of_fold: np.ndarray  # cross-validated scores of the training rows

    @staticmethod
    def _vectorizer() -> TfidfVectorizer:
        return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)

    @classmethod
    def fit(cls, examples: list[Example]) -> TfidfBaseline:
        texts = [example.text for example in examples]
        y = label_matrix(examples)
        out_of_fold = np.zeros(y.shape)
        for fit_rows, held_rows in _folds(len(examples)):
            vectorizer = cls._vectorizer()
            x_fit = vectorizer.fit_transform([texts[i] for i in fit_rows])
            head = _head(TFIDF_C).fit(x_fit, y[fit_rows])
            out_of_fold[held_rows] = head.predict_proba(
                vectorizer.transform([texts[i] for i in held_rows])
            )
        threshold = _tune_threshold(out_of_fold, y)
        vectorizer = cls._vectorizer()
        head = _head(TFIDF_C).fit(vectorizer.fit_transform(texts), y)
        return cls(vectorizer, head, threshold, out_of_fold)

    def scores(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.head.predict_proba(self.vectorizer.transform(texts)))

    def terms(self, texts: list[str], areas: list[int], k: int = TERMS) -> list[list[str]]:
        """For each text, the words (n-grams for Chinese) that pushed most towards its area.

        char_wb n-grams never cross a space, so a word's weight is the sum of its n-grams'.
        """
        matrix = self.vectorizer.transform(texts)
        vocabulary = self.vectorizer.vocabulary_
        analyze = self.vectorizer.build_analyzer()
        result = []
        for row, (text, area) in enumerate(zip(texts, areas, strict=True)):
            coef = self.head.estimators_[area - 1].coef_.ravel()
            x = matrix.getrow(row)
            weight = {
                int(j): float(v) * float(coef[j]) for j, v in zip(x.indices, x.data, strict=True)
            }
            if _CJK.search(text):
                names = self.vectorizer.get_feature_names_out()
                ranked = sorted(weight, key=lambda j: weight[j], reverse=True)
                candidates = [
                    gram
                    for gram in (_NON_WORD.sub("", str(names[j])) for j in ranked if weight[j] > 0)
                    if len(gram) >= 2
                ]
            else:
                word_weight: dict[str, float] = {}
                for word in text.split():
                    clean = _EDGE_PUNCTUATION.sub("", word)
                    if len(clean) < 3 or clean.lower() in word_weight:
                        continue
                    grams = (vocabulary.get(g) for g in analyze(clean))
                    word_weight[clean.lower()] = sum(
                        weight.get(j, 0.0) for j in grams if j is not None
                    )
                ranked_words = sorted(word_weight, key=lambda w: word_weight[w], reverse=True)
                candidates = [w for w in ranked_words if word_weight[w] > 0]
            chosen: list[str] = []
            for term in candidates:
                if term and not any(term in c or c in term for c in chosen):
                    chosen.append(term)
                if len(chosen) == k:
                    break
            result.append(chosen)
        return result
