"""Who may export a plan (merged into test_permission_matrix): anyone who can see it. A large
plan's export is a background task that only the person who asked can follow and download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pveplan.plans.exports import tasks
from pveplan.plans.models import PlanNode
from pveplan.plans.tests.test_permission_matrix import (
    CONFIDENTIAL_A_READ,
    EVERYONE,
    LOGGED_IN_GET,
    expect,
)
from pveplan.testing import World

# Readers are sent to the progress page of their background export; anonymous visitors (who
# cannot own a task) get the file at once.
CONFIDENTIAL_A_LARGE = expect(404, a_viewer=302, a_editor=302, a_focal=302, unoct=302, admin=302)
PUBLIC_A_LARGE = expect(302, anonymous=200)


def _export(plan: str, format: str = "xlsx") -> Any:
    # XLSX is the quickest format to render; the view is the same for all three.
    return lambda world: {"pk": world.plans[plan].pk, "format": format}


def _large(plan: str) -> Callable[[World], dict[str, Any]]:
    """The export URL of plan `plan` given more nodes than are exported within the request."""

    def target(world: World) -> dict[str, Any]:
        instance = world.plans[plan]
        PlanNode.objects.bulk_create(
            PlanNode(plan=instance, level=1, position=i, code=f"P{i}", text={})
            for i in range(tasks.IMMEDIATE_MAX_NODES + 1)
        )
        return {"pk": instance.pk, "format": "xlsx"}

    return target


def _task(owner: str, plan: str, *, run: bool = False) -> Callable[[World], dict[str, Any]]:
    """The token of an export of `plan` asked by `owner`: queued, or made when `run`."""

    def target(world: World) -> dict[str, Any]:
        record = tasks.plan_export_enqueue(
            plan=world.plans[plan], format="xlsx", language="en", by=world.users[owner]
        )
        if run:
            tasks.run(record.pk)
        return {"token": record.token}

    return target


def _owner_only(owner: str, status: int = 200) -> dict[str, int]:
    return expect(404, anonymous=302, **{owner: status})


POLICY: dict[str, list[tuple[Any, ...]]] = {
    "plans:export": [
        ("get", _export("a_confidential"), CONFIDENTIAL_A_READ),
        ("get", _export("a_public"), EVERYONE),
        ("get", _export("b_confidential"), expect(404, b_editor=200, unoct=200, admin=200)),
        ("get", _export("a_public", "odt"), expect(404)),
        ("get", _large("a_confidential"), CONFIDENTIAL_A_LARGE),
        ("get", _large("a_public"), PUBLIC_A_LARGE),
    ],
    "plans:exports": [("get", None, LOGGED_IN_GET)],
    "plans:export_progress": [
        ("get", _task("a_viewer", "a_confidential"), _owner_only("a_viewer")),
        ("get", _task("b_editor", "b_confidential", run=True), _owner_only("b_editor")),
        ("get", _task("unoct", "a_public"), _owner_only("unoct")),
    ],
    "plans:export_download": [
        ("get", _task("a_viewer", "a_confidential", run=True), _owner_only("a_viewer")),
        ("get", _task("donor", "a_public", run=True), _owner_only("donor")),
        # Not made yet: there is nothing to download, even for its owner.
        ("get", _task("a_editor", "a_confidential"), _owner_only("a_editor", 404)),
    ],
    "plans:export_cancel": [
        ("post", _task("a_editor", "a_confidential"), _owner_only("a_editor", 302)),
    ],
}
