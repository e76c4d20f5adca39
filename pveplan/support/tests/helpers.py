"""Support requests at each step of the workflow, for the tests and the permission matrix."""

from __future__ import annotations

import datetime
from typing import Any

from pveplan.support import actions
from pveplan.support.models import Offer, SupportRequest
from pveplan.taxonomy.models import PriorityArea
from pveplan.testing import World, org


def area(number: int) -> PriorityArea:
    return PriorityArea.objects.get(number=number)


def request_input(requester: str = "jor", **overrides: Any) -> actions.RequestInput:
    values: dict[str, Any] = {
        "requester": org(requester) if requester else None,
        "title": "Drafting support for the national plan",
        "modality": "drafting",
        "priority_areas": [area(4)],
        "description": "Two advisers for six months.",
        "languages": ["ar", "en"],
        "start_date": datetime.date(2027, 1, 1),
        "end_date": datetime.date(2027, 6, 30),
        "urgency": "high",
    }
    values.update(overrides)
    return actions.RequestInput(**values)


def submitted(world: World, requester: str = "jor", **overrides: Any) -> SupportRequest:
    by = world.users["a_editor" if requester == "jor" else "b_editor"]
    return actions.request_create(by=by, data=request_input(requester, **overrides))


def opened(
    world: World, requester: str = "jor", *, shared: bool = False, **overrides: Any
) -> SupportRequest:
    request = submitted(world, requester, **overrides)
    return actions.request_triage(
        request=request,
        by=world.users["unoct"],
        expected_version=request.version,
        accept=True,
        note="Please offer by March.",
        shared_with_donors=shared,
    )


def offered(world: World, request: SupportRequest, provider: str = "undp") -> Offer:
    persona = "un_staff" if provider == "undp" else "donor"
    return actions.offer_make(
        request=request,
        provider=org(provider),
        by=world.users[persona],
        message="Two policy advisers.",
    )


def assigned(world: World, requester: str = "jor", **overrides: Any) -> SupportRequest:
    request = opened(world, requester, **overrides)
    offer = offered(world, request)
    actions.offer_accept(
        offer=offer,
        by=world.users["unoct"],
        expected_version=request.version,
        confirm_duplicates=True,
        duplicate_reason="Test set-up.",
    )
    return SupportRequest.objects.get(pk=request.pk)


def delivered(world: World, requester: str = "jor", **overrides: Any) -> SupportRequest:
    request = assigned(world, requester, **overrides)
    unoct = world.users["unoct"]
    request = actions.delivery_start(request=request, by=unoct, expected_version=request.version)
    return actions.delivery_done(
        request=request, by=unoct, expected_version=request.version, note="Done."
    )
