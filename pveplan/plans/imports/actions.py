"""Applying an uploaded action matrix to its plan: all of it, or nothing.

Every change goes through the structure actions (`node_update`, `node_add`, `node_move`,
`node_delete`), so it is validated, version-checked and audited exactly as an edit on the
structure page; the import itself adds one "plan.import_matrix" event that says which file did
it and what it changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from pveplan.core import audit
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans.actions import node_add, node_delete, node_move, node_update
from pveplan.plans.actions.registry import require_permission
from pveplan.plans.imports import diff, reader
from pveplan.plans.models import MAX_LEVEL, Plan, PlanNode

# node_move clamps the position: this puts a node at the end of its new parent's list.
AT_THE_END = 2**31 - 1


class ImportRefused(Exception):
    """The sheet has problems (or conflicts appeared since the preview): nothing was changed."""

    def __init__(self, changes: diff.Changes) -> None:
        super().__init__(f"{len(changes.problems)} problems")
        self.changes = changes


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    removed: int


def _fresh(pk: int) -> PlanNode:
    return PlanNode.objects.select_related("plan__owner").get(pk=pk)


def _move(node_id: int, parent_id: int | None, by: Any) -> None:
    # Moves and removals renumber siblings (and bump their versions): always start from the
    # node as it is now. The versions of the download were checked, under lock, by `compare`.
    node = _fresh(node_id)
    parent = _fresh(parent_id) if parent_id is not None else None
    node_move(node=node, by=by, parent=parent, position=AT_THE_END, expected_version=node.version)


def plan_import_matrix(*, plan: Plan, by: Any, data: bytes) -> ImportResult:
    """Apply the action matrix in `data` (XLSX bytes) to `plan`, in one transaction.

    Re-reads and re-checks the file against the plan as it is now; raises ImportRefused (with
    the problems) when anything stops it, ValidationError when the file is not a usable action
    matrix, PermissionDenied without the write permission. Nothing changes unless all does.
    """
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "plan.import_matrix", plan)
    sheet = reader.read_bytes(data)
    with transaction.atomic():
        # Lock the plan and its nodes (PostgreSQL; SQLite locks the database for the
        # transaction) so that nothing changes between the check and the last write.
        Plan.objects.select_for_update().filter(pk=plan.pk).exists()
        list(PlanNode.objects.select_for_update().filter(plan=plan).values_list("pk", flat=True))
        changes = diff.compare(plan, sheet)
        if changes.problems:
            raise ImportRefused(changes)
        if not changes.has_changes:
            return ImportResult(0, 0, 0)
        row_nodes = dict(changes.row_nodes)
        # 1. Contents, against the versions the download had (the action checks them).
        for row in changes.changed:
            if row.data is not None:
                node_update(node=row.node, by=by, data=row.data, expected_version=row.version)
        # 2. A node that moves out from under another moving node goes to the top first, so no
        # intermediate tree is deeper than the plan's tiers or loops.
        parents = dict(PlanNode.objects.filter(plan=plan).values_list("pk", "parent_id"))
        moving = {row.node.pk for row in changes.changed if row.moved}
        for pk in moving:
            above = parents.get(pk)
            while above is not None and above not in moving:
                above = parents.get(above)
            if above is not None:
                _move(pk, None, by)
        # 3. Tier by tier from the top: each parent is in place before its children come.
        for depth in range(1, MAX_LEVEL + 1):
            for row in changes.changed:
                if row.moved and row.depth == depth:
                    parent = row_nodes[row.parent_row] if row.parent_row else None
                    _move(row.node.pk, parent, by)
            for added in changes.added:
                if added.depth == depth:
                    parent_node = _fresh(row_nodes[added.parent_row]) if added.parent_row else None
                    new = node_add(plan=plan, by=by, parent=parent_node, data=added.data)
                    row_nodes[added.row] = new.pk
        # 4. Removals, top first: removing a node takes what is under it.
        removed = sorted(changes.removed, key=lambda r: r.node.level)
        for item in removed:
            still = PlanNode.objects.filter(pk=item.node.pk).select_related("plan__owner").first()
            if still is not None:  # else it went with a removed node above it
                node_delete(node=still, by=by, expected_version=still.version)
        result = ImportResult(
            added=len(changes.added), changed=len(changes.changed), removed=len(removed)
        )
        audit.record(
            action="plan.import_matrix",
            actor=by,
            on_behalf_of=on_behalf,
            obj=plan,
            after={
                "sha256": sheet.sha256,
                "language": sheet.meta.language,
                "added": sorted(row_nodes[a.row] for a in changes.added),
                "changed": sorted(r.node.pk for r in changes.changed),
                "removed": sorted(r.node.pk for r in removed),
            },
        )
    return result
