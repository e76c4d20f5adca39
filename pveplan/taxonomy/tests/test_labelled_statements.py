"""The labelled plan-like statements for the PoA-area classifier (pveplan/documents/data/).

The data set is read as a file: no database. The numbers it must meet come from issue 5.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections import Counter
from itertools import product
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "documents" / "data"
DATA = DATA_DIR / "poa_statements.jsonl"
LANGUAGES = {"ar", "zh", "en", "fr", "ru", "es"}
AREAS = range(1, 8)
KINDS = {"action", "objective", "pillar", "indicator", "narrative"}
FIELDS = {"id", "language", "text", "labels", "split", "kind"}

# The script each language is written in; letters of any other script are tolerated only as
# acronyms and names (PVE, SMS, QR, UNESCO), so they must stay a small minority of the letters.
SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06FF]"),
    "zh": re.compile(r"[\u4E00-\u9FFF]"),
    "ru": re.compile(r"[\u0400-\u04FF]"),
    "en": re.compile(r"[A-Za-z]"),
    "fr": re.compile(r"[A-Za-zÀ-ÿŒœ]"),
    "es": re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]"),
}
FOREIGN = {
    "ar": re.compile(r"[\u4E00-\u9FFF\u0400-\u04FF]"),
    "zh": re.compile(r"[\u0600-\u06FF\u0400-\u04FF]"),
    "ru": re.compile(r"[\u0600-\u06FF\u4E00-\u9FFF]"),
    "en": re.compile(r"[\u0600-\u06FF\u4E00-\u9FFF\u0400-\u04FF]"),
    "fr": re.compile(r"[\u0600-\u06FF\u4E00-\u9FFF\u0400-\u04FF]"),
    "es": re.compile(r"[\u0600-\u06FF\u4E00-\u9FFF\u0400-\u04FF]"),
}
# Function words that tell the three Latin-script languages apart (none shared: not "la", "en").
FUNCTION_WORDS = {
    "en": {"the", "and", "of", "to", "in", "for", "with", "on", "by", "their", "that", "are"},
    "fr": {"le", "les", "des", "du", "et", "aux", "au", "pour", "dans", "une", "par", "sur", "ou"},
    "es": {"el", "los", "las", "del", "y", "para", "con", "una", "por", "al", "su", "sus", "o"},
}


def load() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return load()


def label_counts(rows: list[dict[str, Any]], split: str | None = None) -> Counter[tuple[str, int]]:
    return Counter(
        (row["language"], area)
        for row in rows
        if split in (None, row["split"])
        for area in row["labels"]
    )


def test_every_line_is_a_json_object_with_the_six_fields() -> None:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 600
    for number, line in enumerate(lines, 1):
        row = json.loads(line)
        assert isinstance(row, dict), number
        assert set(row) == FIELDS, number


def test_fields_have_valid_values(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        assert re.fullmatch(r"(ar|zh|en|fr|ru|es)-\d{4}", row["id"]), row
        assert row["id"].startswith(row["language"] + "-"), row
        assert row["split"] in ("train", "test"), row
        assert row["kind"] in KINDS, row
        text = row["text"]
        assert isinstance(text, str) and len(text) >= 8, row
        assert text == text.strip() and "  " not in text and "\n" not in text, row
        assert unicodedata.is_normalized("NFC", text), row


def test_labels_are_one_or_two_distinct_areas_between_1_and_7(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        labels = row["labels"]
        assert isinstance(labels, list) and 1 <= len(labels) <= 2, row
        assert all(type(area) is int and area in AREAS for area in labels), row
        assert labels == sorted(set(labels)), row


def test_the_languages_are_the_six_official_un_languages(rows: list[dict[str, Any]]) -> None:
    assert {row["language"] for row in rows} == LANGUAGES


def test_each_area_has_at_least_100_statements_across_languages(
    rows: list[dict[str, Any]],
) -> None:
    per_area = Counter(area for row in rows for area in row["labels"])
    assert {area: per_area[area] >= 100 for area in AREAS} == dict.fromkeys(AREAS, True)


def test_each_language_has_at_least_15_statements_per_area(rows: list[dict[str, Any]]) -> None:
    counts = label_counts(rows)
    short = {cell: counts[cell] for cell in product(LANGUAGES, AREAS) if counts[cell] < 15}
    assert short == {}


def test_the_test_split_is_20_to_30_percent_of_each_language(rows: list[dict[str, Any]]) -> None:
    for language in LANGUAGES:
        splits = Counter(row["split"] for row in rows if row["language"] == language)
        share = splits["test"] / (splits["test"] + splits["train"])
        assert 0.20 <= share <= 0.30, (language, share)


def test_the_test_split_is_stratified_per_language_and_area(rows: list[dict[str, Any]]) -> None:
    tested, everything = label_counts(rows, "test"), label_counts(rows)
    for cell in product(LANGUAGES, AREAS):
        assert tested[cell] >= 5, cell
        assert 0.15 <= tested[cell] / everything[cell] <= 0.40, (cell, tested[cell])


def test_ids_are_unique(rows: list[dict[str, Any]]) -> None:
    ids = Counter(row["id"] for row in rows)
    assert [key for key, count in ids.items() if count > 1] == []


def test_texts_are_unique_ignoring_case_and_spacing(rows: list[dict[str, Any]]) -> None:
    texts = Counter(" ".join(row["text"].casefold().split()) for row in rows)
    assert [text for text, count in texts.items() if count > 1] == []


def test_no_test_statement_nearly_duplicates_a_training_statement(
    rows: list[dict[str, Any]],
) -> None:
    def grams(row: dict[str, Any]) -> set[str]:
        size = 2 if row["language"] == "zh" else 4
        text = row["text"].casefold()
        return {text[i : i + size] for i in range(len(text) - size + 1)}

    close = []
    for language in LANGUAGES:
        train = [
            grams(row) for row in rows if (row["language"], row["split"]) == (language, "train")
        ]
        for row in rows:
            if (row["language"], row["split"]) != (language, "test"):
                continue
            mine = grams(row)
            best = max(len(mine & other) / len(mine | other) for other in train)
            if best >= 0.5:
                close.append((row["id"], round(best, 2)))
    assert close == []


def test_each_text_is_written_in_the_script_of_its_language(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        language, text = row["language"], row["text"]
        letters = [char for char in text if char.isalpha()]
        native = sum(1 for char in letters if SCRIPTS[language].match(char))
        assert native / len(letters) >= 0.9, row
        assert not FOREIGN[language].search(text), row


def test_latin_script_texts_read_as_their_own_language(rows: list[dict[str, Any]]) -> None:
    # A French sentence filed as Spanish (or the reverse) would pass the script check.
    unmarked = 0
    latin = [row for row in rows if row["language"] in FUNCTION_WORDS]
    for row in latin:
        words = re.findall(r"[^\W\d_]+", row["text"].casefold())
        scores = {
            lang: sum(word in vocab for word in words) for lang, vocab in FUNCTION_WORDS.items()
        }
        own = scores.pop(row["language"])
        assert own >= max(scores.values()), (row["id"], own, scores)
        unmarked += own == 0
    # Headings like "Eje 4. Juventudes" have no function words; sentences nearly always do.
    assert unmarked / len(latin) < 0.03


def test_statements_are_mostly_actions_with_every_kind_present(rows: list[dict[str, Any]]) -> None:
    for language in LANGUAGES:
        kinds = Counter(row["kind"] for row in rows if row["language"] == language)
        assert set(kinds) == KINDS, language
        assert kinds["action"] / sum(kinds.values()) >= 0.5, language


def test_a_real_share_of_statements_has_two_labels(rows: list[dict[str, Any]]) -> None:
    for language in LANGUAGES:
        mine = [row for row in rows if row["language"] == language]
        share = sum(len(row["labels"]) == 2 for row in mine) / len(mine)
        assert 0.12 <= share <= 0.30, (language, share)


def stats_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("poa_stats", DATA_DIR / "stats.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_shows_the_current_counts() -> None:
    # README.md pastes the output of stats.py; editing the data without re-running it fails here.
    stats = stats_module()
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    table = stats.area_table(stats.load())
    assert "| all | " in table[-1]
    assert "\n".join(table) in readme
    assert "\n".join(stats.kind_table(stats.load())) in readme
