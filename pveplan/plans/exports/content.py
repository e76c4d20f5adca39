"""What every export shows, as plain data in one language: the plan's title, summary and facts,
then its action matrix (the structure tree, depth first). PDF, DOCX and XLSX render this.

Build it inside `translation.override(...)`: labels, reference names and date formats follow the
active language. After the facts come the plan's process status (its ten phases) and its legal
and policy framework; after the matrix, the consultation annex (stakeholders by public reference
only: never contact details, never a pseudonymous contributor's name).
"""

from __future__ import annotations

import datetime
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pveplan.consultations.queries import Annex, annex
from pveplan.core.i18n import LANGUAGE_NAMES, RTL_LANGUAGES, UN_LANGUAGES, Shown, pick, texts_of
from pveplan.instruments.queries import framework_for
from pveplan.plans.models import DEFAULT_TIERS, MAX_LEVEL, Plan, PlanNode
from pveplan.process.queries import process_summary


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass
class NodeRow:
    """One pillar, objective, action or sub-action as a row of the action matrix."""

    level: int
    tier: str
    code: str
    text: Shown
    tags: list[str]
    lead_body: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    estimated_cost: Decimal | None
    currency: str
    status: str

    @property
    def fallback_language(self) -> str:
        """The language the text is shown in when it is missing in the export's language."""
        return language_name(self.text.language) if self.text.is_fallback else ""

    @property
    def isolated_tags(self) -> str:
        """The tags, each isolated (FSI...PDI) so a list of Latin codes reads in order in an
        Arabic paragraph too; cheaper for WeasyPrint than a <bdi> element per tag."""
        return " · ".join(f"\u2068{tag}\u2069" for tag in self.tags)

    @property
    def shown_dates(self) -> str:
        if not (self.start_date or self.end_date):
            return ""
        return f"{shown_date(self.start_date) or '…'} – {shown_date(self.end_date) or '…'}"

    @property
    def shown_cost(self) -> str:
        if self.estimated_cost is None:
            return ""
        return f"{number_format(self.estimated_cost, 0, force_grouping=True)} {self.currency}"


@dataclass(frozen=True)
class FrameworkLine:
    """One plan item's reliance on a legal or policy instrument."""

    code: str
    item: Shown
    instrument: Shown
    kind: str
    harmonization: str
    must_change: bool
    note: str


@dataclass(frozen=True)
class PhaseLine:
    """One phase of the plan's process."""

    number: int
    name: str
    status: str
    dates: str
    responsible: str
    checklist: str
    is_current: bool


@dataclass
class PlanDocument:
    plan: Plan
    language: str
    title: Shown
    summary: Shown
    facts: list[Fact]
    rows: list[NodeRow]
    exported_by: str | None  # a username; "" for an anonymous visitor, None for the system
    exported_at: datetime.datetime
    sensitivity: str
    framework: list[FrameworkLine] = field(default_factory=list)
    phases: list[PhaseLine] = field(default_factory=list)
    current_phase: str = ""
    next_phase: str = ""
    annex: Annex | None = None

    @property
    def has_annex(self) -> bool:
        return self.annex is not None and bool(self.annex.events or self.annex.inputs)

    def share(self, value: float | None) -> str:
        return f"{number_format(value, 1)} %" if value is not None else "—"

    @property
    def inclusion_line(self) -> str:
        """The inclusion figures in one sentence."""
        if self.annex is None:
            return ""
        figures = self.annex.figures
        return _(
            "%(total)s participants: %(women)s women, %(youth)s youth (18-29), "
            "%(cso)s from civil society."
        ) % {
            "total": number_format(figures.total, 0, force_grouping=True),
            "women": self.share(figures.share_women),
            "youth": self.share(figures.share_youth),
            "cso": self.share(figures.share_cso),
        }

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    @property
    def html_lang(self) -> str:
        return "zh-Hans" if self.language == "zh" else self.language

    @property
    def exported_line(self) -> str:
        """The line every page carries: how sensitive the plan is, who exported it and when."""
        when = date_format(self.exported_at, "DATETIME_FORMAT") + " UTC"
        if self.exported_by:
            line = _("Exported by %(user)s on %(when)s") % {"user": self.exported_by, "when": when}
        elif self.exported_by == "":
            line = _("Exported by an anonymous visitor on %(when)s") % {"when": when}
        else:
            line = _("Exported by the system on %(when)s") % {"when": when}
        return f"{self.sensitivity} · {line}"


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


def shown_date(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _strong_direction(char: str) -> str | None:
    kind = unicodedata.bidirectional(char)
    return "rtl" if kind in ("R", "AL") else "ltr" if kind == "L" else None


def text_direction(text: str, default: str) -> str:
    """ "rtl" or "ltr" from the first strongly directional letter, like HTML's dir="auto"."""
    return next((d for d in map(_strong_direction, text) if d), default)


def direction_runs(text: str, default: str) -> list[tuple[str, str]]:
    """`text` cut where the script changes direction, as (piece, "rtl" or "ltr"). Characters
    with no direction of their own (spaces, digits, punctuation) stay with the piece before."""
    pieces: list[tuple[str, str]] = []
    current, start = text_direction(text, default), 0
    for index, char in enumerate(text):
        direction = _strong_direction(char)
        if direction and direction != current:
            pieces.append((text[start:index], current))
            current, start = direction, index
    pieces.append((text[start:], current))
    return [piece for piece in pieces if piece[0]]


def page_parts() -> list[str]:
    """The translated "Page n / N" split into text and the markers "{page}" and "{pages}", for
    renderers that fill in page numbers themselves (CSS counters, Word fields, Excel codes)."""
    template = _("Page %(page)s / %(pages)s") % {"page": "\0{page}\0", "pages": "\0{pages}\0"}
    return [part for part in template.split("\0") if part]


def tier_names(plan: Plan, language: str) -> list[str]:
    """Each tier's name, top first: the plan's own in `language` (or a fallback) where it names
    one, else the defaults."""
    names = [str(name) for name in DEFAULT_TIERS]
    custom = plan.tier_names if isinstance(plan.tier_names, list) else []
    for index, entry in enumerate(custom[:MAX_LEVEL]):
        if isinstance(entry, str):
            text = entry
        elif isinstance(entry, dict):
            texts = {
                code: str(value.get("text", "") if isinstance(value, dict) else value)
                for code, value in entry.items()
                if code in UN_LANGUAGES
            }
            text = pick(texts, language, original=plan.original_language).text
        else:
            text = ""
        if text.strip():
            names[index] = text.strip()
    return names


def _tags(node: PlanNode) -> list[str]:
    # Prefetched by for_tree; the same short forms as the structure page.
    return [
        *(_("PoA %(number)s") % {"number": area.number} for area in node.priority_areas.all()),
        *(driver.code for driver in node.drivers.all()),
        *(_("GCTS %(numeral)s") % {"numeral": p.numeral} for p in node.gcts_pillars.all()),
        *(target.code for target in node.sdg_targets.all()),
    ]


def node_rows(plan: Plan, language: str) -> list[NodeRow]:
    """Every node of the plan, depth first (a pillar, then its objectives and their actions)."""
    tiers = tier_names(plan, language)
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in PlanNode.objects.filter(plan=plan).for_tree():
        children[node.parent_id].append(node)
    rows: list[NodeRow] = []
    stack = list(reversed(children[None]))
    while stack:
        node = stack.pop()
        rows.append(
            NodeRow(
                level=node.level,
                tier=tiers[node.level - 1],
                code=node.code,
                text=pick(texts_of(node.text), language, original=plan.original_language),
                tags=_tags(node),
                lead_body=node.lead_body.label if node.lead_body else "",
                start_date=node.start_date,
                end_date=node.end_date,
                estimated_cost=node.estimated_cost,
                currency=node.currency,
                status=str(node.get_status_display()),
            )
        )
        stack.extend(reversed(children[node.pk]))
    return rows


def _facts(plan: Plan) -> list[Fact]:
    dash = "—"
    facts = [
        Fact(_("Code"), plan.code),
        Fact(_("Scope"), str(plan.get_scope_display())),
        Fact(_("Owner"), plan.owner.label),
        Fact(_("Status"), str(plan.get_status_display())),
        Fact(_("Period"), plan.period or dash),
        Fact(_("Lead coordination body"), plan.lead_body.label if plan.lead_body else dash),
        Fact(_("Language of the original"), language_name(plan.original_language)),
        Fact(
            _("Priority areas"),
            ", ".join(f"{a.number}. {a.label}" for a in plan.priority_areas.all()) or dash,
        ),
    ]
    if plan.subnational_area:
        facts.insert(3, Fact(_("Sub-national area"), plan.subnational_area))
    if plan.adoption_date:
        facts += [
            Fact(_("Adopted by"), plan.adoption_body or dash),
            Fact(_("Adoption date"), date_format(plan.adoption_date, "DATE_FORMAT")),
            Fact(_("Legal instrument of adoption"), plan.adoption_instrument or dash),
        ]
    if plan.next_review_date:
        facts.append(Fact(_("Next review"), date_format(plan.next_review_date, "DATE_FORMAT")))
    return facts


def build(plan: Plan, *, language: str, user: Any) -> PlanDocument:
    """The plan as an export shows it in `language` (call inside translation.override).

    `user` is who exports it: a user, an anonymous visitor, or None for the system."""
    original = plan.original_language
    if user is None:
        exported_by = None
    else:
        exported_by = user.get_username() if getattr(user, "is_authenticated", False) else ""
    return PlanDocument(
        plan=plan,
        language=language,
        title=pick(texts_of(plan.title), language, original=original),
        summary=pick(texts_of(plan.summary), language, original=original),
        facts=_facts(plan),
        rows=node_rows(plan, language),
        exported_by=exported_by,
        exported_at=timezone.now().astimezone(datetime.UTC),
        sensitivity=capfirst(str(plan.get_sensitivity_display())),
        framework=_framework(plan, language, user),
        annex=annex(plan, language=language),
        **_process(plan),
    )


def _process(plan: Plan) -> dict[str, Any]:
    """The plan's phases, with the current and the next one; nothing when none was started."""
    summary = process_summary(plan)
    if not any(row.record for row in summary.rows):
        return {}
    phases = [
        PhaseLine(
            number=row.phase.number,
            name=row.phase.label,
            status=row.status_label,
            dates=(
                f"{shown_date(row.start_date) or '…'} – {shown_date(row.end_date) or '…'}"
                if row.start_date or row.end_date
                else ""
            ),
            responsible=row.responsible_body.label if row.responsible_body else "",
            checklist=f"{row.checklist_done} / {row.checklist_total}",
            is_current=summary.current is not None and row.code == summary.current.code,
        )
        for row in summary.rows
    ]
    return {
        "phases": phases,
        "current_phase": summary.current.phase.label if summary.current else "",
        "next_phase": summary.next.phase.label if summary.next else "",
    }


def _framework(plan: Plan, language: str, user: Any) -> list[FrameworkLine]:
    """The instruments the plan relies on or must change; only those `user` may see."""
    reader = user if getattr(user, "is_authenticated", False) else None
    if user is not None and reader is None:
        return []  # an anonymous visitor sees no country's legal registry
    return [
        FrameworkLine(
            code=row.node.code,
            item=pick(texts_of(row.node.text), language, original=plan.original_language),
            instrument=pick(
                texts_of(row.instrument.title), language, original=row.instrument.original_language
            ),
            kind=str(row.instrument.get_type_display()),
            harmonization=str(row.link.get_harmonization_display()),
            must_change=row.must_change,
            note=row.note,
        )
        for row in framework_for(plan, reader)
    ]
