"""The 3W table as a spreadsheet (XLSX, right-to-left in Arabic) and as CSV (UTF-8 with a byte
order mark, so Excel reads Arabic and other scripts right)."""

from __future__ import annotations

import csv
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from pveplan.core.i18n import RTL_LANGUAGES, content_language
from pveplan.providers.threew import Matrix, table_headers

BOM = "\ufeff"


def _safe(value: object) -> object:
    # A text starting like a formula is not run by a spreadsheet (CSV/formula injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(data: Matrix) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table_headers())
    for line in data.table():
        writer.writerow([_safe(v) for v in line])
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(data: Matrix) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    # Excel refuses []:*?/ and backslashes in sheet names and more than 31 characters.
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", _("Who does what where"))[:31]
    sheet.sheet_view.rightToLeft = content_language() in RTL_LANGUAGES
    sheet.append(table_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in data.table():
        sheet.append([_safe(v) for v in line])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEF", (34, 10, 40, 50, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
