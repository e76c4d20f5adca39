"""The overview's balances as an XLSX workbook: one sheet per donor balance, one per country.

Amounts are typed number cells (a spreadsheet shows them in its reader's number format); in a
right-to-left language the sheets run right to left. A USD figure that could not be converted
(no rate) is left empty, and the missing rates are listed under the table.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from pveplan.core.spreadsheets import sheet_title
from pveplan.funding.balances import USD, Overview

BOLD = Font(bold=True)
AMOUNT = "#,##0.00"


def _row(sheet: Worksheet, values: list[object], bold: bool = False) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, Decimal | int | float):
            cell.number_format = AMOUNT
        if bold:
            cell.font = BOLD


def _usd(usd: USD | None, *names: str) -> list[object]:
    return [getattr(usd, name) if usd is not None else None for name in names]


def _footer(sheet: Worksheet, report: Overview) -> None:
    sheet.append([])
    sheet.append(
        [
            _("As at %(date)s; USD at the latest rate on or before that date.")
            % {"date": report.on.isoformat()}
        ]
    )
    for missing in report.missing:
        sheet.append([missing.message])


def balances_workbook(report: Overview, *, rtl: bool = False) -> bytes:
    book = Workbook()
    donors = book.active
    assert donors is not None
    if report.shows_donors:
        donors.title = sheet_title(_("Balances per donor"))
        _row(
            donors,
            [
                _("Donor"),
                _("Currency"),
                _("Contributed"),
                _("of which pledged"),
                _("Allocated"),
                _("Spent"),
                _("Unallocated"),
                _("Contributed (USD)"),
                _("Allocated (USD)"),
                _("Spent (USD)"),
                _("Unallocated (USD)"),
            ],
            bold=True,
        )
        for row in report.donors:
            f = row.figures
            _row(
                donors,
                [
                    row.donor.label,
                    row.currency,
                    f.contributed,
                    f.pledged,
                    f.allocated,
                    f.spent,
                    f.unallocated,
                    *_usd(row.usd, "contributed", "allocated", "spent", "unallocated"),
                ],
            )
        total = report.donor_total
        _row(
            donors,
            [
                _("Total (USD)"),
                "USD",
                None,
                None,
                None,
                None,
                None,
                *_usd(total, "contributed", "allocated", "spent", "unallocated"),
            ],
            bold=True,
        )
        _footer(donors, report)
        countries = book.create_sheet()
    else:
        countries = donors
    countries.title = sheet_title(_("Allocations per country"))
    _row(
        countries,
        [
            _("Country or organization"),
            _("Currency"),
            _("Allocated"),
            _("Spent"),
            _("Remaining"),
            _("Allocated (USD)"),
            _("Spent (USD)"),
            _("Remaining (USD)"),
        ],
        bold=True,
    )
    for country in report.countries:
        for currency, f, usd in country.by_currency:
            _row(
                countries,
                [
                    country.recipient.label,
                    currency,
                    f.allocated,
                    f.spent,
                    f.remaining,
                    *_usd(usd, "allocated", "spent", "remaining"),
                ],
            )
    _row(
        countries,
        [
            _("Total (USD)"),
            "USD",
            None,
            None,
            None,
            *_usd(report.country_total, "allocated", "spent", "remaining"),
        ],
        bold=True,
    )
    _footer(countries, report)
    for sheet in book.worksheets:
        sheet.sheet_view.rightToLeft = rtl
        sheet.column_dimensions["A"].width = 40
    out = BytesIO()
    book.save(out)
    return out.getvalue()
