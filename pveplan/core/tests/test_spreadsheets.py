"""The helpers every XLSX and CSV export uses."""

from __future__ import annotations

from pveplan.core.spreadsheets import csv_bytes, safe_cell, sheet_title


def test_a_formula_looking_text_is_quoted_and_other_values_are_kept() -> None:
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("-1") == "'-1" and safe_cell("@x") == "'@x"
    assert safe_cell("خطة") == "خطة" and safe_cell(-1) == -1


def test_sheet_names_lose_forbidden_characters_and_stop_at_31() -> None:
    assert sheet_title("a/b:c[d]*e?f\\g") == "a b c d  e f g"
    assert len(sheet_title("x" * 40)) == 31


def test_csv_starts_with_a_byte_order_mark_and_quotes_formulas() -> None:
    data = csv_bytes([["title", "cost"], ["=1+1", 5]])
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == ["title,cost", "'=1+1,5"]
