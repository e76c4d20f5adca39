"""Reading a plan's consultations, in a constant number of queries whatever their size: the
inclusion figures, participant breakdowns, inputs per plan node and the consultation annex.

Nothing here checks permissions: callers load the plan through `access_consultations` (or
`access_plan`) first. The annex is built for publication: it names stakeholders only by their
public reference and never carries contact details.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import translation

from pveplan.consultations.models import (
    CSO_TYPES,
    AgeGroup,
    ConsultationEvent,
    ConsultationInput,
    Disposition,
    EventFormat,
    ParticipantCount,
    Sex,
    Stakeholder,
    StakeholderType,
)
from pveplan.core.i18n import Shown, django_language, pick, texts_of
from pveplan.plans.models import Plan, PlanNode

# (event id, stakeholder type, sex, age group, count): one stored cell of a participant grid.
CountRow = tuple[int, str, str, str, int]


def _share(part: int, total: int) -> float | None:
    return round(100 * part / total, 1) if total else None


@dataclass(frozen=True)
class InclusionFigures:
    """How inclusive a plan's consultations were, over all its events.

    Every share is of all participants counted, those whose sex or age was not disclosed
    included: a share is never overstated by leaving people out. None when nobody was counted.
    """

    total: int
    women: int
    youth: int
    cso: int

    @property
    def share_women(self) -> float | None:
        return _share(self.women, self.total)

    @property
    def share_youth(self) -> float | None:
        """Participants aged 18-29, the UN's youth group (Security Council resolution 2250)."""
        return _share(self.youth, self.total)

    @property
    def share_cso(self) -> float | None:
        """Participants from civil society: CSOs, women's and youth organizations."""
        return _share(self.cso, self.total)


def _figures(rows: Iterable[CountRow]) -> InclusionFigures:
    total = women = youth = cso = 0
    for _event, kind, sex, age, count in rows:
        total += count
        women += count if sex == Sex.WOMEN else 0
        youth += count if age == AgeGroup.YOUTH else 0
        cso += count if kind in CSO_TYPES else 0
    return InclusionFigures(total=total, women=women, youth=youth, cso=cso)


def _count_rows(plan: Plan) -> list[CountRow]:
    return list(
        ParticipantCount.objects.filter(event__plan=plan).values_list(
            "event_id", "stakeholder_type", "sex", "age_group", "count"
        )
    )


def inclusion_figures(plan: Plan) -> InclusionFigures:
    """Total participants and the shares of women, youth (18-29) and civil society; one query."""
    return _figures(_count_rows(plan))


@dataclass
class Breakdown:
    """Participants by stakeholder type, by sex and by age group, with labels in the active
    language; types nobody came from are left out, every sex and age group is kept."""

    total: int
    by_type: list[tuple[str, int]]
    by_sex: list[tuple[str, int]]
    by_age: list[tuple[str, int]]


def breakdown(rows: Iterable[CountRow]) -> Breakdown:
    kinds: Counter[str] = Counter()
    sexes: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    for _event, kind, sex, age, count in rows:
        kinds[kind] += count
        sexes[sex] += count
        ages[age] += count
    return Breakdown(
        total=sum(kinds.values()),
        by_type=[
            (str(label), kinds[value]) for value, label in StakeholderType.choices if kinds[value]
        ],
        by_sex=[(str(label), sexes[value]) for value, label in Sex.choices],
        by_age=[(str(label), ages[value]) for value, label in AgeGroup.choices],
    )


def event_breakdown(event: ConsultationEvent) -> Breakdown:
    """One event's participants, in one query."""
    return breakdown(
        event.participant_counts.values_list(
            "event_id", "stakeholder_type", "sex", "age_group", "count"
        )
    )


def grid_values(event: ConsultationEvent) -> dict[tuple[str, str, str], int]:
    """The event's stored grid cells, keyed (type, sex, age group); missing cells are zero."""
    return {
        (kind, sex, age): count
        for kind, sex, age, count in event.participant_counts.values_list(
            "stakeholder_type", "sex", "age_group", "count"
        )
    }


def events_of(plan: Plan) -> QuerySet[ConsultationEvent]:
    """The plan's events, each with `participants` (its total) and `input_count`; one query."""
    participants = (
        ParticipantCount.objects.filter(event=OuterRef("pk"))
        .values("event")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return (
        ConsultationEvent.objects.filter(plan=plan)
        .annotate(
            participants=Coalesce(Subquery(participants, output_field=IntegerField()), 0),
            input_count=Count("inputs"),
        )
        .order_by("date", "pk")
    )


def disposition_counts(plan: Plan) -> list[tuple[str, str, int]]:
    """(disposition, label, how many inputs) for every disposition, in order; one query."""
    found = dict(
        ConsultationInput.objects.filter(plan=plan)
        .order_by()
        .values("disposition")
        .annotate(n=Count("pk"))
        .values_list("disposition", "n")
    )
    return [(value, str(label), found.get(value, 0)) for value, label in Disposition.choices]


def inputs_of(plan: Plan) -> QuerySet[ConsultationInput]:
    """The plan's inputs with what their pages show, in one query."""
    return (
        ConsultationInput.objects.filter(plan=plan)
        .select_related("event", "stakeholder", "node__plan", "responded_by")
        .order_by("pk")
    )


def inputs_by_node(plan: Plan) -> dict[int, list[ConsultationInput]]:
    """The plan's inputs linked to a node, by node id, oldest first; one query.

    Outside the plan's team, name their stakeholders by `stakeholder.public_label` only.
    """
    found: dict[int, list[ConsultationInput]] = defaultdict(list)
    for item in inputs_of(plan).filter(node__isnull=False):
        assert item.node_id is not None
        found[item.node_id].append(item)
    return dict(found)


def tree_order(nodes: Iterable[PlanNode]) -> list[PlanNode]:
    """The nodes depth first, as the structure shows them (parents before their children)."""
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: (n.position, n.pk)):
        children[node.parent_id].append(node)
    ordered: list[PlanNode] = []
    stack = list(reversed(children[None]))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(children[node.pk]))
    return ordered


def public_reference(stakeholder: Stakeholder | None) -> str:
    """A stakeholder as published: its name or pseudonym with its type; never a pseudonymous
    stakeholder's real name, never contact details."""
    if stakeholder is None:
        return ""
    if stakeholder.is_pseudonymous and not stakeholder.pseudonym:
        return stakeholder.public_label  # already says which type
    return f"{stakeholder.public_label} ({stakeholder.get_type_display()})"


# -- the annex ----------------------------------------------------------------------------------


@dataclass
class AnnexEvent:
    title: Shown
    summary: Shown
    date: datetime.date
    place: str
    format: str
    organizer: str
    participants: Breakdown


@dataclass
class AnnexInput:
    number: int
    node_code: str
    node_text: Shown | None
    text: Shown
    stakeholder: str
    event: Shown | None
    event_date: datetime.date | None
    disposition: str
    disposition_label: str
    response: Shown


@dataclass
class Annex:
    """The consultation annex of a plan, in one language, ready to render (HTML, PDF, DOCX)."""

    plan: Plan
    language: str
    events: list[AnnexEvent]
    participants: Breakdown
    figures: InclusionFigures
    inputs: list[AnnexInput]
    dispositions: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.events and not self.inputs


def _annex_inputs(plan: Plan, language: str) -> list[AnnexInput]:
    nodes = tree_order(PlanNode.objects.filter(plan=plan).only("pk", "parent_id", "position"))
    rank = {node.pk: index for index, node in enumerate(nodes)}
    items = sorted(
        ConsultationInput.objects.filter(plan=plan).select_related("event", "stakeholder", "node"),
        # Inputs on the plan as a whole come last.
        key=lambda i: (rank.get(i.node_id, len(rank)) if i.node_id else len(rank), i.pk),
    )
    rows = []
    for number, item in enumerate(items, start=1):
        node, event = item.node, item.event
        rows.append(
            AnnexInput(
                number=number,
                node_code=node.code if node else "",
                node_text=pick(texts_of(node.text), language, plan.original_language)
                if node
                else None,
                text=pick(texts_of(item.text), language, item.original_language),
                stakeholder=public_reference(item.stakeholder),
                event=pick(texts_of(event.title), language, event.original_language)
                if event
                else None,
                event_date=event.date if event else None,
                disposition=item.disposition,
                disposition_label=item.get_disposition_display(),
                # A pending input's response is a draft of the team's: not published.
                response=Shown("", language, False)
                if item.is_pending
                else pick(texts_of(item.response), language, item.original_language),
            )
        )
    return rows


def annex(plan: Plan, *, language: str) -> Annex:
    """The plan's consultation annex in `language` (ar, zh, en, fr, ru, es): its events with
    dates and participants by type, sex and age group, the inclusion figures, and every input
    with the plan item it is about, its disposition and the reasoned response. Four queries.

    For publication: stakeholders appear by public reference only (see `public_reference`).
    """
    with translation.override(django_language(language)):
        rows = _count_rows(plan)
        by_event: dict[int, list[CountRow]] = defaultdict(list)
        for row in rows:
            by_event[row[0]].append(row)
        events = [
            AnnexEvent(
                title=pick(texts_of(event.title), language, event.original_language),
                summary=pick(texts_of(event.summary), language, event.original_language),
                date=event.date,
                place=event.place,
                format=str(EventFormat(event.format).label),
                organizer=event.organizer,
                participants=breakdown(by_event.get(event.pk, [])),
            )
            for event in ConsultationEvent.objects.filter(plan=plan).order_by("date", "pk")
        ]
        inputs = _annex_inputs(plan, language)
        counts = Counter(item.disposition for item in inputs)
        return Annex(
            plan=plan,
            language=language,
            events=events,
            participants=breakdown(rows),
            figures=_figures(rows),
            inputs=inputs,
            dispositions=[
                (value, str(label), counts[value]) for value, label in Disposition.choices
            ],
        )
