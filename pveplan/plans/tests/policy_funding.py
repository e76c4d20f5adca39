"""Who gets what on the programme funding pages (merged by test_permission_matrix).

UNOCT and the administrator manage everything. The donor persona (test-donor) reads its own
contributions and what was allocated and spent from them, never another donor's. Jordan's team
reads the allocations to Jordan. Everyone else gets 404 on a record; every page needs an
account (302 to the login for anonymous visitors); exchange rates are readable by all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from pveplan.funding.tests.factories import allocation, contribution, other_donor, rate
from pveplan.plans.tests.test_permission_matrix import expect
from pveplan.testing import World, org

LOGGED_IN = expect(200, anonymous=302)
MANAGERS_ONLY = expect(403, anonymous=302, unoct=200, admin=200)
OWN_CONTRIBUTION_READ = expect(404, anonymous=302, donor=200, unoct=200, admin=200)
OTHER_CONTRIBUTION_READ = expect(404, anonymous=302, unoct=200, admin=200)
OWN_CONTRIBUTION_MANAGE = expect(404, anonymous=302, donor=403, unoct=200, admin=200)
OWN_CONTRIBUTION_POST = expect(404, anonymous=302, donor=403, unoct=302, admin=302)
JORDAN_ALLOCATION_READ = expect(
    404, anonymous=302, a_viewer=200, a_editor=200, a_focal=200, donor=200, unoct=200, admin=200
)
LEBANON_ALLOCATION_READ = expect(404, anonymous=302, b_editor=200, unoct=200, admin=200)
JORDAN_ALLOCATION_MANAGE = expect(
    404, anonymous=302, a_viewer=403, a_editor=403, a_focal=403, donor=403, unoct=200, admin=200
)
JORDAN_ALLOCATION_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=403, a_focal=403, donor=403, unoct=302, admin=302
)


def _own_contribution(world: World) -> dict[str, Any]:
    return {"pk": contribution(world, donor="test-donor").pk}


def _other_contribution(world: World) -> dict[str, Any]:
    return {"pk": contribution(world, donor=other_donor()).pk}


def _allocation(donor: str, recipient: str) -> Callable[[World], dict[str, Any]]:
    def target(world: World) -> dict[str, Any]:
        source = contribution(world, donor=donor if donor == "test-donor" else other_donor())
        return {"pk": allocation(world, source, recipient=recipient).pk}

    return target


def _rate(world: World) -> dict[str, Any]:
    return {"pk": rate(world, "NOK", datetime.date(2026, 1, 10), "0.0912").pk}


def _contribution_body(world: World) -> dict[str, Any]:
    from pveplan.funding.models import Contribution

    latest = Contribution.objects.order_by("-pk").first()
    return {
        "donor": str(org("test-donor").pk),
        "amount": "2000000.00",
        "currency": "NOK",
        "date": "2026-01-10",
        "status": "received",
        "version": str(latest.version if latest else 1),
    }


SPEND = {"amount": "1000.00", "date": "2026-01-10", "description": "Workshop"}

POLICY: dict[str, list[Any]] = {
    "funding:overview": [("get", None, LOGGED_IN)],
    "funding:export": [("get", None, LOGGED_IN)],
    "funding:contribution_create": [("get", None, MANAGERS_ONLY)],
    "funding:contribution_detail": [
        ("get", _own_contribution, OWN_CONTRIBUTION_READ),
        ("get", _other_contribution, OTHER_CONTRIBUTION_READ),
    ],
    "funding:contribution_edit": [
        ("get", _own_contribution, OWN_CONTRIBUTION_MANAGE),
        ("post", _own_contribution, OWN_CONTRIBUTION_POST, _contribution_body),
    ],
    "funding:allocation_create": [("get", _own_contribution, OWN_CONTRIBUTION_MANAGE)],
    "funding:allocation_detail": [
        ("get", _allocation("test-donor", "jor"), JORDAN_ALLOCATION_READ),
        ("get", _allocation("other-donor", "lbn"), LEBANON_ALLOCATION_READ),
    ],
    "funding:expenditure_create": [
        ("get", _allocation("test-donor", "jor"), JORDAN_ALLOCATION_MANAGE),
        ("post", _allocation("test-donor", "jor"), JORDAN_ALLOCATION_POST, SPEND),
    ],
    "funding:rates": [("get", None, LOGGED_IN)],
    "funding:rate_create": [("get", None, MANAGERS_ONLY)],
    "funding:rate_edit": [
        ("get", _rate, MANAGERS_ONLY),
        ("get", lambda world: {"pk": 999_999}, expect(404, anonymous=302)),
    ],
}
