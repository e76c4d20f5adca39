"""Every change to plans: typed keyword-only functions, one transaction and one audit event each.

`registry.py` registers plans and moves them along their lifecycle; `structure.py` edits their
pillars, objectives and actions and publishes numbered versions.
"""

from pveplan.plans.actions.registry import (
    AdoptionRecord,
    PlanInput,
    plan_approve,
    plan_change_status,
    plan_create,
    plan_update,
)
from pveplan.plans.actions.structure import (
    NodeInput,
    node_add,
    node_delete,
    node_move,
    node_update,
    plan_publish_version,
)

__all__ = [
    "AdoptionRecord",
    "NodeInput",
    "PlanInput",
    "node_add",
    "node_delete",
    "node_move",
    "node_update",
    "plan_approve",
    "plan_change_status",
    "plan_create",
    "plan_publish_version",
    "plan_update",
]
