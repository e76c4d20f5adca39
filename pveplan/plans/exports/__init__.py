"""A plan as a document: PDF (WeasyPrint), DOCX (python-docx) and XLSX (openpyxl), in any of
the six UN languages, Arabic right to left.

`content.py` gathers what every export shows; `pdf.py`, `docx.py` and `xlsx.py` render it;
`tasks.py` runs large exports in the background with a progress bar.
Callers check access first (`access_plan` for the web; the command may export any plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_noop

from pveplan.core import audit
from pveplan.core.i18n import UN_LANGUAGES, django_language
from pveplan.plans.exports import content
from pveplan.plans.models import Plan

# Told how many rows of the action matrix are rendered so far.
RowCallback = Callable[[int], None]
# Told (done, total, message id) as the export goes: see `export_plan`.
ProgressCallback = Callable[[int, int, str], None]

GATHERING = gettext_noop("Gathering the plan")
RENDERING = gettext_noop("Rendering the document")
WRITING = gettext_noop("Writing the file")


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[content.PlanDocument, RowCallback | None], bytes]


def _pdf(document: content.PlanDocument, on_row: RowCallback | None) -> bytes:
    from pveplan.plans.exports import pdf  # WeasyPrint loads Pango: only when asked for a PDF

    return pdf.render(document, on_row=on_row)


def _docx(document: content.PlanDocument, on_row: RowCallback | None) -> bytes:
    from pveplan.plans.exports import docx

    return docx.render(document, on_row=on_row)


def _xlsx(document: content.PlanDocument, on_row: RowCallback | None) -> bytes:
    from pveplan.plans.exports import xlsx

    return xlsx.render(document, on_row=on_row)


FORMATS: dict[str, Format] = {
    "pdf": Format("pdf", "application/pdf", _pdf),
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx,
    ),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx
    ),
}
LANGUAGES = UN_LANGUAGES


def export_plan(
    plan: Plan,
    *,
    format: str,
    language: str,
    user: Any,
    on_progress: ProgressCallback | None = None,
) -> bytes:
    """The plan as a `format` document in `language`, and one "plan.export" audit event.

    `user` is who exports (None for the system); the caller has checked they may see the plan.
    `on_progress(done, total, message)` follows the work in steps: one for gathering the plan,
    one per row of the action matrix rendered, one for writing the file (message ids GATHERING,
    RENDERING, WRITING; the total is 0 until the plan is gathered). Whatever it raises stops
    the export before the audit event.
    Raises ValueError for an unknown format or language.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown export language {language!r}")
    report = on_progress or (lambda done, total, message: None)
    report(0, 0, GATHERING)
    with translation.override(django_language(language)):
        document = content.build(plan, language=language, user=user)
        total = len(document.rows) + 2
        report(1, total, RENDERING)
        data = FORMATS[format].render(document, lambda rows: report(1 + rows, total, RENDERING))
    report(total - 1, total, WRITING)
    audit.record(
        action="plan.export",
        actor=user,
        obj=plan,
        after={"format": format, "language": language, "nodes": len(document.rows)},
    )
    return data


def filename(plan: Plan, *, format: str, language: str) -> str:
    """`<plan code>-<language>.<extension>`; plan codes are slugs, so the name is safe."""
    return f"{plan.code}-{language}.{FORMATS[format].extension}"
