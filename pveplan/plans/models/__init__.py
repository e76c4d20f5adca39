"""The plans app's models: the registry (`registry.py`) and each plan's structure and versions
(`structure.py`)."""

from pveplan.plans.models.registry import (
    ADOPTED_STATUSES,
    APPROVAL_STATUSES,
    TRANSITIONS,
    Plan,
    PlanQuerySet,
    Scope,
    Sensitivity,
    Status,
)
from pveplan.plans.models.structure import (
    DEFAULT_TIERS,
    MAX_LEVEL,
    NodeStatus,
    PlanNode,
    PlanNodeQuerySet,
    PlanVersion,
    VersionReason,
)

__all__ = [
    "ADOPTED_STATUSES",
    "APPROVAL_STATUSES",
    "DEFAULT_TIERS",
    "MAX_LEVEL",
    "TRANSITIONS",
    "NodeStatus",
    "Plan",
    "PlanNode",
    "PlanNodeQuerySet",
    "PlanQuerySet",
    "PlanVersion",
    "Scope",
    "Sensitivity",
    "Status",
    "VersionReason",
]
