"""A plan as plain data: what a published version freezes and what versions are compared on."""

from __future__ import annotations

from typing import Any

from pveplan.core.audit import jsonable
from pveplan.plans.models import Plan, PlanNode

SNAPSHOT_FORMAT = 1
PLAN_FIELDS = [
    "code",
    "scope",
    "title",
    "summary",
    "original_language",
    "status",
    "period_start",
    "period_end",
    "adoption_body",
    "adoption_date",
    "adoption_instrument",
    "sensitivity",
    "tier_names",
]
NODE_FIELDS = [
    "level",
    "position",
    "code",
    "text",
    "rationale",
    "target_groups",
    "geography",
    "start_date",
    "end_date",
    "estimated_cost",
    "currency",
    "funding_source",
    "status",
    "is_ddr_related",
]


def node_data(node: PlanNode) -> dict[str, Any]:
    """One node's values, with tags and bodies by their stable codes (prefetched by for_tree)."""
    data: dict[str, Any] = {"id": node.pk, "parent": node.parent_id}
    data.update({name: getattr(node, name) for name in NODE_FIELDS})
    data["priority_areas"] = sorted(t.code for t in node.priority_areas.all())
    data["drivers"] = sorted(t.code for t in node.drivers.all())
    data["gcts_pillars"] = sorted(t.code for t in node.gcts_pillars.all())
    data["sdg_targets"] = sorted(t.code for t in node.sdg_targets.all())
    data["lead_body"] = node.lead_body.code if node.lead_body else None
    data["partner_bodies"] = sorted(o.code for o in node.partner_bodies.all())
    data["ddr_safeguards"] = sorted(
        f"{key}: {value.get('answer', '')}" for key, value in (node.ddr_safeguards or {}).items()
    )
    return dict(jsonable(data))


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The whole plan (its registry facts and every node) as JSON-ready data."""
    facts = {name: getattr(plan, name) for name in PLAN_FIELDS}
    facts["owner"] = plan.owner.code
    facts["priority_areas"] = sorted(plan.priority_areas.values_list("code", flat=True))
    nodes = [node_data(node) for node in PlanNode.objects.filter(plan=plan).for_tree()]
    return {"format": SNAPSHOT_FORMAT, "plan": jsonable(facts), "nodes": nodes}
