"""Editing a plan's structure (pillars, objectives, actions, sub-actions) and publishing versions."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from pveplan.accounts.models import Organization
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import build_multilingual
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans.actions.registry import require_permission, same_scope
from pveplan.plans.models import MAX_LEVEL, NodeStatus, Plan, PlanNode, PlanVersion, VersionReason
from pveplan.plans.snapshots import node_data, plan_snapshot
from pveplan.taxonomy.models import Driver, GCTSPillar, PriorityArea, SDGTarget

_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass
class NodeInput:
    """What a user gives for one pillar, objective or action."""

    texts: dict[str, str]
    code: str = ""
    rationales: dict[str, str] = field(default_factory=dict)
    priority_areas: list[PriorityArea] = field(default_factory=list)
    drivers: list[Driver] = field(default_factory=list)
    gcts_pillars: list[GCTSPillar] = field(default_factory=list)
    sdg_targets: list[SDGTarget] = field(default_factory=list)
    lead_body: Organization | None = None
    partner_bodies: list[Organization] = field(default_factory=list)
    target_groups: str = ""
    geography: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    estimated_cost: Decimal | None = None
    currency: str = "USD"
    funding_source: str = ""
    status: str = NodeStatus.PLANNED
    is_ddr_related: bool = False

    def errors(self, plan: Plan) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}

        def add(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if not any(text.strip() for text in self.texts.values()):
            add(f"text_{plan.original_language}", _("Write the text in at least one language."))
        if len(self.code) > 30:
            add("code", _("A code has at most 30 characters."))
        for name, body in [
            ("lead_body", self.lead_body),
            *[("partner_bodies", b) for b in self.partner_bodies],
        ]:
            if body is not None and not same_scope(body, plan.owner):
                add(name, _("Choose bodies of the plan's own country or regional organization."))
        if self.start_date and self.end_date and self.end_date < self.start_date:
            add("end_date", _("The end cannot come before the start."))
        if self.estimated_cost is not None and self.estimated_cost < 0:
            add("estimated_cost", _("A cost cannot be negative."))
        if not _CURRENCY.match(self.currency or ""):
            add("currency", _("Give a three-letter currency code such as USD."))
        if self.status not in NodeStatus.values:
            add("status", _("Choose a status."))
        return errors

    def validate(self, plan: Plan) -> None:
        errors = self.errors(plan)
        if errors:
            raise ValidationError(errors)


def _apply(node: PlanNode, data: NodeInput, language: str) -> None:
    node.code = data.code.strip()
    node.text = build_multilingual(data.texts, language, node.text)
    node.rationale = build_multilingual(data.rationales, language, node.rationale)
    node.target_groups = data.target_groups.strip()
    node.geography = data.geography.strip()
    node.start_date = data.start_date
    node.end_date = data.end_date
    node.estimated_cost = data.estimated_cost
    node.currency = data.currency
    node.funding_source = data.funding_source.strip()
    node.status = data.status
    node.is_ddr_related = data.is_ddr_related


def _set_tags(node: PlanNode, data: NodeInput) -> None:
    node.priority_areas.set(data.priority_areas)
    node.drivers.set(data.drivers)
    node.gcts_pillars.set(data.gcts_pillars)
    node.sdg_targets.set(data.sdg_targets)
    node.partner_bodies.set(data.partner_bodies)


def _fresh(node: PlanNode) -> dict[str, Any]:
    return node_data(PlanNode.objects.for_tree().get(pk=node.pk))


def node_add(*, plan: Plan, by: Any, parent: PlanNode | None, data: NodeInput) -> PlanNode:
    """Add a node at the end of `parent`'s children (or as a new top-tier node)."""
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "node.add", plan)
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError({"parent": [_("The parent belongs to another plan.")]})
    level = parent.level + 1 if parent else 1
    if level > MAX_LEVEL:
        raise ValidationError({"parent": [_("This tier cannot have children.")]})
    data.validate(plan)
    with transaction.atomic():
        last = PlanNode.objects.filter(plan=plan, parent=parent).aggregate(m=Max("position"))["m"]
        node = PlanNode(
            plan=plan, parent=parent, level=level, position=0 if last is None else last + 1
        )
        node.lead_body = data.lead_body
        _apply(node, data, plan.original_language)
        node.save()
        _set_tags(node, data)
        audit.record(
            action="node.add", actor=by, on_behalf_of=on_behalf, obj=node, after=_fresh(node)
        )
    return node


def lock_node(node: PlanNode, expected_version: int) -> PlanNode:
    """The node, locked for update, if nobody changed it since `expected_version`."""
    current = PlanNode.objects.select_for_update().select_related("plan__owner").get(pk=node.pk)
    if current.version != expected_version:
        raise ConflictError(node.pk)
    return current


def node_update(*, node: PlanNode, by: Any, data: NodeInput, expected_version: int) -> PlanNode:
    """Change a node's content and tags; fails if someone else changed it first."""
    plan = node.plan
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "node.update", node)
    data.validate(plan)
    with transaction.atomic():
        current = lock_node(node, expected_version)
        before = _fresh(current)
        current.lead_body = data.lead_body
        _apply(current, data, plan.original_language)
        current.version += 1
        current.save()
        _set_tags(current, data)
        changed_before, changed_after = audit.diff(before, _fresh(current))
        audit.record(
            action="node.update",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def node_move(
    *, node: PlanNode, by: Any, parent: PlanNode | None, position: int, expected_version: int
) -> PlanNode:
    """Move a node (with its subtree) under `parent` at `position` among its new siblings."""
    plan = node.plan
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "node.move", node)
    with transaction.atomic():
        current = lock_node(node, expected_version)
        subtree = current.descendants()
        if parent is not None and (
            parent.plan_id != plan.pk or parent.pk in {current.pk, *(n.pk for n in subtree)}
        ):
            raise ValidationError(
                {"parent": [_("A node cannot move under itself or into another plan.")]}
            )
        new_level = parent.level + 1 if parent else 1
        shift = new_level - current.level
        if max([current.level, *(n.level for n in subtree)]) + shift > MAX_LEVEL:
            raise ValidationError(
                {"parent": [_("The moved part would be deeper than the plan's tiers.")]}
            )
        before = {"parent": current.parent_id, "position": current.position, "level": current.level}
        # Close the gap where it was, open one where it goes.
        PlanNode.objects.filter(
            plan=plan, parent_id=current.parent_id, position__gt=current.position
        ).update(position=F("position") - 1)
        siblings = PlanNode.objects.filter(plan=plan, parent=parent).exclude(pk=current.pk)
        position = max(0, min(position, siblings.count()))
        # Siblings are renumbered, not edited: their versions stay, so nobody editing a
        # sibling's content meets a false conflict because a neighbour moved.
        siblings.filter(position__gte=position).update(position=F("position") + 1)
        current.parent = parent
        current.position = position
        current.level = new_level
        current.version += 1
        current.save()
        if shift and subtree:
            PlanNode.objects.filter(pk__in=[n.pk for n in subtree]).update(level=F("level") + shift)
        audit.record(
            action="node.move",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=before,
            after={"parent": current.parent_id, "position": position, "level": new_level},
        )
    return current


def node_delete(*, node: PlanNode, by: Any, expected_version: int) -> None:
    """Remove a node and everything under it."""
    plan = node.plan
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "node.delete", node)
    with transaction.atomic():
        current = lock_node(node, expected_version)
        removed = [_fresh(current), *(node_data(n) for n in current.descendants())]
        audit.record(
            action="node.delete",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before={"nodes": removed},
        )
        PlanNode.objects.filter(
            plan=plan, parent_id=current.parent_id, position__gt=current.position
        ).update(position=F("position") - 1)
        current.delete()


def plan_publish_version(*, plan: Plan, by: Any, reason: str, reason_text: str = "") -> PlanVersion:
    """Freeze the whole plan as the next numbered version, with the reason for it."""
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "plan.publish_version", plan)
    if reason not in VersionReason.values:
        raise ValidationError({"reason": [_("Choose a reason.")]})
    if reason == VersionReason.OTHER and not reason_text.strip():
        raise ValidationError({"reason_text": [_("Explain the reason.")]})
    with transaction.atomic():
        # Lock the plan row so two publishers cannot take the same number.
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        last = PlanVersion.objects.filter(plan=locked).aggregate(m=Max("number"))["m"] or 0
        version = PlanVersion.objects.create(
            plan=locked,
            number=last + 1,
            reason=reason,
            reason_text=reason_text.strip(),
            snapshot=plan_snapshot(locked),
            published_by=by if getattr(by, "is_authenticated", False) else None,
        )
        audit.record(
            action="plan.publish_version",
            actor=by,
            on_behalf_of=on_behalf,
            obj=locked,
            after={"version": version.number, "reason": reason},
            rationale=reason_text,
        )
    return version
