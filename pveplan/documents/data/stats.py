"""Print the counts of the labelled PoA statements as Markdown tables (pasted into README.md).

Run from the repository root: .venv/bin/python pveplan/documents/data/stats.py
Counts are per label, so a statement with two labels counts once in each of its areas.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("poa_statements.jsonl")
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
AREAS = tuple(range(1, 8))
SPLITS = ("train", "test")
KINDS = ("action", "objective", "pillar", "indicator", "narrative")


def load(path: Path = DATA) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def area_table(rows: list[dict[str, Any]]) -> list[str]:
    """Language x area, each cell "train/test", with row and column totals of labels."""
    cells: Counter[tuple[str, int, str]] = Counter()
    for row in rows:
        for area in row["labels"]:
            cells[row["language"], area, row["split"]] += 1
    header = "| language | " + " | ".join(f"PA{area}" for area in AREAS) + " | statements |"
    lines = [header, "|---" * (len(AREAS) + 2) + "|"]
    for language in (*LANGUAGES, "all"):
        picked = [row for row in rows if language in ("all", row["language"])]
        tested = sum(1 for row in picked if row["split"] == "test")
        values = []
        for area in AREAS:
            train = sum(
                cells[lang, area, "train"] for lang in LANGUAGES if language in ("all", lang)
            )
            test = sum(cells[lang, area, "test"] for lang in LANGUAGES if language in ("all", lang))
            values.append(f"{train}/{test}")
        share = tested / len(picked) if picked else 0.0
        lines.append(
            f"| {language} | "
            + " | ".join(values)
            + f" | {len(picked)} ({len(picked) - tested}/{tested}, test {share:.0%}) |"
        )
    return lines


def kind_table(rows: list[dict[str, Any]]) -> list[str]:
    counts = Counter((row["language"], row["kind"]) for row in rows)
    multi = Counter(row["language"] for row in rows if len(row["labels"]) > 1)
    total = Counter(row["language"] for row in rows)
    lines = [
        "| language | " + " | ".join(KINDS) + " | two labels |",
        "|---" * (len(KINDS) + 2) + "|",
    ]
    for language in LANGUAGES:
        share = multi[language] / total[language] if total[language] else 0.0
        lines.append(
            f"| {language} | "
            + " | ".join(str(counts[language, kind]) for kind in KINDS)
            + f" | {multi[language]} ({share:.0%}) |"
        )
    return lines


def pair_line(rows: list[dict[str, Any]]) -> str:
    """The area pairs of the two-label statements, most frequent first."""
    pairs = Counter("+".join(map(str, row["labels"])) for row in rows if len(row["labels"]) > 1)
    return ", ".join(f"{pair}: {count}" for pair, count in sorted(pairs.items(), key=pair_order))


def pair_order(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def main() -> None:
    rows = load()
    out = [
        "Labels per language and PoA area, as train/test:",
        "",
        *area_table(rows),
        "",
        "Statements per kind, and statements with two labels:",
        "",
        *kind_table(rows),
        "",
        "Area pairs of the two-label statements: " + pair_line(rows) + ".",
    ]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
