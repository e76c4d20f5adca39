"""A plan as a document: PDF (WeasyPrint), DOCX (python-docx) and XLSX (openpyxl), in any of
the six UN languages, Arabic right to left.

`content.py` gathers what every export shows; `pdf.py`, `docx.py` and `xlsx.py` render it.
Callers check access first (`access_plan` for the web; the command may export any plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from pveplan.core import audit
from pveplan.core.i18n import UN_LANGUAGES, django_language
from pveplan.plans.exports import content
from pveplan.plans.models import Plan


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[content.PlanDocument], bytes]


def _pdf(document: content.PlanDocument) -> bytes:
    from pveplan.plans.exports import pdf  # WeasyPrint loads Pango: only when asked for a PDF

    return pdf.render(document)


def _docx(document: content.PlanDocument) -> bytes:
    from pveplan.plans.exports import docx

    return docx.render(document)


def _xlsx(document: content.PlanDocument) -> bytes:
    from pveplan.plans.exports import xlsx

    return xlsx.render(document)


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


def export_plan(plan: Plan, *, format: str, language: str, user: Any) -> bytes:
    """The plan as a `format` document in `language`, and one "plan.export" audit event.

    `user` is who exports (None for the system); the caller has checked they may see the plan.
    Raises ValueError for an unknown format or language.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown export language {language!r}")
    with translation.override(django_language(language)):
        document = content.build(plan, language=language, user=user)
        data = FORMATS[format].render(document)
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
