"""The structure actions themselves: add, update, move, indent, outdent, delete."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pveplan.accounts import actions as account_actions
from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans import actions
from pveplan.plans.models import MAX_LEVEL, PlanNode
from pveplan.plans.permissions import access_node
from pveplan.taxonomy.models import Country, Driver, PriorityArea
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def body(country: str, code: str, name: str) -> Organization:
    return account_actions.organization_create(
        by=None,
        organization=Organization(
            kind=OrganizationKind.GOVERNMENT_BODY,
            code=code,
            country=Country.objects.get(code=country),
            name_en=name,
        ),
    )


def data(text: str = "An action", **overrides: Any) -> actions.NodeInput:
    return actions.NodeInput(texts={"en": text}, **overrides)


def add(
    world: World, parent: PlanNode | None = None, text: str = "x", plan: str = "a_confidential"
) -> PlanNode:
    return actions.node_add(
        plan=world.plans[plan], by=world.users["a_editor"], parent=parent, data=data(text)
    )


def order(plan_or_parent: Any) -> list[tuple[str, int]]:
    """(text, position) of the nodes under a parent (or the top tier of a plan), in order."""
    if isinstance(plan_or_parent, PlanNode):
        nodes = PlanNode.objects.filter(parent=plan_or_parent)
    else:
        nodes = PlanNode.objects.filter(plan=plan_or_parent, parent=None)
    return [(n.text["en"]["text"], n.position) for n in nodes.order_by("position")]


def fresh(node: PlanNode) -> PlanNode:
    return PlanNode.objects.get(pk=node.pk)


def move(world: World, node: PlanNode, parent: PlanNode | None, position: int) -> PlanNode:
    return actions.node_move(
        node=fresh(node),
        by=world.users["a_editor"],
        parent=fresh(parent) if parent else None,
        position=position,
        expected_version=fresh(node).version,
    )


def test_added_nodes_go_to_the_end_one_tier_below_their_parent(world: World) -> None:
    plan = world.plans["a_confidential"]
    p1, p2 = add(world, text="P1"), add(world, text="P2")
    o1 = add(world, p1, "O1")
    a1 = add(world, o1, "A1")
    assert [(p1.level, p1.position), (p2.level, p2.position)] == [(1, 0), (1, 1)]
    assert (o1.level, o1.position, a1.level) == (2, 0, 3)
    assert order(plan) == [("P1", 0), ("P2", 1)]
    event = AuditEvent.objects.get(action="node.add", object_id=str(a1.pk))
    assert event.actor == world.users["a_editor"] and event.after["level"] == 3


def test_adding_keeps_the_text_tags_and_bodies(world: World) -> None:
    ministry = body("JOR", "jor-moe", "Ministry of Education")
    node = actions.node_add(
        plan=world.plans["a_confidential"],
        by=world.users["a_editor"],
        parent=None,
        data=data(
            "Education",
            code="P1",
            priority_areas=[PriorityArea.objects.get(number=4)],
            drivers=[Driver.objects.get(code="PUSH1")],
            lead_body=ministry,
            partner_bodies=[ministry],
            estimated_cost=Decimal("1000.50"),
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2026, 1, 1),
            is_ddr_related=True,
        ),
    )
    node = fresh(node)
    assert node.text["en"] == {"text": "Education", "provenance": "translated"}
    assert [a.number for a in node.priority_areas.all()] == [4]
    assert node.lead_body == ministry and list(node.partner_bodies.all()) == [ministry]
    assert node.estimated_cost == Decimal("1000.50") and node.is_ddr_related


def test_the_lowest_tier_cannot_have_children(world: World) -> None:
    node = None
    for _ in range(MAX_LEVEL):
        node = add(world, node)
    before = PlanNode.objects.count()
    with pytest.raises(ValidationError) as caught:
        add(world, node)
    assert "parent" in caught.value.message_dict
    assert PlanNode.objects.count() == before


def test_a_parent_from_another_plan_is_refused(world: World) -> None:
    other = actions.node_add(
        plan=world.plans["a_public"], by=world.users["a_editor"], parent=None, data=data()
    )
    with pytest.raises(ValidationError):
        add(world, other)
    assert not PlanNode.objects.filter(plan=world.plans["a_confidential"]).exists()


def test_update_changes_content_and_bumps_the_version(world: World) -> None:
    node = add(world, text="Old")
    updated = actions.node_update(
        node=fresh(node),
        by=world.users["a_editor"],
        data=data("New", status="ongoing", priority_areas=[PriorityArea.objects.get(number=1)]),
        expected_version=1,
    )
    node = fresh(node)
    assert updated.version == node.version == 2
    assert node.text["en"]["text"] == "New" and node.status == "ongoing"
    assert [a.number for a in node.priority_areas.all()] == [1]
    event = AuditEvent.objects.get(action="node.update", object_id=str(node.pk))
    assert event.before["status"] == "planned" and event.after["status"] == "ongoing"


def test_a_stale_update_raises_conflict_and_changes_nothing(world: World) -> None:
    node = add(world, text="Old")
    actions.node_update(
        node=fresh(node), by=world.users["a_focal"], data=data("First"), expected_version=1
    )
    with pytest.raises(ConflictError):
        actions.node_update(
            node=fresh(node), by=world.users["a_editor"], data=data("Second"), expected_version=1
        )
    node = fresh(node)
    assert node.text["en"]["text"] == "First" and node.version == 2


def test_moving_up_and_down_renumbers_the_siblings(world: World) -> None:
    plan = world.plans["a_confidential"]
    a, b, c = (add(world, text=t) for t in "ABC")
    move(world, c, None, 0)
    assert order(plan) == [("C", 0), ("A", 1), ("B", 2)]
    move(world, c, None, 2)
    assert order(plan) == [("A", 0), ("B", 1), ("C", 2)]
    move(world, a, None, 1)
    assert order(plan) == [("B", 0), ("A", 1), ("C", 2)]
    assert fresh(a).version == 2
    assert AuditEvent.objects.filter(action="node.move").count() == 3
    assert fresh(b).version == 1  # siblings renumbered, not edited


def test_indenting_makes_a_node_the_last_child_of_its_previous_sibling(world: World) -> None:
    plan = world.plans["a_confidential"]
    a, b, _ = (add(world, text=t) for t in "ABC")
    a1 = add(world, a, "A1")
    b1 = add(world, b, "B1")
    b1x = add(world, b1, "B1x")
    move(world, b, a, 99)  # indent B under A, with its subtree
    assert order(plan) == [("A", 0), ("C", 1)]
    assert order(fresh(a)) == [("A1", 0), ("B", 1)]
    assert (fresh(b).level, fresh(b1).level, fresh(b1x).level) == (2, 3, 4)
    assert fresh(a1).position == 0


def test_outdenting_puts_a_node_right_after_its_parent(world: World) -> None:
    plan = world.plans["a_confidential"]
    a = add(world, text="A")
    add(world, text="B")
    _, a2, _ = (add(world, a, t) for t in ("A1", "A2", "A3"))
    a2x = add(world, a2, "A2x")
    move(world, a2, None, fresh(a).position + 1)
    assert order(plan) == [("A", 0), ("A2", 1), ("B", 2)]
    assert order(fresh(a)) == [("A1", 0), ("A3", 1)]
    assert (fresh(a2).level, fresh(a2x).level) == (1, 2)


def test_a_move_deeper_than_the_tiers_is_refused(world: World) -> None:
    a, b = add(world, text="A"), add(world, text="B")
    deep = add(world, add(world, add(world, b)))  # B has three tiers below it
    assert deep.level == MAX_LEVEL
    with pytest.raises(ValidationError):
        move(world, b, a, 0)
    assert (fresh(b).level, fresh(b).parent_id, fresh(b).version) == (1, None, 1)


def test_a_node_cannot_move_under_itself_or_its_descendants(world: World) -> None:
    a = add(world, text="A")
    a1 = add(world, a, "A1")
    for target in (a, a1):
        with pytest.raises(ValidationError):
            move(world, a, target, 0)
    assert fresh(a).parent_id is None


def test_a_stale_move_raises_conflict(world: World) -> None:
    add(world, text="A")
    b = add(world, text="B")
    move(world, b, None, 0)
    with pytest.raises(ConflictError):
        actions.node_move(
            node=fresh(b), by=world.users["a_editor"], parent=None, position=1, expected_version=1
        )
    assert order(world.plans["a_confidential"]) == [("B", 0), ("A", 1)]


def test_deleting_removes_the_subtree_and_closes_the_gap(world: World) -> None:
    plan = world.plans["a_confidential"]
    _, b, _ = (add(world, text=t) for t in "ABC")
    b1 = add(world, b, "B1")
    add(world, b1, "B1x")
    actions.node_delete(node=fresh(b), by=world.users["a_editor"], expected_version=1)
    assert order(plan) == [("A", 0), ("C", 1)]
    assert PlanNode.objects.filter(plan=plan).count() == 2
    event = AuditEvent.objects.get(action="node.delete", object_id=str(b.pk))
    assert len(event.before["nodes"]) == 3


def test_a_stale_delete_raises_conflict_and_keeps_the_node(world: World) -> None:
    node = add(world)
    actions.node_update(
        node=fresh(node), by=world.users["a_editor"], data=data("New"), expected_version=1
    )
    with pytest.raises(ConflictError):
        actions.node_delete(node=fresh(node), by=world.users["a_editor"], expected_version=1)
    assert PlanNode.objects.filter(pk=node.pk).exists()


@pytest.mark.parametrize("persona", ["a_viewer", "b_editor", "donor"])
def test_a_refused_write_raises_and_is_audited_as_denied(world: World, persona: str) -> None:
    plan = world.plans["a_confidential"]
    node = add(world)
    user = world.users[persona]
    attempts = {
        "node.add": lambda: actions.node_add(plan=plan, by=user, parent=None, data=data()),
        "node.update": lambda: actions.node_update(
            node=fresh(node), by=user, data=data("Changed"), expected_version=1
        ),
        "node.move": lambda: actions.node_move(
            node=fresh(node), by=user, parent=None, position=0, expected_version=1
        ),
        "node.delete": lambda: actions.node_delete(node=fresh(node), by=user, expected_version=1),
    }
    for name, attempt in attempts.items():
        with pytest.raises(PermissionDenied):
            attempt()
        event = AuditEvent.objects.filter(action=name, actor=user).get()
        assert event.outcome == "denied"
    assert PlanNode.objects.filter(plan=plan).count() == 1
    assert fresh(node).version == 1 and fresh(node).text["en"]["text"] == "x"


def test_another_countrys_editor_gets_404_for_a_node(world: World) -> None:
    node = add(world)
    for need in ("plans:read", PLANS_WRITE):
        with pytest.raises(Http404):
            access_node(world.users["b_editor"], node.pk, need=need)
    with pytest.raises(PermissionDenied):
        access_node(world.users["a_viewer"], node.pk, need=PLANS_WRITE)
    assert access_node(world.users["a_editor"], node.pk, need=PLANS_WRITE) == node


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"texts": {"en": "  "}}, "text_ar"),
        ({"code": "x" * 31}, "code"),
        (
            {"start_date": datetime.date(2026, 1, 1), "end_date": datetime.date(2025, 1, 1)},
            "end_date",
        ),
        ({"estimated_cost": Decimal("-1")}, "estimated_cost"),
        ({"currency": "usd"}, "currency"),
        ({"status": "finished"}, "status"),
        ({"lead_body": "lebanon"}, "lead_body"),
        ({"partner_bodies": "lebanon"}, "partner_bodies"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    lebanese = body("LBN", "lbn-moi", "Ministry of Interior")
    values: dict[str, Any] = {"texts": {"en": "Text"}}
    values.update(overrides)
    if values.get("lead_body") == "lebanon":
        values["lead_body"] = lebanese
    if values.get("partner_bodies") == "lebanon":
        values["partner_bodies"] = [lebanese]
    events = AuditEvent.objects.count()
    node = add(world)
    with pytest.raises(ValidationError) as caught:
        actions.node_add(
            plan=world.plans["a_confidential"],
            by=world.users["a_editor"],
            parent=None,
            data=actions.NodeInput(**values),
        )
    assert field in caught.value.message_dict  # the plan's original language is Arabic
    with pytest.raises(ValidationError):
        actions.node_update(
            node=fresh(node),
            by=world.users["a_editor"],
            data=actions.NodeInput(**values),
            expected_version=1,
        )
    assert PlanNode.objects.count() == 1 and fresh(node).version == 1
    assert AuditEvent.objects.count() == events + 1  # the one add above
