"""XLSX export with openpyxl: the action matrix, one row per node, then the plan's facts.

Dates and costs are typed cells, so a spreadsheet formats them in its reader's locale; an RTL
language makes the sheets right to left (column A on the right). The matrix can be edited and
uploaded back (`pveplan.plans.imports`): its columns are `imports.columns`, with a hidden key
column and a hidden sheet describing the download.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pveplan.core.spreadsheets import sheet_title
from pveplan.plans.exports.content import PlanDocument, language_name, page_parts, tier_names
from pveplan.plans.imports import columns
from pveplan.plans.models import NodeStatus, PlanNode

BOLD = Font(bold=True)
MUTED = Font(italic=True, color="666666")
MUTED_HEADING = Font(bold=True, italic=True, color="666666")
# Rows below the matrix that get the status and DDR pick lists, for rows added offline.
ROWS_TO_ADD = 200
HEADING_FILL = PatternFill("solid", fgColor="E8EDF3")
WRAP = Alignment(wrap_text=True, vertical="top")


def _page_setup(sheet: Worksheet, document: PlanDocument) -> None:
    sheet.sheet_view.rightToLeft = document.direction == "rtl"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.oddHeader.center.text = document.exported_line.replace("&", "&&")
    codes = {"{page}": "&P", "{pages}": "&N"}
    sheet.oddFooter.center.text = "".join(
        codes.get(part) or part.replace("&", "&&") for part in page_parts()
    )


def _matrix(
    matrix: Worksheet, document: PlanDocument, on_row: Callable[[int], None] | None
) -> list[PlanNode]:
    """The action matrix (`imports.columns`), one row per node with its key in the hidden last
    column; returns the nodes in the order written."""
    plan, language = document.plan, document.language
    nodes = columns.depth_first(plan)
    refs = columns.parent_refs(nodes)
    tiers = tier_names(plan, language)
    matrix.append([str(column.label) for column in columns.COLUMNS])
    for index, column in enumerate(columns.COLUMNS, start=1):
        cell = matrix.cell(row=1, column=index)
        cell.font, cell.fill, cell.alignment = BOLD, HEADING_FILL, WRAP
        if not column.editable:
            cell.font = MUTED_HEADING
        matrix.column_dimensions[cell.column_letter].width = column.width
    for node in nodes:
        values = columns.row_values(node, language=language, tiers=tiers, refs=refs)
        matrix.append([values[column.name] for column in columns.COLUMNS])
        number = matrix.max_row
        for cell in matrix[number]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text a user wrote, never a formula the reader runs
        text = matrix.cell(row=number, column=columns.TEXT_COLUMN)
        text.alignment = Alignment(wrap_text=True, vertical="top", indent=node.level - 1)
        if node.level == 1:
            for cell in matrix[number]:
                cell.font = BOLD
        for column_number in columns.DATE_COLUMNS:
            matrix.cell(row=number, column=column_number).number_format = "yyyy-mm-dd"
        matrix.cell(row=number, column=columns.COST_COLUMN).number_format = "#,##0.00"
        if on_row:
            on_row(number - 1)
    matrix.column_dimensions[get_column_letter(columns.KEY_COLUMN)].hidden = True
    # Rows added offline get the same pick lists; nothing is protected.
    last = matrix.max_row + ROWS_TO_ADD
    _choices(matrix, [str(label) for label in NodeStatus.labels], columns.STATUS_COLUMN, last)
    _choices(matrix, list(columns.yes_no()), columns.DDR_COLUMN, last)
    matrix.freeze_panes = "A2"
    matrix.auto_filter.ref = f"A1:{get_column_letter(columns.KEY_COLUMN - 1)}{matrix.max_row}"
    matrix.print_title_rows = "1:1"
    return nodes


def _choices(sheet: Worksheet, options: list[str], column: int, last_row: int) -> None:
    if any("," in option or '"' in option for option in options):
        return  # a list validation cannot hold these; the reader checks the values anyway
    letter = get_column_letter(column)
    validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"')
    validation.allow_blank = True
    validation.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(validation)


def _meta(book: Workbook, document: PlanDocument, nodes: list[PlanNode], title: str) -> None:
    meta = book.create_sheet(columns.META_SHEET)
    meta.sheet_state = "hidden"
    meta.sheet_view.rightToLeft = document.direction == "rtl"  # like every sheet of the book
    for row in columns.meta_rows(document.plan, document.language, nodes, title):
        meta.append(row)


def render(document: PlanDocument, *, on_row: Callable[[int], None] | None = None) -> bytes:
    """The document as XLSX bytes; `on_row(n)` is told after each row of the matrix."""
    book = Workbook()
    matrix = book.active
    assert matrix is not None
    matrix.title = sheet_title(_("Action matrix"))
    _page_setup(matrix, document)
    nodes = _matrix(matrix, document, on_row)

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
    about.append(
        [
            _(
                "To update the plan from this file, edit the action matrix and upload it on "
                "the plan's import page. Keep the hidden key column: it matches rows to the "
                "plan's items. Leave it empty in the rows you add."
            )
        ]
    )
    about.append([document.exported_line])
    about.cell(row=about.max_row, column=1).font = MUTED
    _meta(book, document, nodes, matrix.title)

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
