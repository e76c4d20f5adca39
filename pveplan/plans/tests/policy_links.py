"""Who may see a node's DDR safeguards and change its regional links (merged by the matrix)."""

from __future__ import annotations

from typing import Any

from pveplan.plans.tests.policy_structure import B_READ, node_of
from pveplan.plans.tests.test_permission_matrix import (
    CONFIDENTIAL_A_READ,
    CONFIDENTIAL_A_WRITE_GET,
    expect,
)

CONFIDENTIAL_A_WRITE_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=302, a_focal=302, unoct=302, admin=302
)


def _node(plan: str) -> Any:
    return lambda world: {"pk": node_of(world, plan).pk}


POLICY: dict[str, list[tuple[Any, ...]]] = {
    "plans:node_ddr": [
        ("get", _node("a_confidential"), CONFIDENTIAL_A_READ),
        ("get", _node("b_confidential"), B_READ),
    ],
    "plans:node_regional": [
        ("get", _node("a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        (
            "post",
            _node("a_confidential"),
            CONFIDENTIAL_A_WRITE_POST,
            lambda world: {"regional": "0", "version": node_of(world, "a_confidential").version},
        ),
    ],
}
