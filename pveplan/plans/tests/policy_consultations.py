"""Who gets what on a plan's consultation pages (merged by test_permission_matrix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pveplan.consultations.models import ConsultationEvent, ConsultationInput, Stakeholder
from pveplan.consultations.tests import helpers as h
from pveplan.plans.tests.test_permission_matrix import (
    CONFIDENTIAL_A_READ,
    CONFIDENTIAL_A_WRITE_GET,
    EVERYONE,
    PARTNERS_A_READ,
    PUBLIC_A_WRITE_GET,
    expect,
)
from pveplan.testing import World

B_READ = expect(404, b_editor=200, unoct=200, admin=200)
# A processed write answers with a redirect (to the list, the event or the registry).
CONFIDENTIAL_A_WRITE_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=302, a_focal=302, unoct=302, admin=302
)
PUBLIC_A_WRITE_POST = expect(403, anonymous=302, a_editor=302, a_focal=302, unoct=302, admin=302)
B_WRITE_GET = expect(404, anonymous=302, b_editor=200, unoct=200, admin=200)
B_WRITE_POST = expect(404, anonymous=302, b_editor=302, unoct=302, admin=302)

# Stakeholders are loaded one at a time only by the team: readers get 403 in sight.
PARTNERS_A_WRITE_GET = expect(
    404,
    anonymous=302,
    a_viewer=403,
    un_staff=403,
    donor=403,
    a_editor=200,
    a_focal=200,
    unoct=200,
    admin=200,
)


def _stakeholder(world: World, key: str) -> Stakeholder:
    found = Stakeholder.objects.filter(plan=world.plans[key]).first()
    return found or h.stakeholder(world, key, pseudonymous=True)


def _event(world: World, key: str) -> ConsultationEvent:
    found = ConsultationEvent.objects.filter(plan=world.plans[key]).first()
    return found or h.event(world, key)


def _input(world: World, key: str) -> ConsultationInput:
    found = ConsultationInput.objects.filter(plan=world.plans[key]).first()
    return found or h.consultation_input(world, key)


def _pk(load: Callable[[World, str], Any], key: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": load(world, key).pk}


def _version(load: Callable[[World, str], Any], key: str, **data: Any) -> Any:
    return lambda world: {"version": load(world, key).version, **data}


def _reads(target: Callable[[str], Any]) -> list[tuple[Any, ...]]:
    return [
        ("get", target("a_confidential"), CONFIDENTIAL_A_READ),
        ("get", target("a_partners"), PARTNERS_A_READ),
        ("get", target("a_public"), EVERYONE),
        ("get", target("b_confidential"), B_READ),
    ]


def _plan(key: str) -> str:
    return key


STAKEHOLDER = {"type": "cso", "name": "Youth Network"}
EVENT = {
    "title_en": "Town hall",
    "original_language": "en",
    "date": "2025-05-01",
    "format": "online",
}
INPUT = {"text_en": "More schools", "original_language": "en"}
RESPONSE = {"disposition": "accepted", "response_en": "Yes, added."}
GRID = {"n__cso__women__18_29": "3"}

POLICY: dict[str, list[tuple[Any, ...]]] = {
    "consultations:overview": _reads(_plan),
    "consultations:annex": _reads(_plan),
    "consultations:stakeholders": _reads(_plan),
    "consultations:inputs": _reads(_plan),
    "consultations:event_detail": _reads(lambda key: _pk(_event, key)),
    "consultations:stakeholder_add": [
        ("get", "a_confidential", CONFIDENTIAL_A_WRITE_GET),
        ("get", "a_public", PUBLIC_A_WRITE_GET),
        ("post", "a_confidential", CONFIDENTIAL_A_WRITE_POST, STAKEHOLDER),
        ("post", "b_confidential", B_WRITE_POST, STAKEHOLDER),
    ],
    "consultations:stakeholder_edit": [
        ("get", _pk(_stakeholder, "a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _pk(_stakeholder, "a_partners"), PARTNERS_A_WRITE_GET),
        ("get", _pk(_stakeholder, "a_public"), PUBLIC_A_WRITE_GET),
        ("get", _pk(_stakeholder, "b_confidential"), B_WRITE_GET),
        (
            "post",
            _pk(_stakeholder, "a_confidential"),
            CONFIDENTIAL_A_WRITE_POST,
            _version(_stakeholder, "a_confidential", **STAKEHOLDER),
        ),
        (
            "post",
            _pk(_stakeholder, "a_public"),
            PUBLIC_A_WRITE_POST,
            _version(_stakeholder, "a_public", **STAKEHOLDER),
        ),
    ],
    "consultations:stakeholder_delete": [
        ("get", _pk(_stakeholder, "a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _pk(_stakeholder, "a_public"), PUBLIC_A_WRITE_GET),
        (
            "post",
            _pk(_stakeholder, "a_confidential"),
            CONFIDENTIAL_A_WRITE_POST,
            _version(_stakeholder, "a_confidential"),
        ),
        (
            "post",
            _pk(_stakeholder, "b_confidential"),
            B_WRITE_POST,
            _version(_stakeholder, "b_confidential"),
        ),
    ],
    "consultations:event_add": [
        ("get", "a_confidential", CONFIDENTIAL_A_WRITE_GET),
        ("get", "a_public", PUBLIC_A_WRITE_GET),
        ("post", "a_confidential", CONFIDENTIAL_A_WRITE_POST, EVENT),
        ("post", "a_public", PUBLIC_A_WRITE_POST, EVENT),
    ],
    "consultations:event_edit": [
        ("get", _pk(_event, "a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _pk(_event, "a_public"), PUBLIC_A_WRITE_GET),
        ("get", _pk(_event, "b_confidential"), B_WRITE_GET),
        (
            "post",
            _pk(_event, "a_confidential"),
            CONFIDENTIAL_A_WRITE_POST,
            _version(_event, "a_confidential", **EVENT),
        ),
    ],
    "consultations:event_delete": [
        ("get", _pk(_event, "a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _pk(_event, "a_public"), PUBLIC_A_WRITE_GET),
        (
            "post",
            _pk(_event, "a_confidential"),
            CONFIDENTIAL_A_WRITE_POST,
            _version(_event, "a_confidential"),
        ),
        ("post", _pk(_event, "a_public"), PUBLIC_A_WRITE_POST, _version(_event, "a_public")),
    ],
    "consultations:participants": [
        (
            "post",
            _pk(_event, "a_confidential"),
            CONFIDENTIAL_A_WRITE_POST,
            _version(_event, "a_confidential", **GRID),
        ),
        (
            "post",
            _pk(_event, "a_public"),
            PUBLIC_A_WRITE_POST,
            _version(_event, "a_public", **GRID),
        ),
        (
            "post",
            _pk(_event, "b_confidential"),
            B_WRITE_POST,
            _version(_event, "b_confidential", **GRID),
        ),
    ],
    "consultations:input_add": [
        ("get", "a_confidential", CONFIDENTIAL_A_WRITE_GET),
        ("get", "a_public", PUBLIC_A_WRITE_GET),
        ("post", "a_confidential", CONFIDENTIAL_A_WRITE_POST, INPUT),
        ("post", "b_confidential", B_WRITE_POST, INPUT),
    ],
    "consultations:input_edit": [
        ("get", _pk(_input, "a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _pk(_input, "a_public"), PUBLIC_A_WRITE_GET),
        (
            "post",
            _pk(_input, "a_confidential"),
            CONFIDENTIAL_A_WRITE_POST,
            _version(_input, "a_confidential", **INPUT),
        ),
    ],
    "consultations:input_respond": [
        ("get", _pk(_input, "a_confidential"), CONFIDENTIAL_A_WRITE_GET),
        ("get", _pk(_input, "a_partners"), PARTNERS_A_WRITE_GET),
        ("get", _pk(_input, "a_public"), PUBLIC_A_WRITE_GET),
        ("get", _pk(_input, "b_confidential"), B_WRITE_GET),
        (
            "post",
            _pk(_input, "a_confidential"),
            CONFIDENTIAL_A_WRITE_POST,
            _version(_input, "a_confidential", **RESPONSE),
        ),
        (
            "post",
            _pk(_input, "a_public"),
            PUBLIC_A_WRITE_POST,
            _version(_input, "a_public", **RESPONSE),
        ),
    ],
}
