"""Zero-shot GCTS pillars and drivers: cosine similarity with their names in the six languages.

There is no labelled data for pillars or drivers, so a segment is compared with each pillar's and
driver's name (in ar, zh, en, fr, ru, es, from the taxonomy CSVs); a candidate's confidence is its
best similarity over the six names (a cosine in [0, 1], not a probability), and its name in the
segment's language (else the name that matched best) is the explanation. Only candidates at or
above THRESHOLD are kept. With USE, unrelated sentences score about 0.0-0.1; the labelled PVE
statements score a median 0.12 against the pillars and 0.09 against the drivers, and 0.30 is the
95th percentile for pillars and the 98th for drivers: a candidate is suggested only when a segment
stands out as close to it.

The names and segments are always encoded with USE, even when the area model uses e5: e5's
cosines are squeezed into 0.7-1.0 and rank unrelated text too high here (an Arabic sentence about
football scored 0.87 against pillar GCTS-I, while "prevent radicalization in prisons" scored 0.88
against its driver PUSH5), whereas USE leaves unrelated text near 0.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .language import LANGUAGES

TAXONOMY_DATA = Path(__file__).resolve().parents[2] / "taxonomy" / "data"
PILLARS_CSV = TAXONOMY_DATA / "gcts_pillars.csv"
DRIVERS_CSV = TAXONOMY_DATA / "drivers.csv"
THRESHOLD = 0.30


@dataclass(frozen=True)
class Candidate:
    code: str
    names: tuple[tuple[str, str], ...]  # (language, name), blanks left out


def read_candidates(path: Path) -> list[Candidate]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    candidates = []
    for row in rows:
        names = tuple(
            (language, row[f"name_{language}"].strip())
            for language in LANGUAGES
            if row.get(f"name_{language}", "").strip()
        )
        candidates.append(Candidate(row["code"], names))
    return candidates


@dataclass
class ZeroShot:
    """Candidates with their name embeddings (computed once, at training time)."""

    candidates: list[Candidate]
    name_embeddings: np.ndarray  # (number of names, 512: USE), all candidates' names in order
    owner: np.ndarray  # candidate index of each name row
    threshold: float

    @classmethod
    def build(
        cls, candidates: list[Candidate], embeddings: np.ndarray, threshold: float
    ) -> ZeroShot:
        owner = np.array([i for i, c in enumerate(candidates) for _ in c.names], dtype=np.int32)
        return cls(candidates, embeddings.astype(np.float32), owner, threshold)

    def names(self) -> list[str]:
        return [name for candidate in self.candidates for _, name in candidate.names]

    def explanation(self, index: int, matched_row: int, language: str) -> str:
        names = dict(self.candidates[index].names)
        return names.get(language) or self.names()[matched_row]

    def match(
        self, embeddings: np.ndarray, languages: list[str]
    ) -> list[tuple[list[tuple[str, float]], dict[str, str]]]:
        """Per segment: [(code, confidence)] best first, and the explaining name of each code."""
        similarities = embeddings @ self.name_embeddings.T
        result = []
        for row, language in zip(similarities, languages, strict=True):
            best: dict[int, int] = {}
            for j, candidate in enumerate(self.owner):
                if candidate not in best or row[j] > row[best[candidate]]:
                    best[int(candidate)] = j
            kept = [
                (
                    self.candidates[c].code,
                    round(float(min(row[j], 1.0)), 4),
                    self.explanation(c, j, language),
                )
                for c, j in best.items()
                if row[j] >= self.threshold
            ]
            kept.sort(key=lambda item: item[1], reverse=True)
            result.append(([(code, score) for code, score, _ in kept], {c: n for c, _, n in kept}))
        return result
