"""Who gets what on the coordination pages (merged by test_permission_matrix).

Jordan's UN country team working group (convened and chaired by UNOCT, UNDP a member) is seen by
Jordan's team (the country's team), UNDP's staff (a member), UNOCT and the administrator; the
others get 404. Only UNOCT and the administrator manage it (403 for those who only see it).
The donor working group (no country, chaired by the test donor) is seen and managed by the
donor, UNOCT and the administrator. Every page needs an account.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pveplan.coordination.tests import helpers as h
from pveplan.plans.tests.test_permission_matrix import expect
from pveplan.testing import World, org

LOGGED_IN = expect(200, anonymous=302)
CREATE_GET = expect(403, anonymous=302, unoct=200, admin=200)
JORDAN_READ = expect(
    404,
    anonymous=302,
    a_viewer=200,
    a_editor=200,
    a_focal=200,
    un_staff=200,
    unoct=200,
    admin=200,
)
JORDAN_MANAGE_GET = expect(
    404,
    anonymous=302,
    a_viewer=403,
    a_editor=403,
    a_focal=403,
    un_staff=403,
    unoct=200,
    admin=200,
)
# A processed write redirects (back to the group or the meeting).
JORDAN_MANAGE_POST = expect(
    404,
    anonymous=302,
    a_viewer=403,
    a_editor=403,
    a_focal=403,
    un_staff=403,
    unoct=302,
    admin=302,
)
# An item owned by UNDP: its staff may move it along too.
JORDAN_ITEM_STATUS_POST = {**JORDAN_MANAGE_POST, "un_staff": 302}
DONOR_READ = expect(404, anonymous=302, donor=200, unoct=200, admin=200)
DONOR_MANAGE_GET = DONOR_READ


def _pk(load: Callable[[World], Any]) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": load(world).pk}


def _undp_member(world: World) -> Any:
    return h.jordan_group(world).members.get(organization=org("undp"))


VERSION_1 = {"version": "1"}

POLICY: dict[str, list[Any]] = {
    "coordination:groups": [("get", None, LOGGED_IN)],
    "coordination:group_create": [("get", None, CREATE_GET)],
    "coordination:group": [
        ("get", _pk(h.jordan_group), JORDAN_READ),
        ("get", _pk(h.donor_group), DONOR_READ),
    ],
    "coordination:group_edit": [
        ("get", _pk(h.jordan_group), JORDAN_MANAGE_GET),
        ("get", _pk(h.donor_group), DONOR_MANAGE_GET),
    ],
    "coordination:member_add": [("get", _pk(h.jordan_group), JORDAN_MANAGE_GET)],
    "coordination:member_remove": [("post", _pk(_undp_member), JORDAN_MANAGE_POST, VERSION_1)],
    "coordination:meeting_create": [("get", _pk(h.jordan_group), JORDAN_MANAGE_GET)],
    "coordination:meeting": [
        ("get", _pk(h.meeting), JORDAN_READ),
        ("get", _pk(lambda world: h.meeting(world, h.donor_group(world))), DONOR_READ),
    ],
    "coordination:meeting_edit": [("get", _pk(h.meeting), JORDAN_MANAGE_GET)],
    "coordination:attendance": [("post", _pk(h.meeting), JORDAN_MANAGE_POST, VERSION_1)],
    "coordination:decision_create": [
        ("get", _pk(h.jordan_group), JORDAN_MANAGE_GET),
        ("get", _pk(h.donor_group), DONOR_MANAGE_GET),
    ],
    "coordination:item_create": [("get", _pk(h.jordan_group), JORDAN_MANAGE_GET)],
    "coordination:item_edit": [("get", _pk(h.item), JORDAN_MANAGE_GET)],
    "coordination:item_status": [
        ("post", _pk(h.item), JORDAN_ITEM_STATUS_POST, {"status": "done", "version": "1"})
    ],
}
