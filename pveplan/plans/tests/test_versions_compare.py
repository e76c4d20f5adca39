"""Comparing two snapshots: added, removed, moved and changed nodes, plan facts, and a real plan
edited through the actions between two published versions."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pveplan.plans import actions
from pveplan.plans.models import PlanNode, PlanVersion
from pveplan.plans.snapshots import plan_snapshot
from pveplan.plans.versions import Comparison, compare, diff_texts, tree_order
from pveplan.testing import World


def _text(**texts: str) -> dict[str, dict[str, str]]:
    return {code: {"text": text, "provenance": "translated"} for code, text in texts.items()}


def _node(
    id: int, parent: int | None = None, position: int = 0, level: int = 1, **fields: Any
) -> dict[str, Any]:
    node = {
        "id": id,
        "parent": parent,
        "level": level,
        "position": position,
        "code": f"N{id}",
        "text": _text(en=f"Node {id}"),
        "rationale": {},
        "status": "planned",
        "priority_areas": [],
    }
    node.update(fields)
    return node


def _snapshot(*nodes: dict[str, Any], **plan: Any) -> dict[str, Any]:
    facts = {"code": "jor-2024", "title": _text(en="Plan"), "status": "drafting"}
    facts.update(plan)
    return {"format": 1, "plan": facts, "nodes": list(nodes)}


def _ids(comparison: Comparison) -> dict[str, list[int]]:
    return {
        kind: [n.id for n in getattr(comparison, kind)]
        for kind in ("added", "removed", "moved", "changed")
    }


NONE: dict[str, list[int]] = {"added": [], "removed": [], "moved": [], "changed": []}

# A plan of two pillars: 1 with objectives 3 and 4 (3 has action 5), and 2.
BASE = [
    _node(1),
    _node(2, position=1),
    _node(3, parent=1, level=2),
    _node(4, parent=1, position=1, level=2),
    _node(5, parent=3, level=3),
]


def _base() -> list[dict[str, Any]]:
    return copy.deepcopy(BASE)


def _edited(node_id: int, nodes: list[dict[str, Any]], **fields: Any) -> list[dict[str, Any]]:
    for node in nodes:
        if node["id"] == node_id:
            node.update(fields)
    return nodes


# Pure comparisons.


def test_identical_snapshots_have_no_differences() -> None:
    comparison = compare(_snapshot(*_base()), _snapshot(*_base()))
    assert _ids(comparison) == NONE
    assert not comparison.plan_changes and not comparison.has_differences
    assert all(n.unchanged for n in comparison.nodes) and len(comparison.nodes) == 5


def test_two_empty_snapshots_compare_to_nothing() -> None:
    comparison = compare({}, {})
    assert comparison.nodes == () and comparison.plan_changes == ()
    assert not comparison.has_differences


def test_a_new_node_is_added_and_nothing_else() -> None:
    new = [*_base(), _node(6, parent=2, level=2)]
    comparison = compare(_snapshot(*_base()), _snapshot(*new))
    assert _ids(comparison) == {**NONE, "added": [6]}
    added = comparison.added[0]
    assert added.before is None and added.after is not None and added.after["code"] == "N6"
    assert not added.changes and not added.moved


def test_a_removed_subtree_is_removed_and_shown_where_it_used_to_be() -> None:
    new = [n for n in _base() if n["id"] not in (3, 5)]
    _edited(4, new, position=0)  # the actions close the gap
    comparison = compare(_snapshot(*_base()), _snapshot(*new))
    assert _ids(comparison) == {**NONE, "removed": [3, 5]}
    assert [(n.id, n.depth) for n in comparison.nodes] == [(1, 0), (3, 1), (5, 2), (4, 1), (2, 0)]
    assert comparison.removed[0].after is None


def test_removing_the_first_top_node_keeps_it_first() -> None:
    old = [_node(1), _node(2, position=1)]
    comparison = compare(_snapshot(*old), _snapshot(_node(2)))
    assert [n.id for n in comparison.nodes] == [1, 2]
    assert _ids(comparison) == {**NONE, "removed": [1]}


def test_a_position_shifted_by_a_removed_sibling_is_not_a_move() -> None:
    old = [_node(1), _node(2, position=1), _node(3, position=2)]
    new = [_node(2), _node(3, position=1)]
    assert _ids(compare(_snapshot(*old), _snapshot(*new))) == {**NONE, "removed": [1]}


def test_a_position_shifted_by_an_inserted_sibling_is_not_a_move() -> None:
    old = [_node(1), _node(2, position=1)]
    new = [_node(3), _node(1, position=1), _node(2, position=2)]
    assert _ids(compare(_snapshot(*old), _snapshot(*new))) == {**NONE, "added": [3]}


def test_a_node_under_another_parent_is_moved_with_both_places() -> None:
    new = _edited(4, _base(), parent=2, position=0)
    comparison = compare(_snapshot(*_base()), _snapshot(*new))
    assert _ids(comparison) == {**NONE, "moved": [4]}
    move = comparison.moved[0].move
    assert move is not None and move.parent_changed
    assert (move.parent_before, move.parent_after) == (1, 2)
    assert (move.position_before, move.position_after) == (1, 0)
    assert (move.level_before, move.level_after) == (2, 2)


def test_moving_the_last_sibling_first_moves_only_that_sibling() -> None:
    old = [_node(1), _node(2, position=1), _node(3, position=2)]
    new = [_node(3), _node(1, position=1), _node(2, position=2)]
    comparison = compare(_snapshot(*old), _snapshot(*new))
    assert _ids(comparison) == {**NONE, "moved": [3]}
    assert [n.id for n in comparison.nodes] == [3, 1, 2]


def test_swapping_two_siblings_moves_one_of_them() -> None:
    old = [_node(1), _node(2, position=1)]
    new = [_node(2), _node(1, position=1)]
    moved = _ids(compare(_snapshot(*old), _snapshot(*new)))["moved"]
    assert len(moved) == 1 and moved[0] in (1, 2)


def test_a_node_promoted_a_tier_moves_and_its_children_move_with_it() -> None:
    # Objective 3 becomes a pillar; its action 5 goes up a tier with it under the same parent.
    new = _edited(3, _base(), parent=None, level=1, position=2)
    _edited(4, new, position=0)
    _edited(5, new, level=2)
    comparison = compare(_snapshot(*_base()), _snapshot(*new))
    assert _ids(comparison) == {**NONE, "moved": [3, 5]}
    move = next(n for n in comparison.nodes if n.id == 5).move
    assert move is not None and not move.parent_changed
    assert (move.level_before, move.level_after) == (3, 2)


def test_a_changed_field_has_its_before_and_after() -> None:
    new = _edited(4, _base(), status="ongoing", code="P1.O2")
    comparison = compare(_snapshot(*_base()), _snapshot(*new))
    assert _ids(comparison) == {**NONE, "changed": [4]}
    changes = {c.field: (c.before, c.after) for c in comparison.changed[0].changes}
    assert changes == {"code": ("N4", "P1.O2"), "status": ("planned", "ongoing")}
    assert [c.field for c in comparison.changed[0].changes] == ["code", "status"]


def test_a_node_can_be_moved_and_changed_at_once() -> None:
    new = _edited(4, _base(), parent=2, position=0, geography="Irbid")
    comparison = compare(_snapshot(*_base()), _snapshot(*new))
    assert _ids(comparison) == {**NONE, "moved": [4], "changed": [4]}
    node = comparison.nodes[-1]
    assert node.id == 4 and node.moved and node.changed and not node.unchanged
    assert [(c.field, c.before, c.after) for c in node.changes] == [("geography", None, "Irbid")]


def test_multilingual_text_changes_language_by_language() -> None:
    old_text = {
        "ar": {"text": "تعزيز القدرات", "provenance": "original"},
        "en": {"text": "Build capacity", "provenance": "translated"},
        "fr": {"text": "Renforcer", "provenance": "translated"},
    }
    new_text = {
        "ar": {"text": "تعزيز قدرات المجتمعات", "provenance": "original"},
        "en": {"text": "Build capacity", "provenance": "translated"},
        "es": {"text": "Fortalecer", "provenance": "translated"},
    }
    new = _edited(2, _base(), text=new_text)
    comparison = compare(_snapshot(*_edited(2, _base(), text=old_text)), _snapshot(*new))
    assert _ids(comparison) == {**NONE, "changed": [2]}
    (change,) = comparison.changed[0].changes
    assert change.field == "text" and change.is_multilingual
    assert [(t.language, t.before, t.after) for t in change.texts] == [
        ("ar", "تعزيز القدرات", "تعزيز قدرات المجتمعات"),
        ("fr", "Renforcer", None),
        ("es", None, "Fortalecer"),
    ]


def test_a_verified_translation_is_a_change_of_provenance_only() -> None:
    (change,) = diff_texts(
        {"en": {"text": "Same", "provenance": "translated"}},
        {"en": {"text": "Same", "provenance": "verified"}},
    )
    assert not change.text_changed
    assert (change.before_provenance, change.after_provenance) == ("translated", "verified")


def test_a_rationale_written_for_the_first_time_is_a_change() -> None:
    new = _edited(1, _base(), rationale=_text(en="Because."))
    (change,) = compare(_snapshot(*_base()), _snapshot(*new)).changed[0].changes
    assert change.field == "rationale"
    assert [(t.language, t.before, t.after) for t in change.texts] == [("en", None, "Because.")]


def test_tag_lists_say_which_items_came_and_went() -> None:
    new = _edited(1, _base(), priority_areas=["PA2", "PA4"])
    old = _edited(1, _base(), priority_areas=["PA1", "PA2"])
    (change,) = compare(_snapshot(*old), _snapshot(*new)).changed[0].changes
    assert (change.items_added, change.items_removed) == (["PA4"], ["PA1"])


def test_plan_facts_changes_include_the_title_per_language() -> None:
    old = _snapshot(title=_text(en="Plan", ar="خطة"), status="drafting")
    new = _snapshot(title=_text(en="Plan", ar="الخطة الوطنية"), status="consultation")
    comparison = compare(old, new)
    assert [c.field for c in comparison.plan_changes] == ["title", "status"]
    title = comparison.plan_changes[0]
    assert [(t.language, t.before, t.after) for t in title.texts] == [
        ("ar", "خطة", "الخطة الوطنية")
    ]
    assert comparison.has_differences and not comparison.nodes


def test_a_field_a_later_snapshot_adds_is_compared_too() -> None:
    new = _edited(1, _base(), indicator="new")
    (change,) = compare(_snapshot(*_base()), _snapshot(*new)).changed[0].changes
    assert (change.field, change.before, change.after) == ("indicator", None, "new")


def test_tree_order_is_depth_first_by_position() -> None:
    shuffled = list(reversed(_base()))
    assert [(n["id"], d) for n, d in tree_order(shuffled)] == [
        (1, 0),
        (3, 1),
        (5, 2),
        (4, 1),
        (2, 0),
    ]


def test_tree_order_survives_damaged_data() -> None:
    orphan = _node(7, parent=99, level=2)
    loop = [_node(8, parent=9, level=2), _node(9, parent=8, level=2)]
    assert [n["id"] for n, _ in tree_order([_node(1), orphan, *loop])] == [1, 7]


# A real plan edited through the actions between two published versions.

needs_db = pytest.mark.django_db


def _add(world: World, parent: PlanNode | None, code: str, **texts: str) -> PlanNode:
    return actions.node_add(
        plan=world.plans["a_confidential"],
        by=world.users["a_editor"],
        parent=parent,
        data=actions.NodeInput(texts=texts, code=code),
    )


def _fresh(node: PlanNode) -> PlanNode:
    return PlanNode.objects.select_related("plan__owner").get(pk=node.pk)


@needs_db
def test_publish_edit_publish_compares_to_exactly_the_edits(world: World) -> None:
    plan, editor = world.plans["a_confidential"], world.users["a_editor"]
    p1 = _add(world, None, "P1", ar="الوقاية", en="Prevention")
    p2 = _add(world, None, "P2", ar="الصمود", en="Resilience")
    o1 = _add(world, p1, "P1.O1", ar="تعزيز القدرات", en="Build capacity")
    o2 = _add(world, p1, "P1.O2", en="Schools")
    a1 = _add(world, o1, "P1.O1.A1", en="Train teachers")
    v1 = actions.plan_publish_version(plan=plan, by=editor, reason="adoption")

    actions.node_update(
        node=_fresh(o1),
        by=editor,
        data=actions.NodeInput(
            texts={"ar": "تعزيز قدرات المجتمعات المحلية", "en": "Build capacity"}, code="P1.O1"
        ),
        expected_version=_fresh(o1).version,
    )
    o3 = _add(world, p2, "P2.O1", en="Youth")
    actions.node_move(
        node=_fresh(o2), by=editor, parent=p2, position=1, expected_version=_fresh(o2).version
    )
    actions.node_delete(node=_fresh(a1), by=editor, expected_version=_fresh(a1).version)
    v2 = actions.plan_publish_version(plan=plan, by=editor, reason="biennial_review")

    comparison = compare(v1.snapshot, v2.snapshot)
    assert _ids(comparison) == {
        "added": [o3.pk],
        "removed": [a1.pk],
        "moved": [o2.pk],
        "changed": [o1.pk],
    }
    (change,) = comparison.changed[0].changes
    assert change.field == "text"
    assert [(t.language, t.before, t.after) for t in change.texts] == [
        ("ar", "تعزيز القدرات", "تعزيز قدرات المجتمعات المحلية")
    ]
    move = comparison.moved[0].move
    assert move is not None and (move.parent_before, move.parent_after) == (p1.pk, p2.pk)
    assert not comparison.plan_changes
    # Newer tree order, the removed action where it used to be.
    assert [n.id for n in comparison.nodes] == [p1.pk, o1.pk, a1.pk, p2.pk, o3.pk, o2.pk]


@needs_db
def test_a_published_snapshot_does_not_change_when_the_plan_changes(world: World) -> None:
    plan, editor = world.plans["a_confidential"], world.users["a_editor"]
    pillar = _add(world, None, "P1", ar="الوقاية", en="Prevention")
    version = actions.plan_publish_version(plan=plan, by=editor, reason="adoption")
    frozen = copy.deepcopy(version.snapshot)

    actions.node_update(
        node=_fresh(pillar),
        by=editor,
        data=actions.NodeInput(texts={"ar": "الوقاية والصمود"}, code="P1"),
        expected_version=_fresh(pillar).version,
    )
    _add(world, None, "P2", en="Resilience")

    stored = PlanVersion.objects.get(pk=version.pk)
    assert stored.snapshot == frozen
    assert stored.nodes()[0]["text"]["ar"]["text"] == "الوقاية"
    against_draft = compare(stored.snapshot, plan_snapshot(plan))
    assert len(against_draft.added) == 1 and [n.id for n in against_draft.changed] == [pillar.pk]
