"""Who may open and change a plan's structure (merged into test_permission_matrix)."""

from __future__ import annotations

from typing import Any

from pveplan.plans import actions
from pveplan.plans.models import PlanNode
from pveplan.plans.tests.test_permission_matrix import (
    CONFIDENTIAL_A_READ,
    CONFIDENTIAL_A_WRITE_GET,
    EVERYONE,
    PUBLIC_A_WRITE_GET,
    expect,
)
from pveplan.testing import World

# A processed write answers with a redirect back to the structure page.
CONFIDENTIAL_A_WRITE_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=302, a_focal=302, unoct=302, admin=302
)
PUBLIC_A_WRITE_POST = expect(403, anonymous=302, a_editor=302, a_focal=302, unoct=302, admin=302)
B_READ = expect(404, b_editor=200, unoct=200, admin=200)
B_WRITE_GET = expect(404, anonymous=302, b_editor=200, unoct=200, admin=200)
B_WRITE_POST = expect(404, anonymous=302, b_editor=302, unoct=302, admin=302)


def node_of(world: World, plan: str) -> PlanNode:
    """The plan's first pillar, added by the administrator the first time it is asked for."""
    existing = PlanNode.objects.filter(plan=world.plans[plan]).order_by("pk").first()
    if existing is not None:
        return existing
    return actions.node_add(
        plan=world.plans[plan],
        by=world.users["admin"],
        parent=None,
        data=actions.NodeInput(texts={"en": "Prevention", "ar": "الوقاية"}, code="P1"),
    )


def _node(plan: str) -> Any:
    return lambda world: {"pk": node_of(world, plan).pk}


def _edit(plan: str) -> Any:
    return lambda world: {
        "text_en": "Changed",
        "currency": "USD",
        "status": "ongoing",
        "version": node_of(world, plan).version,
    }


def _version(plan: str) -> Any:
    return lambda world: {"version": node_of(world, plan).version}


def _move(plan: str) -> Any:
    return lambda world: {"direction": "down", "version": node_of(world, plan).version}


NEW_NODE = {"text_en": "A new pillar", "currency": "USD", "status": "planned"}

POLICY: dict[str, list[tuple[Any, ...]]] = {
    "plans:structure": [
        ("get", "a_confidential", CONFIDENTIAL_A_READ),
        ("get", "a_public", EVERYONE),
        ("get", "b_confidential", B_READ),
    ],
    "plans:node_add": [
        ("get", "a_confidential", CONFIDENTIAL_A_WRITE_GET),
        ("get", "a_public", PUBLIC_A_WRITE_GET),
        ("post", "a_confidential", CONFIDENTIAL_A_WRITE_POST, NEW_NODE),
        ("post", "a_public", PUBLIC_A_WRITE_POST, NEW_NODE),
        ("post", "b_confidential", B_WRITE_POST, NEW_NODE),
    ],
    "plans:node_edit": [
        ("get", _node("a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _node("a_public"), PUBLIC_A_WRITE_GET),
        ("get", _node("b_confidential"), B_WRITE_GET),
        ("post", _node("a_confidential"), CONFIDENTIAL_A_WRITE_POST, _edit("a_confidential")),
        ("post", _node("a_public"), PUBLIC_A_WRITE_POST, _edit("a_public")),
    ],
    "plans:node_delete": [
        ("get", _node("a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _node("a_public"), PUBLIC_A_WRITE_GET),
        ("post", _node("a_confidential"), CONFIDENTIAL_A_WRITE_POST, _version("a_confidential")),
        ("post", _node("a_public"), PUBLIC_A_WRITE_POST, _version("a_public")),
        ("post", _node("b_confidential"), B_WRITE_POST, _version("b_confidential")),
    ],
    "plans:node_move": [
        ("post", _node("a_confidential"), CONFIDENTIAL_A_WRITE_POST, _move("a_confidential")),
        ("post", _node("a_public"), PUBLIC_A_WRITE_POST, _move("a_public")),
        ("post", _node("b_confidential"), B_WRITE_POST, _move("b_confidential")),
    ],
}
