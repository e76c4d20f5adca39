"""Reviewing a read document and turning what the reviewer accepted into a plan.

Three actions, each one transaction and one audit event:
- `segment_review`: accept, edit, reject (or reopen) one segment, with a version check;
  corrections of the suggested areas are kept as TrainingExample rows for retraining;
- `document_accept_suggestions`: accept every pending segment whose best area is suggested with
  at least a given confidence;
- `document_to_plan`: the accepted segments become nodes of a new draft plan or of an existing
  plan of the same owner (see `document_to_plan` for where items without an accepted parent go).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pveplan.accounts.models import OrganizationKind
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import django_language
from pveplan.core.permissions import PLANS_WRITE
from pveplan.documents.models import (
    LANGUAGES,
    LEVEL_OF_KIND,
    DocumentStatus,
    ReviewStatus,
    Segment,
    SegmentKind,
    SourceDocument,
    TrainingExample,
)
from pveplan.plans import actions as plan_actions
from pveplan.plans.actions.registry import FIRST_YEAR, LAST_YEAR, require_permission
from pveplan.plans.models import Plan, PlanNode, Scope, Sensitivity, Status
from pveplan.taxonomy.models import Driver, GCTSPillar, PriorityArea

# Documents whose segments can be reviewed (a converted one may still give more nodes).
REVIEWABLE = (DocumentStatus.READY, DocumentStatus.CONVERTED)
DECISIONS = ("accept", "edit", "reject", "reopen")
KEPT = (ReviewStatus.ACCEPTED, ReviewStatus.EDITED)

AUDITED_FIELDS = [
    "kind",
    "text",
    "parent_id",
    "areas",
    "pillars",
    "drivers",
    "lead_body",
    "timeframe",
    "cost",
    "review",
]


@dataclass
class SegmentChanges:
    """What a reviewer may change in a segment; the fields mirror the model's."""

    kind: str
    text: str
    parent: Segment | None = None
    areas: list[int] = field(default_factory=list)
    pillars: list[str] = field(default_factory=list)
    drivers: list[str] = field(default_factory=list)
    lead_body: str = ""
    timeframe: str = ""
    cost: str = ""

    def errors(self, segment: Segment) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}

        def add(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if self.kind not in SegmentKind.values:
            add("kind", _("Choose pillar, objective, action or other text."))
        if not self.text.strip():
            add("text", _("The text cannot be empty."))
        if self.parent is not None:
            parent_level = LEVEL_OF_KIND.get(SegmentKind(self.parent.kind))
            own_level = (
                LEVEL_OF_KIND.get(SegmentKind(self.kind))
                if self.kind in SegmentKind.values
                else None
            )
            if (
                self.parent.document_id != segment.document_id
                or self.parent.position >= segment.position
            ):
                add("parent", _("The parent must come earlier in the same document."))
            elif parent_level is None or own_level is None or parent_level >= own_level:
                add(
                    "parent",
                    _(
                        "The parent must be of a higher tier (a pillar above an objective, an objective above an action)."
                    ),
                )
        if set(self.areas) - set(PriorityArea.objects.values_list("number", flat=True)):
            add("areas", _("Choose priority areas of the Plan of Action."))
        if set(self.pillars) - set(GCTSPillar.objects.values_list("code", flat=True)):
            add("pillars", _("Choose pillars of the Global Counter-Terrorism Strategy."))
        if set(self.drivers) - set(Driver.objects.values_list("code", flat=True)):
            add("drivers", _("Choose drivers of violent extremism."))
        for name, limit in (("lead_body", 300), ("timeframe", 100), ("cost", 100)):
            if len(getattr(self, name).strip()) > limit:
                add(name, _("At most %(n)s characters.") % {"n": limit})
        return errors


def _locked_segment(segment: Segment, version: int) -> Segment:
    current = (
        Segment.objects.select_for_update().select_related("document__owner").get(pk=segment.pk)
    )
    if current.version != version:
        raise ConflictError(segment.pk)
    return current


def _keep_correction(segment: Segment, by: Any, edited: bool) -> None:
    """Keep the reviewer's areas as a labelled example when they correct the suggestion (or
    edited the segment); an example kept earlier follows the latest decision."""
    labels = sorted(set(segment.areas))
    suggested = sorted(set(segment.suggestions.get("labels") or []))
    existing = TrainingExample.objects.filter(segment=segment).first()
    language = segment.language or segment.document.language
    if not labels or language not in LANGUAGES:
        if existing is not None:
            existing.delete()
        return
    if existing is None and labels == suggested and not edited:
        return
    example = existing or TrainingExample(segment=segment)
    example.text = segment.text
    example.language = language
    example.labels = labels
    if existing is None:
        example.created_by = by if getattr(by, "is_authenticated", False) else None
    example.save()


def segment_review(
    *,
    segment: Segment,
    by: Any,
    decision: str,
    version: int,
    changes: SegmentChanges | None = None,
) -> Segment:
    """Accept (as it stands), edit (with `changes`), reject or reopen one segment.

    Raises ConflictError when the segment changed since `version`; ValidationError for a
    decision or change the rules refuse, or once the segment became a plan item.
    """
    on_behalf = require_permission(
        by, PLANS_WRITE, segment.document.owner, "segment.review", segment
    )
    if decision not in DECISIONS:
        raise ValidationError({"decision": [_("Choose accept, edit, reject or reopen.")]})
    if decision == "edit" and changes is None:
        raise ValidationError({"decision": [_("Say what to change.")]})
    with transaction.atomic():
        current = _locked_segment(segment, version)
        if current.document.status not in REVIEWABLE:
            raise ValidationError(_("This document cannot be reviewed now."))
        if current.node_id is not None:
            raise ValidationError(_("This segment is already an item of a plan: edit it there."))
        before = audit.snapshot(current, AUDITED_FIELDS)
        if decision == "edit":
            assert changes is not None
            errors = changes.errors(current)
            if errors:
                raise ValidationError(errors)
            current.kind = changes.kind
            current.text = changes.text.strip()
            current.parent = changes.parent
            current.areas = sorted(set(changes.areas))
            current.pillars = sorted(set(changes.pillars))
            current.drivers = sorted(set(changes.drivers))
            current.lead_body = changes.lead_body.strip()
            current.timeframe = changes.timeframe.strip()
            current.cost = changes.cost.strip()
        current.review = {
            "accept": ReviewStatus.ACCEPTED,
            "edit": ReviewStatus.EDITED,
            "reject": ReviewStatus.REJECTED,
            "reopen": ReviewStatus.PENDING,
        }[decision]
        current.reviewed_by = None if decision == "reopen" else by
        current.version += 1
        current.save()
        if decision in ("accept", "edit"):
            _keep_correction(current, by, edited=decision == "edit")
        changed_before, changed_after = audit.diff(before, audit.snapshot(current, AUDITED_FIELDS))
        audit.record(
            action="segment.review",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after={**changed_after, "decision": decision},
        )
    return current


def best_confidence(segment: Segment) -> float:
    """The highest suggested area confidence of a segment (0 when there is none)."""
    scores = segment.suggestions.get("areas") or {}
    values = [float(v) for v in scores.values() if isinstance(v, int | float)]
    return max(values, default=0.0)


def document_accept_suggestions(*, document: SourceDocument, by: Any, threshold: float) -> int:
    """Accept every pending segment (not other text) whose best suggested area has at least
    `threshold` confidence (0..1), as suggested. Returns how many were accepted."""
    on_behalf = require_permission(
        by, PLANS_WRITE, document.owner, "document.accept_suggestions", document
    )
    if not 0 <= threshold <= 1:
        raise ValidationError({"threshold": [_("Give a percentage between 0 and 100.")]})
    with transaction.atomic():
        locked = SourceDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status not in REVIEWABLE:
            raise ValidationError(_("This document cannot be reviewed now."))
        pending = (
            Segment.objects.select_for_update()
            .filter(document=locked, review=ReviewStatus.PENDING, node__isnull=True)
            .exclude(kind=SegmentKind.OTHER)
        )
        chosen = [s.pk for s in pending if s.areas and best_confidence(s) >= threshold]
        Segment.objects.filter(pk__in=chosen).update(
            review=ReviewStatus.ACCEPTED,
            reviewed_by=by,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        audit.record(
            action="document.accept_suggestions",
            actor=by,
            on_behalf_of=on_behalf,
            obj=locked,
            after={"threshold": threshold, "segments": chosen},
        )
    return len(chosen)


# --- Turning accepted segments into plan nodes ---------------------------------------------

_YEAR = re.compile(r"(?<!\d)(19[9]\d|20\d\d|2100)(?!\d)")
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY"}
_CODE = re.compile(r"\b([A-Z]{3})\b")
_AMOUNT = re.compile(
    r"^\d{1,3}(?:[ \u00a0\u202f,.'’]\d{3})*(?:[.,]\d{1,2})?$|^\d+(?:[.,]\d{1,2})?$"
)


def years_in(text: str) -> list[int]:
    """Four-digit years between 1990 and 2100 in `text`."""
    return [int(y) for y in _YEAR.findall(text) if FIRST_YEAR <= int(y) <= LAST_YEAR]


def parse_cost(text: str) -> tuple[Decimal, str] | None:
    """(amount, currency) when `text` is clearly one amount ("USD 250,000", "1 200 000 €",
    "250000"); None otherwise (ranges, words, several numbers). No currency means USD."""
    raw = text.strip()
    if not raw:
        return None
    currency = ""
    code = _CODE.search(raw)
    if code:
        currency = code.group(1)
        raw = raw.replace(currency, "")
    for sign, iso in _CURRENCY_SIGNS.items():
        if sign in raw:
            if currency and currency != iso:
                return None
            currency = iso
            raw = raw.replace(sign, "")
    raw = raw.strip()
    if not _AMOUNT.match(raw):
        return None
    # The last separator followed by one or two digits is the decimal mark; the others group.
    decimals = re.search(r"[.,](\d{1,2})$", raw)
    whole = raw[: decimals.start()] if decimals else raw
    digits = re.sub(r"\D", "", whole)
    try:
        amount = Decimal(f"{digits}.{decimals.group(1)}" if decimals else digits)
    except InvalidOperation:
        return None
    if amount >= Decimal("1e12"):
        return None
    return amount, currency or "USD"


def _dates(timeframe: str) -> tuple[datetime.date | None, datetime.date | None]:
    years = years_in(timeframe)
    if not years or len(years) > 2:
        return None, None
    return datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31)


def _note(segment: Segment, title: str) -> str:
    """Where the item comes from, and the lead body, timeframe and cost as the document gave
    them, in the document's language."""
    lines = [_("From %(title)s, page %(page)s") % {"title": title, "page": segment.page}]
    if segment.lead_body:
        lines.append(_("Lead body (from the document): %(v)s") % {"v": segment.lead_body})
    if segment.timeframe:
        lines.append(_("Timeframe (from the document): %(v)s") % {"v": segment.timeframe})
    if segment.cost:
        lines.append(_("Cost (from the document): %(v)s") % {"v": segment.cost})
    return "\n".join(lines)


def _node_input(segment: Segment, document: SourceDocument, tags: Tags) -> plan_actions.NodeInput:
    language = document.language
    start, end = _dates(segment.timeframe)
    cost = parse_cost(segment.cost)
    return plan_actions.NodeInput(
        texts={language: segment.text},
        code=segment.number[:30],
        rationales={language: _note(segment, document.title)},
        priority_areas=[tags.areas[n] for n in segment.areas if n in tags.areas],
        gcts_pillars=[tags.pillars[c] for c in segment.pillars if c in tags.pillars],
        drivers=[tags.drivers[c] for c in segment.drivers if c in tags.drivers],
        start_date=start,
        end_date=end,
        estimated_cost=cost[0] if cost else None,
        currency=cost[1] if cost else "USD",
    )


@dataclass
class Tags:
    """The taxonomy's tags by number or code, read once (3 queries)."""

    areas: dict[int, PriorityArea]
    pillars: dict[str, GCTSPillar]
    drivers: dict[str, Driver]

    @classmethod
    def load(cls) -> Tags:
        return cls(
            areas={a.number: a for a in PriorityArea.objects.all()},
            pillars={p.code: p for p in GCTSPillar.objects.all()},
            drivers={d.code: d for d in Driver.objects.all()},
        )


@dataclass
class _Placer:
    """Finds each accepted segment's parent node, making "Imported items" holders on demand.

    Rule: a segment goes under the node of its nearest accepted ancestor of a higher tier
    (following Segment.parent, skipping rejected, pending and other-text segments). A pillar is
    always top tier. An objective without an accepted pillar above goes under an "Imported
    items" pillar; an action keeps the action tier: under its objective, else under an
    "Imported items" objective of its nearest accepted pillar, else under the "Imported items"
    objective of the "Imported items" pillar. Holders are made once per conversion.
    """

    plan: Plan
    by: Any
    language: str
    segments: dict[int, Segment]
    holder_text: str
    made: dict[int, PlanNode] = field(default_factory=dict)  # segment pk -> node
    holders: dict[int | None, PlanNode] = field(default_factory=dict)  # pillar pk|None -> obj.
    top_holder: PlanNode | None = None

    def _ancestor_node(self, segment: Segment, below_level: int) -> PlanNode | None:
        parent_id = segment.parent_id
        seen: set[int] = set()
        while parent_id is not None and parent_id not in seen:
            seen.add(parent_id)
            parent = self.segments.get(parent_id)
            if parent is None:
                return None
            level = LEVEL_OF_KIND.get(SegmentKind(parent.kind))
            if level is not None and level < below_level and parent.review in KEPT:
                node = self.made.get(parent.pk)
                if node is None and parent.node_id is not None:
                    node = parent.node  # made by an earlier conversion
                if node is not None and node.plan_id == self.plan.pk and node.level == level:
                    return node
            parent_id = parent.parent_id
        return None

    def _holder(self, parent: PlanNode | None) -> PlanNode:
        if parent is None:
            if self.top_holder is None:
                self.top_holder = self._add(None, self.holder_text)
            parent = self.top_holder
        if parent.pk not in self.holders:
            self.holders[parent.pk] = self._add(parent, self.holder_text)
        return self.holders[parent.pk]

    def _add(self, parent: PlanNode | None, text: str) -> PlanNode:
        return plan_actions.node_add(
            plan=self.plan,
            by=self.by,
            parent=parent,
            data=plan_actions.NodeInput(texts={self.language: text}),
        )

    def parent_for(self, segment: Segment) -> PlanNode | None:
        level = LEVEL_OF_KIND[SegmentKind(segment.kind)]
        if level == 1:
            return None
        found = self._ancestor_node(segment, level)
        if level == 2:
            if found is None:
                if self.top_holder is None:
                    self.top_holder = self._add(None, self.holder_text)
                return self.top_holder
            return found
        if found is not None and found.level == 2:
            return found
        return self._holder(found)


def _new_plan(document: SourceDocument, by: Any, title: str, span: list[int]) -> Plan:
    owner = document.owner
    regional = owner.kind in (OrganizationKind.REGIONAL_ORG, OrganizationKind.SECTORAL_BODY)
    return plan_actions.plan_create(
        by=by,
        data=plan_actions.PlanInput(
            scope=Scope.REGIONAL if regional else Scope.NATIONAL,
            owner=owner,
            original_language=document.language,
            titles={document.language: (title.strip() or document.title)[:300]},
            sensitivity=Sensitivity.CONFIDENTIAL,
            period_start=min(span) if span else None,
            period_end=max(span) if span else None,
        ),
        status=Status.DRAFTING,
    )


def document_to_plan(
    *,
    document: SourceDocument,
    by: Any,
    version: int,
    plan: Plan | None = None,
    title: str = "",
) -> Plan:
    """Turn the document's accepted segments (not yet plan items) into plan nodes.

    Without `plan`: a new confidential draft plan of the document's library, titled `title` (or
    the document's title) in the document's language, its period from the years in the
    segments' timeframes. With `plan`: the nodes are appended to that plan, which must have
    the same owner. Pillars, objectives and actions become tiers 1, 2 and 3, under their
    accepted parents (see `_Placer` for the others); numbering becomes the node code; PoA areas,
    GCTS pillars and drivers are set; the lead body, timeframe and cost as found are kept in the
    node's rationale, the timeframe's years give start and end, a clearly numeric cost the
    estimated cost. Every segment used points to its node.

    All or nothing. Raises ConflictError when the document changed since `version`,
    ValidationError when nothing is accepted or the plan is not the library's.
    """
    on_behalf = require_permission(by, PLANS_WRITE, document.owner, "document.to_plan", document)
    if plan is not None:
        require_permission(by, PLANS_WRITE, plan.owner, "document.to_plan", plan)
        if plan.owner_id != document.owner_id:
            raise ValidationError(
                {"plan": [_("Choose a plan of the same country or organization as the document.")]}
            )
    with transaction.atomic():
        locked = (
            SourceDocument.objects.select_for_update().select_related("owner").get(pk=document.pk)
        )
        if locked.version != version:
            raise ConflictError(document.pk)
        if locked.status not in REVIEWABLE:
            raise ValidationError(_("Only a document that was read can become a plan."))
        if locked.language not in LANGUAGES:
            raise ValidationError(_("The document's language is not known."))
        segments = {
            s.pk: s
            for s in Segment.objects.filter(document=locked)
            .select_related("node")
            .order_by("position")
        }
        chosen = [
            s
            for s in segments.values()
            if s.review in KEPT and s.kind != SegmentKind.OTHER and s.node_id is None
        ]
        if not chosen:
            raise ValidationError(
                _("Accept at least one pillar, objective or action before making a plan.")
            )
        created = plan is None
        if plan is None:
            span = [y for s in chosen for y in years_in(s.timeframe)]
            plan = _new_plan(locked, by, title, span)
        language = locked.language
        with translation.override(django_language(language)):
            holder_text = _("Imported items")
            placer = _Placer(plan, by, language, segments, holder_text)
            tags = Tags.load()
            for segment in chosen:
                parent = placer.parent_for(segment)
                node = plan_actions.node_add(
                    plan=plan, by=by, parent=parent, data=_node_input(segment, locked, tags)
                )
                placer.made[segment.pk] = node
        for segment in chosen:
            segment.node = placer.made[segment.pk]
            segment.version += 1
            segment.save(update_fields=["node", "version", "updated_at"])
        before = {"status": locked.status, "plan_id": locked.plan_id}
        locked.status = DocumentStatus.CONVERTED
        locked.plan = plan
        locked.version += 1
        locked.save(update_fields=["status", "plan", "version", "updated_at"])
        audit.record(
            action="document.to_plan",
            actor=by,
            on_behalf_of=on_behalf,
            obj=locked,
            before=before,
            after={
                "status": locked.status,
                "plan_id": plan.pk,
                "new_plan": created,
                "nodes": {s.pk: placer.made[s.pk].pk for s in chosen},
                "holders": len(placer.holders) + (1 if placer.top_holder else 0),
            },
        )
    return plan
