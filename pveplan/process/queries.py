"""Reading a plan's process: the ten phases with what is recorded for each, in constant queries.

`process_summary(plan)` is for other pages and exports (the plan page, PDF/DOCX): two queries.
`process_detail(plan)` adds the checklist answers and evidence files the tracker page shows.

Which phase is "current": phases overlap in real processes (consultations go on while drafting,
costing starts before adoption, monitoring runs through implementation), so several may be in
progress at once. The current phase is the furthest one in progress, the front the process has
reached; when none is in progress, the first phase neither done nor skipped. The next phase is the
first one after the current phase that is neither done nor skipped. When every phase is done or
skipped there is neither.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.plans.models import Plan
from pveplan.process.guidance import PhaseGuidance, guidance_for
from pveplan.process.models import (
    SETTLED_STATUSES,
    ChecklistAnswer,
    Evidence,
    PhaseStatus,
    PlanPhase,
)
from pveplan.taxonomy.models import PlanPhase as Phase

# Who may be responsible for a phase: the plan's owner itself, or one of its ministries or
# sectoral bodies (the same bodies that may lead the plan's actions).
RESPONSIBLE_KINDS = (
    OrganizationKind.MEMBER_STATE,
    OrganizationKind.GOVERNMENT_BODY,
    OrganizationKind.REGIONAL_ORG,
    OrganizationKind.SECTORAL_BODY,
)

_BODY_RELATIONS = (
    "responsible_body__country",
    "responsible_body__regional_organization",
    "responsible_body__sectoral_body",
    "responsible_body__un_entity",
)


@dataclass
class ItemRow:
    key: str
    text: str
    answer: ChecklistAnswer | None

    @property
    def done(self) -> bool:
        return self.answer is not None and self.answer.done

    @property
    def version(self) -> int:
        return self.answer.version if self.answer is not None else 0


@dataclass
class PhaseRow:
    """One phase as pages and exports show it; `record` is None when nothing was recorded yet."""

    phase: Phase
    guidance: PhaseGuidance
    record: PlanPhase | None
    checklist_done: int
    evidence_count: int
    # Filled by process_detail only.
    answers: dict[str, ChecklistAnswer] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.phase.code

    @property
    def status(self) -> str:
        return self.record.status if self.record else PhaseStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return str(PhaseStatus(self.status).label)

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED_STATUSES

    @property
    def start_date(self) -> datetime.date | None:
        return self.record.start_date if self.record else None

    @property
    def end_date(self) -> datetime.date | None:
        return self.record.end_date if self.record else None

    @property
    def responsible_body(self) -> Organization | None:
        return self.record.responsible_body if self.record else None

    @property
    def notes(self) -> str:
        return self.record.notes if self.record else ""

    @property
    def skip_reason(self) -> str:
        return self.record.skip_reason if self.record else ""

    @property
    def version(self) -> int:
        """The version an edit must start from: 0 while nothing is recorded."""
        return self.record.version if self.record else 0

    @property
    def checklist_total(self) -> int:
        return len(self.guidance.items)

    def items(self) -> list[ItemRow]:
        return [
            ItemRow(key=key, text=str(text), answer=self.answers.get(key))
            for key, text in self.guidance.items
        ]


@dataclass
class ProcessSummary:
    """The whole process of a plan: every phase in order, the current and next ones, counts."""

    rows: list[PhaseRow]
    current: PhaseRow | None
    next: PhaseRow | None

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.status == PhaseStatus.DONE)

    @property
    def skipped(self) -> int:
        return sum(1 for row in self.rows if row.status == PhaseStatus.SKIPPED)

    @property
    def in_progress(self) -> list[PhaseRow]:
        return [row for row in self.rows if row.status == PhaseStatus.IN_PROGRESS]

    def row(self, code: str) -> PhaseRow | None:
        return next((row for row in self.rows if row.code == code), None)


def _phases() -> list[Phase]:
    return list(Phase.objects.filter(is_active=True).order_by("number"))


def _current_and_next(rows: list[PhaseRow]) -> tuple[PhaseRow | None, PhaseRow | None]:
    in_progress = [i for i, row in enumerate(rows) if row.status == PhaseStatus.IN_PROGRESS]
    open_rows = [i for i, row in enumerate(rows) if not row.is_settled]
    if in_progress:
        current = in_progress[-1]
    elif open_rows:
        current = open_rows[0]
    else:
        return None, None
    following = next((i for i in open_rows if i > current), None)
    return rows[current], rows[following] if following is not None else None


def _summary(rows: list[PhaseRow]) -> ProcessSummary:
    current, upcoming = _current_and_next(rows)
    return ProcessSummary(rows=rows, current=current, next=upcoming)


def process_summary(plan: Plan) -> ProcessSummary:
    """The plan's ten phases with status, dates, responsible body and checklist and evidence
    counts, and its current and next phase. Two queries, whatever the plan holds.

    The caller has checked that the user may see `plan` (access_plan).
    """
    phases = _phases()
    # Only answers to items the guidance still lists count, so a retired item cannot inflate
    # the progress.
    keys = [key for phase in phases for key in guidance_for(phase.code).item_keys()]
    records = {
        record.phase_id: record
        for record in PlanPhase.objects.filter(plan=plan)
        .select_related(*_BODY_RELATIONS)
        .annotate(
            checklist_done=Count(
                "answers",
                filter=Q(answers__done=True, answers__item_key__in=keys),
                distinct=True,
            ),
            evidence_count=Count("evidence", distinct=True),
        )
    }
    rows = []
    for phase in phases:
        record = records.get(phase.pk)
        rows.append(
            PhaseRow(
                phase=phase,
                guidance=guidance_for(phase.code),
                record=record,
                checklist_done=getattr(record, "checklist_done", 0),
                evidence_count=getattr(record, "evidence_count", 0),
            )
        )
    return _summary(rows)


def process_detail(plan: Plan) -> ProcessSummary:
    """`process_summary` with each phase's checklist answers and evidence files. Four queries."""
    phases = _phases()
    records = {
        record.phase_id: record
        for record in PlanPhase.objects.filter(plan=plan).select_related(
            *_BODY_RELATIONS, "updated_by"
        )
    }
    answers: dict[int, dict[str, ChecklistAnswer]] = defaultdict(dict)
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    if records:
        for answer in ChecklistAnswer.objects.filter(plan_phase__plan=plan).select_related(
            "answered_by"
        ):
            answers[answer.plan_phase_id][answer.item_key] = answer
        for item in Evidence.objects.filter(plan_phase__plan=plan).select_related("uploaded_by"):
            evidence[item.plan_phase_id].append(item)
    rows = []
    for phase in phases:
        record = records.get(phase.pk)
        guidance = guidance_for(phase.code)
        own_answers = answers.get(record.pk, {}) if record else {}
        own_evidence = evidence.get(record.pk, []) if record else []
        rows.append(
            PhaseRow(
                phase=phase,
                guidance=guidance,
                record=record,
                checklist_done=sum(
                    1
                    for key in guidance.item_keys()
                    if key in own_answers and own_answers[key].done
                ),
                evidence_count=len(own_evidence),
                answers=own_answers,
                evidence=own_evidence,
            )
        )
    return _summary(rows)


def responsible_bodies(plan: Plan) -> QuerySet[Organization]:
    """The organizations that may be responsible for a phase of `plan`: its owner, and the
    ministries or sectoral bodies of the plan's own country or regional organization."""
    owner = plan.owner
    if owner.country_id is not None:
        where = Q(country_id=owner.country_id)
    elif owner.regional_organization_id is not None:
        where = Q(country__isnull=True, regional_organization_id=owner.regional_organization_id)
    else:
        return Organization.objects.none()
    return (
        Organization.objects.with_labels()
        .filter(where, kind__in=RESPONSIBLE_KINDS)
        .order_by("kind", "sectoral_body__code", "name_en", "code")
    )


def may_be_responsible(body: Organization, plan: Plan) -> bool:
    """Whether `body` is one of `responsible_bodies(plan)`, without a query."""
    owner = plan.owner
    if body.kind not in RESPONSIBLE_KINDS:
        return False
    if owner.country_id is not None:
        return body.country_id == owner.country_id
    return (
        owner.regional_organization_id is not None
        and body.country_id is None
        and body.regional_organization_id == owner.regional_organization_id
    )
