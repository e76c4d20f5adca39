"""Open an uploaded action matrix: check the file, find the headings and the hidden description
of the download, and hand back the rows' raw cells. What the cells mean is `values.py`'s job.

Nothing is read before `check_upload` has accepted the file (an XLSX by its content, at most
`MAX_BYTES`, not a zip bomb); openpyxl then reads it in read-only mode, values only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any

import openpyxl
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.workbook.workbook import Workbook

from pveplan.core.i18n import FALLBACK_LANGUAGE, UN_LANGUAGES, django_language
from pveplan.core.uploads import MB, check_upload
from pveplan.plans.imports import columns

MAX_BYTES = 10 * MB
# A plan has hundreds of items at most; this bounds the work a single upload can cause.
MAX_ROWS = 5000
MAX_COLUMNS = 100
REQUIRED = [c.name for c in columns.COLUMNS if c.editable or c.name == "key"]


@dataclass(frozen=True)
class Meta:
    """What the hidden sheet says about the download."""

    plan_id: int
    language: str
    sheet: str
    exported: dict[int, int]  # node id -> its version when downloaded


@dataclass
class SheetRow:
    number: int  # as the spreadsheet numbers it: the headings are row 1
    cells: dict[str, Any]  # raw values by column name


@dataclass
class Sheet:
    meta: Meta
    headings: dict[str, str]  # column name -> its heading as the sheet writes it
    rows: list[SheetRow] = field(default_factory=list)
    sha256: str = ""

    def heading(self, name: str) -> str:
        return self.headings.get(name, name)


def read(file: IO[bytes] | Any) -> Sheet:
    """The action matrix in `file` (an upload or a binary stream).

    Raises ValidationError, with a message for whoever uploaded it, when the file is not an
    XLSX within the limits or not an action matrix downloaded from pveplan.
    """
    check_upload(file, kinds={"xlsx"}, max_bytes=MAX_BYTES)
    file.seek(0)
    digest = hashlib.sha256(file.read()).hexdigest()
    file.seek(0)
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError(
            _("The workbook could not be opened; it may be damaged. Save it again and retry.")
        ) from error
    try:
        meta = _meta(book)
        matrix = book[meta.sheet] if meta.sheet in book.sheetnames else book.worksheets[0]
        sheet = _rows(matrix, meta)
    except ValidationError:
        raise
    except Exception as error:  # a damaged part of the workbook shows only while reading
        raise ValidationError(
            _("The workbook could not be read; it may be damaged. Save it again and retry.")
        ) from error
    finally:
        book.close()
    sheet.sha256 = digest
    return sheet


def read_bytes(data: bytes) -> Sheet:
    """`read` for a file kept in storage."""
    return read(BytesIO(data))


def not_a_download() -> ValidationError:
    return ValidationError(
        _(
            "This workbook is not an action matrix downloaded from this site (its hidden "
            "description sheet is missing or changed). Download the action matrix as XLSX, "
            "edit that file and upload it."
        )
    )


def _meta(book: Workbook) -> Meta:
    if columns.META_SHEET not in book.sheetnames:
        raise not_a_download()
    values: dict[str, Any] = {}
    exported: dict[int, int] = {}
    for row in book[columns.META_SHEET].iter_rows(max_col=2, values_only=True):
        name, value = (*row, None, None)[:2]
        if name == "node" and isinstance(value, str) and (key := columns.parse_key(value)):
            exported[key[0]] = key[1]
        elif isinstance(name, str):
            values[name] = value
    plan_id, language = values.get("plan"), values.get("language")
    if (
        values.get("format") != columns.META_FORMAT
        or not isinstance(plan_id, int)
        or language not in UN_LANGUAGES
    ):
        raise not_a_download()
    return Meta(
        plan_id=plan_id,
        language=str(language),
        sheet=str(values.get("sheet") or ""),
        exported=exported,
    )


def expected_headings(language: str) -> dict[str, str]:
    """Each column's heading in `language`, by column name."""
    with translation.override(django_language(language)):
        return {column.name: str(column.label) for column in columns.COLUMNS}


def _columns_of(first_row: tuple[Any, ...], meta: Meta) -> dict[int, str]:
    """Which column name each cell of the heading row stands for, by position."""
    # Headings in the download's language; English ones are accepted too (a catalogue may
    # have been updated since the download).
    known: dict[str, str] = {}
    for language in (FALLBACK_LANGUAGE, meta.language):
        known.update(
            {label.strip().casefold(): name for name, label in expected_headings(language).items()}
        )
    found: dict[int, str] = {}
    for index, value in enumerate(first_row):
        name = known.get(str(value).strip().casefold()) if value is not None else None
        if name is None:
            continue  # a column of the user's own: ignored
        if name in found.values():
            raise ValidationError(
                _("The column “%(heading)s” appears twice in the first row.")
                % {"heading": str(value).strip()}
            )
        found[index] = name
    missing = [name for name in REQUIRED if name not in found.values()]
    if missing:
        labels = expected_headings(meta.language)
        raise ValidationError(
            _(
                "The first row does not hold the headings of the action matrix; missing: "
                "%(missing)s. Download the action matrix again and edit that file."
            )
            % {"missing": ", ".join(f"“{labels[name]}”" for name in missing)}
        )
    return found


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows(matrix: Any, meta: Meta) -> Sheet:
    rows = matrix.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    first = next(rows, None)
    if first is None:
        raise ValidationError(_("The action matrix sheet is empty."))
    found = _columns_of(tuple(first), meta)
    sheet = Sheet(
        meta=meta, headings={name: str(first[index]).strip() for index, name in found.items()}
    )
    for number, values in enumerate(rows, start=2):
        editable = [i for i, name in found.items() if name in REQUIRED and i < len(values)]
        if all(_blank(values[index]) for index in editable):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise ValidationError(
                _("The sheet has more than %(count)s rows; a plan cannot be imported at that size.")
                % {"count": MAX_ROWS}
            )
        cells = {
            name: values[index] if index < len(values) else None for index, name in found.items()
        }
        sheet.rows.append(SheetRow(number=number, cells=cells))
    return sheet
