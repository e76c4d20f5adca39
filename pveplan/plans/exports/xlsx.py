"""XLSX export with openpyxl: the action matrix, one row per node, then the plan's facts.

Dates and costs are typed cells, so a spreadsheet formats them in its reader's locale; an RTL
language makes the sheets right to left (column A on the right).
"""

from __future__ import annotations

import re
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from pveplan.plans.exports.content import PlanDocument, language_name, page_parts

BOLD = Font(bold=True)
MUTED = Font(italic=True, color="666666")
HEADING_FILL = PatternFill("solid", fgColor="E8EDF3")
WRAP = Alignment(wrap_text=True, vertical="top")


def matrix_columns() -> list[tuple[str, int]]:
    """The action matrix's heading row: (label, width in characters)."""
    return [
        (_("Code"), 10),
        (_("Tier"), 12),
        (_("Text"), 60),
        (_("Fallback language"), 12),
        (_("Tags"), 18),
        (_("Lead body"), 24),
        (_("Start"), 12),
        (_("End"), 12),
        (_("Estimated cost"), 14),
        (_("Currency"), 9),
        (_("Status"), 12),
    ]


def sheet_title(text: str) -> str:
    # Excel refuses []:*?/\ in sheet names and more than 31 characters.
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31]


def _page_setup(sheet: Worksheet, document: PlanDocument) -> None:
    sheet.sheet_view.rightToLeft = document.direction == "rtl"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.oddHeader.center.text = document.exported_line.replace("&", "&&")
    codes = {"{page}": "&P", "{pages}": "&N"}
    sheet.oddFooter.center.text = "".join(
        codes.get(part) or part.replace("&", "&&") for part in page_parts()
    )


def render(document: PlanDocument) -> bytes:
    book = Workbook()
    matrix = book.active
    assert matrix is not None
    matrix.title = sheet_title(_("Action matrix"))
    _page_setup(matrix, document)
    columns = matrix_columns()
    matrix.append([label for label, _width in columns])
    for index, (_label, width) in enumerate(columns, start=1):
        cell = matrix.cell(row=1, column=index)
        cell.font, cell.fill, cell.alignment = BOLD, HEADING_FILL, WRAP
        matrix.column_dimensions[cell.column_letter].width = width
    for row in document.rows:
        matrix.append(
            [
                row.code,
                row.tier,
                row.text.text,
                row.fallback_language,
                ", ".join(row.tags),
                row.lead_body,
                row.start_date,
                row.end_date,
                row.estimated_cost,
                row.currency,
                row.status,
            ]
        )
        number = matrix.max_row
        text = matrix.cell(row=number, column=3)
        text.alignment = Alignment(wrap_text=True, vertical="top", indent=row.level - 1)
        if row.level == 1:
            for cell in matrix[number]:
                cell.font = BOLD
        for column in (7, 8):
            matrix.cell(row=number, column=column).number_format = "yyyy-mm-dd"
        matrix.cell(row=number, column=9).number_format = "#,##0.00"
    matrix.freeze_panes = "A2"
    matrix.auto_filter.ref = matrix.dimensions
    matrix.print_title_rows = "1:1"

    about = book.create_sheet(sheet_title(_("About this plan")))
    _page_setup(about, document)
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 90
    lines = [(_("Title"), document.title), (_("Summary"), document.summary)]
    for label, shown in lines:
        if shown.text:
            fallback = f" ({language_name(shown.language)})" if shown.is_fallback else ""
            about.append([label, shown.text + fallback])
    for fact in document.facts:
        about.append([fact.label, fact.value])
    for cells in about.iter_rows(max_col=2):
        cells[0].font, cells[1].alignment = BOLD, WRAP
    # Process status and the consultation annex get sheets of their own once those features exist.
    about.append([])
    about.append([document.exported_line])
    about.cell(row=about.max_row, column=1).font = MUTED

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
