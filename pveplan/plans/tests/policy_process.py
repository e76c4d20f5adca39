"""Who may read and change a plan's process tracker (merged into test_permission_matrix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from pveplan.plans.tests.test_permission_matrix import (
    CONFIDENTIAL_A_READ,
    CONFIDENTIAL_A_STATUS_POST,
    CONFIDENTIAL_A_WRITE_GET,
    EVERYONE,
    PARTNERS_A_READ,
    PUBLIC_A_WRITE_GET,
    expect,
)
from pveplan.process import actions
from pveplan.process.models import Evidence
from pveplan.taxonomy.models import PlanPhase as Phase
from pveplan.testing import World

B_READ = expect(404, b_editor=200, unoct=200, admin=200)
# A processed write answers with a redirect back to the tracker.
CONFIDENTIAL_A_WRITE_POST = CONFIDENTIAL_A_STATUS_POST
PUBLIC_A_WRITE_POST = expect(403, anonymous=302, a_editor=302, a_focal=302, unoct=302, admin=302)
# A refused upload answers 400 with the page and the reason; nothing is stored.
CONFIDENTIAL_A_REFUSED_UPLOAD = expect(
    404, anonymous=302, a_viewer=403, a_editor=400, a_focal=400, unoct=400, admin=400
)
# Known plan, unknown phase or item: 404 to anyone allowed to write there.
CONFIDENTIAL_A_UNKNOWN = expect(404, anonymous=302, a_viewer=403)

# The smallest PDF the upload check accepts.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _phase(plan: str, code: str = "PH3") -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": world.plans[plan].pk, "code": code}


def _item(plan: str, key: str, code: str = "PH0") -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": world.plans[plan].pk, "code": code, "key": key}


def evidence_of(world: World, plan: str) -> Evidence:
    """Evidence on phase 5 of the plan, attached by the administrator the first time asked."""
    existing = Evidence.objects.filter(plan_phase__plan=world.plans[plan]).first()
    if existing is not None:
        return existing
    return actions.evidence_add(
        plan=world.plans[plan],
        phase=Phase.objects.get(code="PH5"),
        by=world.users["admin"],
        title="Cabinet decision",
        file=SimpleUploadedFile("decision.pdf", PDF),
    )


def _evidence(plan: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": evidence_of(world, plan).pk}


def _text_file(world: World) -> dict[str, Any]:
    return {"title": "Minutes", "file": SimpleUploadedFile("minutes.pdf", b"not a pdf at all")}


POLICY: dict[str, list[Any]] = {
    "process:tracker": [
        ("get", "a_confidential", CONFIDENTIAL_A_READ),
        ("get", "a_partners", PARTNERS_A_READ),
        ("get", "a_public", EVERYONE),
        ("get", "b_confidential", B_READ),
    ],
    "process:phase_edit": [
        ("get", _phase("a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _phase("a_public"), PUBLIC_A_WRITE_GET),
        ("get", _phase("a_confidential", "PH99"), CONFIDENTIAL_A_UNKNOWN),
        (
            "post",
            _phase("a_confidential"),
            CONFIDENTIAL_A_WRITE_POST,
            {"status": "in_progress", "version": 0},
        ),
        ("post", _phase("a_public"), PUBLIC_A_WRITE_POST, {"status": "done", "version": 0}),
    ],
    "process:checklist_set": [
        (
            "post",
            _item("a_confidential", "mandate_decision"),
            CONFIDENTIAL_A_WRITE_POST,
            {"done": "1", "version": 0},
        ),
        (
            "post",
            _item("a_public", "mandate_decision"),
            PUBLIC_A_WRITE_POST,
            {"done": "1", "version": 0},
        ),
        (
            "post",
            _item("a_confidential", "no_such_item"),
            CONFIDENTIAL_A_UNKNOWN,
            {"done": "1", "version": 0},
        ),
    ],
    "process:evidence_add": [
        ("post", _phase("a_confidential", "PH5"), CONFIDENTIAL_A_REFUSED_UPLOAD, _text_file),
    ],
    "process:evidence_download": [
        ("get", _evidence("a_confidential"), CONFIDENTIAL_A_READ),
        ("get", _evidence("a_partners"), PARTNERS_A_READ),
        ("get", _evidence("a_public"), EVERYONE),
        ("get", _evidence("b_confidential"), B_READ),
    ],
    "process:evidence_delete": [
        ("get", _evidence("a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _evidence("a_public"), PUBLIC_A_WRITE_GET),
        ("post", _evidence("a_confidential"), CONFIDENTIAL_A_WRITE_POST),
        ("post", _evidence("a_public"), PUBLIC_A_WRITE_POST),
    ],
}
