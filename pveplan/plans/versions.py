"""Comparing two snapshots of a plan (`plans/snapshots.py`): what was added, removed, moved and
changed, node by node. Pure functions on plain data: no database, so any two versions (or a
version and the current draft) compare the same way however the plan has changed since.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pveplan.core.i18n import UN_LANGUAGES

Node = Mapping[str, Any]

# Values stored as {lang: {text, provenance}}: compared language by language.
MULTILINGUAL_FIELDS = frozenset({"text", "rationale", "title", "summary"})
# Where a node sits: a change here is a move, not a content change.
PLACEMENT_FIELDS = frozenset({"id", "parent", "position", "level"})
# The order changes are listed in; a field a later snapshot format adds comes after these.
FIELD_ORDER = (
    "code",
    "title",
    "text",
    "summary",
    "rationale",
    "scope",
    "owner",
    "original_language",
    "status",
    "sensitivity",
    "period_start",
    "period_end",
    "adoption_body",
    "adoption_date",
    "adoption_instrument",
    "tier_names",
    "priority_areas",
    "drivers",
    "gcts_pillars",
    "sdg_targets",
    "lead_body",
    "partner_bodies",
    "target_groups",
    "geography",
    "start_date",
    "end_date",
    "estimated_cost",
    "currency",
    "funding_source",
    "is_ddr_related",
    "ddr_safeguards",
)


@dataclass(frozen=True)
class TextChange:
    """One language of a multilingual field: its text (and provenance) before and after."""

    language: str
    before: str | None
    after: str | None
    before_provenance: str | None = None
    after_provenance: str | None = None

    @property
    def text_changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs; `texts` holds the per-language changes of a
    multilingual field."""

    field: str
    before: Any
    after: Any
    texts: tuple[TextChange, ...] = ()

    @property
    def is_multilingual(self) -> bool:
        return self.field in MULTILINGUAL_FIELDS

    @property
    def items_added(self) -> list[Any]:
        """For a list (tags, bodies): the items only the newer side has."""
        if isinstance(self.before, list) and isinstance(self.after, list):
            return [item for item in self.after if item not in self.before]
        return []

    @property
    def items_removed(self) -> list[Any]:
        if isinstance(self.before, list) and isinstance(self.after, list):
            return [item for item in self.before if item not in self.after]
        return []


@dataclass(frozen=True)
class Move:
    """Where a node was and where it is: parent id, position among siblings, tier."""

    parent_before: int | None
    parent_after: int | None
    position_before: int
    position_after: int
    level_before: int
    level_after: int

    @property
    def parent_changed(self) -> bool:
        return self.parent_before != self.parent_after


@dataclass(frozen=True)
class NodeComparison:
    """One node across the two snapshots; `before` or `after` is None when it was added or
    removed."""

    id: int
    before: Node | None
    after: Node | None
    depth: int
    move: Move | None = None
    changes: tuple[FieldChange, ...] = ()

    @property
    def added(self) -> bool:
        return self.before is None

    @property
    def removed(self) -> bool:
        return self.after is None

    @property
    def moved(self) -> bool:
        return self.move is not None

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.moved or self.changed)


@dataclass(frozen=True)
class Comparison:
    """Everything that differs between two snapshots. `nodes` holds every node of either side,
    in the newer tree's order, each removed node placed where it used to be."""

    plan_changes: tuple[FieldChange, ...]
    nodes: tuple[NodeComparison, ...]

    @property
    def added(self) -> list[NodeComparison]:
        return [n for n in self.nodes if n.added]

    @property
    def removed(self) -> list[NodeComparison]:
        return [n for n in self.nodes if n.removed]

    @property
    def moved(self) -> list[NodeComparison]:
        return [n for n in self.nodes if n.moved]

    @property
    def changed(self) -> list[NodeComparison]:
        return [n for n in self.nodes if n.changed]

    @property
    def has_differences(self) -> bool:
        return bool(self.plan_changes) or any(not n.unchanged for n in self.nodes)


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Comparison:
    """What changed from snapshot `old` to snapshot `new`, matching nodes by id.

    A node is moved when its parent or tier changed, or when its order among the siblings it
    had in both snapshots changed; a position that shifted only because a sibling was added or
    removed is not a move.
    """
    old_nodes = {n["id"]: n for n in old.get("nodes", [])}
    new_nodes = {n["id"]: n for n in new.get("nodes", [])}
    moved = _moved_ids(old_nodes, new_nodes)
    rows = []
    for node_id, depth in _merged_order(old_nodes, new_nodes):
        before, after = old_nodes.get(node_id), new_nodes.get(node_id)
        move = None
        changes: tuple[FieldChange, ...] = ()
        if before is not None and after is not None:
            changes = diff_fields(before, after, skip=PLACEMENT_FIELDS)
            if node_id in moved:
                move = Move(
                    parent_before=before.get("parent"),
                    parent_after=after.get("parent"),
                    position_before=int(before.get("position", 0)),
                    position_after=int(after.get("position", 0)),
                    level_before=int(before.get("level", 1)),
                    level_after=int(after.get("level", 1)),
                )
        rows.append(NodeComparison(node_id, before, after, depth, move, changes))
    plan_changes = diff_fields(old.get("plan", {}), new.get("plan", {}))
    return Comparison(plan_changes=plan_changes, nodes=tuple(rows))


def diff_fields(
    before: Mapping[str, Any], after: Mapping[str, Any], skip: Iterable[str] = ()
) -> tuple[FieldChange, ...]:
    """The fields whose values differ, in FIELD_ORDER; multilingual ones per language."""
    skipped = set(skip)
    names = [n for n in _ordered({*before, *after}) if n not in skipped]
    changes = []
    for name in names:
        old_value, new_value = before.get(name), after.get(name)
        if old_value == new_value:
            continue
        if name in MULTILINGUAL_FIELDS:
            texts = diff_texts(old_value, new_value)
            if texts:
                changes.append(FieldChange(name, old_value, new_value, texts))
        else:
            changes.append(FieldChange(name, old_value, new_value))
    return tuple(changes)


def diff_texts(before: Any, after: Any) -> tuple[TextChange, ...]:
    """Per language, what differs between two {lang: {text, provenance}} values."""
    old, new = _entries(before), _entries(after)
    changes = []
    for language in sorted({*old, *new}, key=_language_key):
        old_text, old_provenance = old.get(language, (None, None))
        new_text, new_provenance = new.get(language, (None, None))
        if (old_text, old_provenance) != (new_text, new_provenance):
            changes.append(TextChange(language, old_text, new_text, old_provenance, new_provenance))
    return tuple(changes)


def tree_order(nodes: Iterable[Node]) -> list[tuple[Node, int]]:
    """The nodes depth first (each parent before its children, siblings by position), with
    their depth from 0. A node whose parent is missing is treated as a top node."""
    by_id = {n["id"]: n for n in nodes}
    children: dict[Any, list[Node]] = {}
    for node in by_id.values():
        parent = node.get("parent")
        children.setdefault(parent if parent in by_id else None, []).append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.get("position", 0), n["id"]))
    ordered: list[tuple[Node, int]] = []
    stack = [(n, 0) for n in reversed(children.get(None, []))]
    seen: set[Any] = set()
    while stack:
        node, depth = stack.pop()
        if node["id"] in seen:  # a cycle in damaged data must not loop forever
            continue
        seen.add(node["id"])
        ordered.append((node, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(node["id"], [])))
    return ordered


def _merged_order(old: dict[Any, Node], new: dict[Any, Node]) -> list[tuple[Any, int]]:
    """Node ids in the newer tree's order; a removed node follows the nearest node before it
    (in the older tree's order) that is still there, so it shows where it used to be."""
    after_anchor: dict[Any, list[tuple[Any, int]]] = {}
    anchor = None
    for node, depth in tree_order(old.values()):
        if node["id"] in new:
            anchor = node["id"]
        else:
            after_anchor.setdefault(anchor, []).append((node["id"], depth))
    merged = list(after_anchor.get(None, []))
    for node, depth in tree_order(new.values()):
        merged.append((node["id"], depth))
        merged.extend(after_anchor.get(node["id"], []))
    return merged


def _moved_ids(old: dict[Any, Node], new: dict[Any, Node]) -> set[Any]:
    moved = set()
    common = [i for i in new if i in old]
    for node_id in common:
        before, after = old[node_id], new[node_id]
        if before.get("parent") != after.get("parent") or before.get("level") != after.get("level"):
            moved.add(node_id)
    # Among siblings that kept their parent, the fewest nodes that explain the new order:
    # those outside the longest run already in the old order.
    groups: dict[Any, list[Any]] = {}
    for node_id in common:
        if node_id not in moved:
            groups.setdefault(new[node_id].get("parent"), []).append(node_id)
    for siblings in groups.values():
        siblings.sort(key=lambda i: (new[i].get("position", 0), i))
        old_ranks = [(old[i].get("position", 0), i) for i in siblings]
        keep = _longest_increasing(old_ranks)
        moved.update(i for index, i in enumerate(siblings) if index not in keep)
    return moved


def _longest_increasing(values: list[tuple[Any, Any]]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence of `values`."""
    best: list[int] = [1] * len(values)
    previous: list[int] = [-1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i] and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    if not values:
        return set()
    index = max(range(len(values)), key=lambda i: best[i])
    kept = set()
    while index != -1:
        kept.add(index)
        index = previous[index]
    return kept


def _entries(value: Any) -> dict[str, tuple[str, str | None]]:
    if not isinstance(value, Mapping):
        return {}
    entries = {}
    for language, entry in value.items():
        if isinstance(entry, Mapping):
            provenance = entry.get("provenance")
            entries[str(language)] = (
                str(entry.get("text", "")),
                str(provenance) if provenance else None,
            )
        elif isinstance(entry, str):
            entries[str(language)] = (entry, None)
    return entries


def _language_key(code: str) -> tuple[int, str]:
    # The UN's order of its six languages, then anything else.
    if code in UN_LANGUAGES:
        return (UN_LANGUAGES.index(code), code)
    return (len(UN_LANGUAGES), code)


def _ordered(names: set[str]) -> list[str]:
    known = [n for n in FIELD_ORDER if n in names]
    return known + sorted(names - set(FIELD_ORDER))
