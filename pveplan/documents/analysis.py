"""Cross-plan analysis of imported plans: PoA coverage per plan, and a comparison table
(actions, budget, indicators, consultation, lead body, time span), with XLSX and CSV exports.

An imported plan is a document the user can see that was read (ready) or turned into a plan
(converted). Only segments not rejected count. Everything is read in three queries whatever the
number of documents: the documents, their segments, their pages' text.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from pveplan.core import audit
from pveplan.core.i18n import RTL_LANGUAGES, content_language
from pveplan.core.spreadsheets import csv_bytes, safe_cell, sheet_title
from pveplan.documents.models import (
    DocumentPage,
    DocumentStatus,
    ReviewStatus,
    Segment,
    SegmentKind,
    SourceDocument,
)
from pveplan.documents.review import years_in
from pveplan.taxonomy.models import PriorityArea

IMPORTED = (DocumentStatus.READY, DocumentStatus.CONVERTED)
HEAT_LEVELS = 4

# Words that show a plan measures its results, and that it was consulted on, in the six UN
# languages (stems, matched case-insensitively anywhere in the text).
INDICATOR_WORDS = ("indicator", "indicateur", "مؤشر", "индикатор", "показател", "indicador", "指标")
CONSULTATION_WORDS = (
    "consultation",
    "consulted",
    "تشاور",
    "مشاور",
    "консультац",
    "consulta",
    "协商",
    "磋商",
)
_INDICATORS = re.compile("|".join(map(re.escape, INDICATOR_WORDS)), re.IGNORECASE)
_CONSULTATION = re.compile("|".join(map(re.escape, CONSULTATION_WORDS)), re.IGNORECASE)


@dataclass
class PlanFacts:
    """One imported plan as the comparison table shows it."""

    document: SourceDocument
    actions: int = 0
    per_area: dict[int, int] = field(default_factory=dict)
    heat: dict[int, int] = field(default_factory=dict)
    budget: bool = False
    indicators: bool = False
    consultation: bool = False
    lead_body: str = ""
    first_year: int | None = None
    last_year: int | None = None
    # (area, actions, heat level) for each PoA area, in order: the coverage row.
    cells: list[tuple[PriorityArea, int, int]] = field(default_factory=list)

    @property
    def span(self) -> str:
        if self.first_year is None:
            return ""
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


@dataclass
class Analysis:
    areas: list[PriorityArea]
    plans: list[PlanFacts]

    def headers(self) -> list[str]:
        return [
            _("Plan document"),
            _("Country or organization"),
            _("Language"),
            _("Status"),
            _("Actions"),
            _("Budget present"),
            _("Indicators present"),
            _("Consultation described"),
            _("Lead body"),
            _("Time span"),
        ]

    def rows(self) -> list[list[Any]]:
        yes, no = _("yes"), _("no")
        return [
            [
                p.document.title,
                str(p.document.owner.label),
                p.document.get_language_display(),
                p.document.get_status_display(),
                p.actions,
                yes if p.budget else no,
                yes if p.indicators else no,
                yes if p.consultation else no,
                p.lead_body,
                p.span,
            ]
            for p in self.plans
        ]

    def coverage_headers(self) -> list[str]:
        return [_("Plan document"), *[f"{a.number}. {a.label}" for a in self.areas]]

    def coverage_rows(self) -> list[list[Any]]:
        return [
            [p.document.title, *[p.per_area.get(a.number, 0) for a in self.areas]]
            for p in self.plans
        ]


def analyse(user: Any) -> Analysis:
    documents = list(
        SourceDocument.objects.visible_to(user)
        .filter(status__in=IMPORTED)
        .select_related(
            "owner__country",
            "owner__regional_organization",
            "owner__sectoral_body",
            "owner__un_entity",
        )
        .order_by("title", "pk")
    )
    facts = {d.pk: PlanFacts(document=d) for d in documents}
    leads: dict[int, Counter[str]] = defaultdict(Counter)
    timeframe_years: dict[int, list[int]] = defaultdict(list)
    segments = (
        Segment.objects.filter(document_id__in=facts)
        .exclude(review=ReviewStatus.REJECTED)
        .values_list("document_id", "kind", "areas", "text", "lead_body", "timeframe", "cost")
    )
    for document_id, kind, areas, text, lead_body, timeframe, cost in segments:
        plan = facts[document_id]
        if kind == SegmentKind.ACTION:
            plan.actions += 1
            for number in areas or []:
                plan.per_area[number] = plan.per_area.get(number, 0) + 1
        plan.budget = plan.budget or bool(cost.strip())
        plan.indicators = plan.indicators or bool(_INDICATORS.search(text))
        plan.consultation = plan.consultation or bool(_CONSULTATION.search(text))
        if lead_body.strip():
            leads[document_id][lead_body.strip()] += 1
        timeframe_years[document_id].extend(years_in(timeframe))
    text_years: dict[int, list[int]] = defaultdict(list)
    pages = DocumentPage.objects.filter(document_id__in=facts).values_list("document_id", "text")
    for document_id, text in pages:
        plan = facts[document_id]
        plan.indicators = plan.indicators or bool(_INDICATORS.search(text))
        plan.consultation = plan.consultation or bool(_CONSULTATION.search(text))
        text_years[document_id].extend(years_in(text))
    areas = list(PriorityArea.objects.order_by("number"))
    for document_id, plan in facts.items():
        if leads[document_id]:
            # The most frequent; ties go to the one found first.
            plan.lead_body = leads[document_id].most_common(1)[0][0]
        # The timeframes captured from tables say it best; the text's years otherwise.
        years = timeframe_years[document_id] or text_years[document_id]
        if years:
            plan.first_year, plan.last_year = min(years), max(years)
        top = max(plan.per_area.values(), default=0)
        plan.heat = {
            n: math.ceil(HEAT_LEVELS * count / top) if top else 0
            for n, count in plan.per_area.items()
        }
        plan.cells = [
            (a, plan.per_area.get(a.number, 0), plan.heat.get(a.number, 0)) for a in areas
        ]
    return Analysis(areas=areas, plans=list(facts.values()))


def to_csv(data: Analysis) -> bytes:
    """The comparison table with the actions per PoA area as extra columns (UTF-8 with BOM)."""
    header = [[*data.headers(), *data.coverage_headers()[1:]]]
    lines = [
        [*line, *coverage[1:]]
        for line, coverage in zip(data.rows(), data.coverage_rows(), strict=True)
    ]
    return csv_bytes(header + lines)


def to_xlsx(data: Analysis) -> bytes:
    """Two sheets: the comparison and the coverage; right to left when the UI is Arabic."""
    book = Workbook()
    rtl = content_language() in RTL_LANGUAGES
    sheets = [
        (book.active, _("Comparison"), data.headers(), data.rows()),
        (book.create_sheet(), _("PoA coverage"), data.coverage_headers(), data.coverage_rows()),
    ]
    for sheet, title, headers, rows in sheets:
        assert sheet is not None
        sheet.title = sheet_title(title)
        sheet.sheet_view.rightToLeft = rtl
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for line in rows:
            sheet.append([safe_cell(v) for v in line])
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def analysis_export(*, by: Any, format: str) -> bytes:
    """The analysis `by` may see as a `format` file ("xlsx" or "csv"), and one
    "documents.analysis_export" audit event naming the documents it covers."""
    if format not in ("xlsx", "csv"):
        raise ValueError(f"unknown export format {format!r}")
    data = analyse(by)
    body = to_xlsx(data) if format == "xlsx" else to_csv(data)
    audit.record(
        action="documents.analysis_export",
        actor=by,
        after={"format": format, "documents": [p.document.pk for p in data.plans]},
    )
    return body
