"""Who may import an edited action matrix (merged by test_permission_matrix): those who may
write the plan; a pending upload answers only to the person who uploaded it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from pveplan.plans.exports import export_plan
from pveplan.plans.imports import pending
from pveplan.plans.tests.test_permission_matrix import (
    CONFIDENTIAL_A_STATUS_POST,
    CONFIDENTIAL_A_WRITE_GET,
    PUBLIC_A_WRITE_GET,
    expect,
)
from pveplan.testing import World

B_CONFIDENTIAL_WRITE_GET = expect(404, anonymous=302, b_editor=200, unoct=200, admin=200)
# A pending upload of a_editor's: a_editor sees it; others who may write the plan get 404.
A_EDITORS_UPLOAD = expect(404, anonymous=302, a_viewer=403, a_editor=200)
PUBLIC_A_EDITORS_UPLOAD = expect(
    403, anonymous=302, a_editor=200, a_focal=404, unoct=404, admin=404
)
# Applying it (an unchanged matrix) redirects a_editor to the structure page.
A_EDITORS_APPLY = expect(404, anonymous=302, a_viewer=403, a_editor=302)


def _matrix(world: World, key: str) -> bytes:
    return export_plan(world.plans[key], format="xlsx", language="en", user=None)


def _upload(key: str) -> Callable[[World], dict[str, Any]]:
    def body(world: World) -> dict[str, Any]:
        return {"file": SimpleUploadedFile("matrix.xlsx", _matrix(world, key))}

    return body


def _pending(key: str, token: str | None = None) -> Callable[[World], dict[str, Any]]:
    """URL arguments of an upload by a_editor to plan `key`; `token` asks for another one."""

    def target(world: World) -> dict[str, Any]:
        plan = world.plans[key]
        item = pending.store(
            plan=plan, user=world.users["a_editor"], data=_matrix(world, key), filename="m.xlsx"
        )
        return {"pk": plan.pk, "token": token or item.token}

    return target


POLICY: dict[str, list[Any]] = {
    "plans:import": [
        ("get", "a_confidential", CONFIDENTIAL_A_WRITE_GET),
        ("get", "a_public", PUBLIC_A_WRITE_GET),
        ("get", "b_confidential", B_CONFIDENTIAL_WRITE_GET),
        ("post", "a_confidential", CONFIDENTIAL_A_STATUS_POST, _upload("a_confidential")),
    ],
    "plans:import_preview": [
        ("get", _pending("a_confidential"), A_EDITORS_UPLOAD),
        ("get", _pending("a_public"), PUBLIC_A_EDITORS_UPLOAD),
        (
            "get",
            _pending("a_confidential", token="x" * 32),
            expect(404, anonymous=302, a_viewer=403),
        ),
    ],
    "plans:import_apply": [
        ("post", _pending("a_confidential"), A_EDITORS_APPLY),
        (
            "post",
            _pending("a_confidential", token="..not-a-token.."),
            expect(404, anonymous=302, a_viewer=403),
        ),
    ],
}
