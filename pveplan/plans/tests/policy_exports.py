"""Who may export a plan (merged into test_permission_matrix): anyone who can see it."""

from __future__ import annotations

from typing import Any

from pveplan.plans.tests.test_permission_matrix import CONFIDENTIAL_A_READ, EVERYONE, expect


def _export(plan: str, format: str = "xlsx") -> Any:
    # XLSX is the quickest format to render; the view is the same for all three.
    return lambda world: {"pk": world.plans[plan].pk, "format": format}


POLICY: dict[str, list[tuple[Any, ...]]] = {
    "plans:export": [
        ("get", _export("a_confidential"), CONFIDENTIAL_A_READ),
        ("get", _export("a_public"), EVERYONE),
        ("get", _export("b_confidential"), expect(404, b_editor=200, unoct=200, admin=200)),
        ("get", _export("a_public", "odt"), expect(404)),
    ],
}
