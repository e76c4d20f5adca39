"""The 3W table as a spreadsheet (XLSX, right-to-left in Arabic) and as CSV (UTF-8 with a byte
order mark, so Excel reads Arabic and other scripts right)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from pveplan.core.i18n import RTL_LANGUAGES, content_language
from pveplan.core.spreadsheets import csv_bytes, safe_cell, sheet_title
from pveplan.providers.threew import Matrix, table_headers


def to_csv(data: Matrix) -> bytes:
    return csv_bytes([table_headers(), *data.table()])


def to_xlsx(data: Matrix) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(_("Who does what where"))
    sheet.sheet_view.rightToLeft = content_language() in RTL_LANGUAGES
    sheet.append(table_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in data.table():
        sheet.append([safe_cell(v) for v in line])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEF", (34, 10, 40, 50, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
