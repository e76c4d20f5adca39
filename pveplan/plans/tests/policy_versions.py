"""Who gets what on the versions pages and the review list (merged by test_permission_matrix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pveplan.plans import actions
from pveplan.plans.tests.test_permission_matrix import (
    CONFIDENTIAL_A_READ,
    CONFIDENTIAL_A_STATUS_POST,
    EVERYONE,
    expect,
)
from pveplan.testing import World

B_CONFIDENTIAL_READ = expect(404, b_editor=200, unoct=200, admin=200)
# A processed publish answers with a redirect to the new version.
PUBLIC_A_PUBLISH = expect(403, anonymous=302, a_editor=302, a_focal=302, unoct=302, admin=302)


def _published(key: str, number: int | None = None) -> Callable[[World], dict[str, Any]]:
    """URL arguments of a version of plan `key`, published first; `number` asks for another."""

    def target(world: World) -> dict[str, Any]:
        plan = world.plans[key]
        version = actions.plan_publish_version(
            plan=plan, by=world.users["admin"], reason="adoption"
        )
        return {"pk": plan.pk, "number": number or version.number}

    return target


def _plan_with_a_version(key: str) -> Callable[[World], dict[str, Any]]:
    def target(world: World) -> dict[str, Any]:
        return {"pk": _published(key)(world)["pk"]}

    return target


POLICY: dict[str, list[Any]] = {
    "plans:versions": [
        ("get", "a_confidential", CONFIDENTIAL_A_READ),
        ("get", "a_public", EVERYONE),
        ("get", "b_confidential", B_CONFIDENTIAL_READ),
    ],
    "plans:version_publish": [
        ("post", "a_confidential", CONFIDENTIAL_A_STATUS_POST, {"reason": "adoption"}),
        ("post", "a_public", PUBLIC_A_PUBLISH, {"reason": "biennial_review"}),
    ],
    "plans:version_detail": [
        ("get", _published("a_confidential"), CONFIDENTIAL_A_READ),
        ("get", _published("a_public"), EVERYONE),
        ("get", _published("b_confidential"), B_CONFIDENTIAL_READ),
        ("get", _published("a_public", number=9), expect(404)),
    ],
    "plans:version_compare": [
        ("get", "a_confidential", CONFIDENTIAL_A_READ),
        ("get", _plan_with_a_version("a_confidential"), CONFIDENTIAL_A_READ),
        ("get", _plan_with_a_version("a_public"), EVERYONE),
        ("get", _plan_with_a_version("b_confidential"), B_CONFIDENTIAL_READ),
    ],
    "plans:reviews_due": [("get", None, EVERYONE)],
}
