"""What every XLSX and CSV export needs: safe sheet names, cells that are never run as formulas,
and CSV that Excel opens in any script."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

# Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"


def sheet_title(text: str) -> str:
    """`text` as an Excel sheet name: no []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31]


def safe_cell(value: object) -> object:
    """A text starting like a formula, quoted so a spreadsheet never runs it (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """`rows` as UTF-8 CSV with a byte order mark, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")
