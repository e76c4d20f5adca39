"""Who may approve a plan submitted for validation (merged by test_permission_matrix)."""

from __future__ import annotations

from typing import Any

from pveplan.plans.tests.test_permission_matrix import expect

# A processed request answers with a redirect back to the plan (with a message when refused
# for a reason other than permissions, e.g. the plan is not submitted).
CONFIDENTIAL_A_APPROVE = expect(
    404, anonymous=302, a_viewer=403, a_editor=403, a_focal=302, unoct=302, admin=302
)

POLICY: dict[str, list[tuple[Any, ...]]] = {
    "plans:approve": [
        (
            "post",
            "a_confidential",
            CONFIDENTIAL_A_APPROVE,
            lambda world: {"version": world.plans["a_confidential"].version},
        )
    ],
}
