"""Who gets what on the support request pages (merged by test_permission_matrix).

Jordan's team (a_*) asks, UNOCT triages and assigns, un_staff (UNDP) and the donor offer.
A request is seen by providers from triage on, by donors only when shared with donors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pveplan.plans.tests.test_permission_matrix import CREATE_GET, expect
from pveplan.support import actions
from pveplan.support.models import Offer, SupportRequest
from pveplan.support.tests import helpers as h
from pveplan.testing import World, org

Target = Callable[[World], dict[str, Any]]

JORDAN_TEAM_READ = expect(
    404, anonymous=302, a_viewer=200, a_editor=200, a_focal=200, unoct=200, admin=200
)
OPEN_READ = {**JORDAN_TEAM_READ, "un_staff": 200}
SHARED_READ = {**OPEN_READ, "donor": 200}
LEBANON_READ = expect(404, anonymous=302, b_editor=200, unoct=200, admin=200)
EDIT_GET = expect(404, anonymous=302, a_viewer=403, a_editor=200, a_focal=200, unoct=200, admin=200)
EDIT_POST = {**EDIT_GET, "a_editor": 302, "a_focal": 302, "unoct": 302, "admin": 302}
TRIAGE_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=403, a_focal=403, unoct=302, admin=302
)
# Providers (and the global roles, who may offer for any) see the offer form of an open request.
OFFER_GET = {**SHARED_READ, "a_viewer": 403, "a_editor": 403, "a_focal": 403, "un_staff": 200}
# Offering for UNDP: its staff and the global roles go through; the donor may not (form error).
OFFER_POST = {**OFFER_GET, "unoct": 302, "admin": 302, "un_staff": 302}
ASSIGN_POST = expect(
    404,
    anonymous=302,
    a_viewer=403,
    a_editor=403,
    a_focal=302,
    un_staff=403,
    unoct=302,
    admin=302,
)
PROVIDER_POST = expect(
    404,
    anonymous=302,
    a_viewer=403,
    a_editor=403,
    a_focal=403,
    un_staff=302,
    unoct=302,
    admin=302,
)
# Only the requester's own team closes with its feedback (not a global role).
CLOSE_POST = expect(
    404,
    anonymous=302,
    a_viewer=403,
    a_editor=302,
    a_focal=302,
    un_staff=403,
    unoct=403,
    admin=403,
)


def _request(make: Callable[[World], SupportRequest]) -> Target:
    return lambda world: {"pk": make(world).pk}


def _offer(world: World) -> dict[str, Any]:
    return {"pk": h.offered(world, h.opened(world)).pk}


def _in_delivery(world: World) -> SupportRequest:
    request = h.assigned(world)
    return actions.delivery_start(
        request=request, by=world.users["unoct"], expected_version=request.version
    )


def _version(**extra: Any) -> Callable[[World], dict[str, Any]]:
    """The POST body with the version of the only request (made by the target)."""
    return lambda world: {"version": SupportRequest.objects.get().version, **extra}


def _offer_version(world: World) -> dict[str, Any]:
    return {"version": Offer.objects.get().version}


def _edit_body(world: World) -> dict[str, Any]:
    return {
        "title": "Renamed",
        "modality": "training",
        "priority_areas": [h.area(3).pk],
        "urgency": "normal",
        "version": SupportRequest.objects.get().version,
    }


def _offer_body(world: World) -> dict[str, Any]:
    return {"provider": org("undp").pk, "message": "An adviser."}


POLICY: dict[str, list[Any]] = {
    "support:list": [("get", None, expect(200, anonymous=302))],
    "support:create": [("get", None, CREATE_GET)],
    "support:detail": [
        ("get", _request(h.submitted), JORDAN_TEAM_READ),
        ("get", _request(lambda world: h.opened(world)), OPEN_READ),
        ("get", _request(lambda world: h.opened(world, shared=True)), SHARED_READ),
        ("get", _request(lambda world: h.submitted(world, "lbn")), LEBANON_READ),
    ],
    "support:edit": [
        ("get", _request(h.submitted), EDIT_GET),
        ("post", _request(h.submitted), EDIT_POST, _edit_body),
    ],
    "support:triage": [
        ("post", _request(h.submitted), TRIAGE_POST, _version(decision="open")),
    ],
    "support:offer": [
        ("get", _request(lambda world: h.opened(world, shared=True)), OFFER_GET),
        (
            "get",
            _request(lambda world: h.opened(world)),
            {**OFFER_GET, "donor": 404},
        ),
        ("post", _request(lambda world: h.opened(world, shared=True)), OFFER_POST, _offer_body),
    ],
    "support:offer_accept": [("post", _offer, ASSIGN_POST, _version())],
    "support:offer_withdraw": [("post", _offer, PROVIDER_POST, _offer_version)],
    "support:delivery_start": [("post", _request(h.assigned), PROVIDER_POST, _version())],
    "support:delivery_done": [("post", _request(_in_delivery), PROVIDER_POST, _version())],
    "support:close": [("post", _request(h.delivered), CLOSE_POST, _version(rating="5"))],
}
