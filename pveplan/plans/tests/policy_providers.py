"""Who gets what on the providers pages (merged by test_permission_matrix).

The catalogue, the coverage gaps and the 3W pages need an account; their content is filtered
by what each user may see. A capability is edited by its provider's own staff and UNOCT. The
ranking of a request is for those who decide on it: its requester's team (support:request) and
UNOCT; whoever else sees the request gets 403, and whoever does not see it 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pveplan.plans.tests.test_permission_matrix import expect
from pveplan.providers.tests.factories import support_request
from pveplan.support.models import Modality, RequestStatus
from pveplan.testing import World, org

LOGGED_IN = expect(200, anonymous=302)
EDIT_UNDP_GET = expect(403, anonymous=302, un_staff=200, unoct=200, admin=200)
EDIT_UNDP_POST = expect(403, anonymous=302, un_staff=302, unoct=302, admin=302)
NOT_A_PROVIDER = expect(404, anonymous=302)
# An open request of Jordan's: UN staff see it (triaged), donors do not (not shared).
RANKING_OPEN = expect(
    404, anonymous=302, a_viewer=403, a_editor=200, a_focal=200, un_staff=403, unoct=200, admin=200
)
RANKING_SUBMITTED = expect(
    404, anonymous=302, a_viewer=403, a_editor=200, a_focal=200, unoct=200, admin=200
)
RANKING_SHARED = expect(
    404,
    anonymous=302,
    a_viewer=403,
    a_editor=200,
    a_focal=200,
    un_staff=403,
    donor=403,
    unoct=200,
    admin=200,
)


def _capability(code: str) -> Callable[[World], dict[str, Any]]:
    def target(world: World) -> dict[str, Any]:
        return {"pk": org(code).pk, "year": 2026}

    return target


def _request(status: str, *, shared: bool = False) -> Callable[[World], dict[str, Any]]:
    def target(world: World) -> dict[str, Any]:
        made = support_request(
            "jor", title="Youth", status=status, areas=(4,), shared_with_donors=shared
        )
        return {"pk": made.pk}

    return target


CAPABILITY_POST = {
    "capacity": "2",
    "modalities": [Modality.TRAINING],
    "languages": ["ar"],
    "version": "",
    **{f"level_{n}": "0" for n in range(1, 8)},
}

POLICY: dict[str, list[Any]] = {
    "providers:catalogue": [("get", None, LOGGED_IN)],
    "providers:capability_edit": [
        ("get", _capability("undp"), EDIT_UNDP_GET),
        ("get", _capability("jor"), NOT_A_PROVIDER),
        ("post", _capability("undp"), EDIT_UNDP_POST, CAPABILITY_POST),
    ],
    "providers:ranking": [
        ("get", _request(RequestStatus.OPEN), RANKING_OPEN),
        ("get", _request(RequestStatus.SUBMITTED), RANKING_SUBMITTED),
        ("get", _request(RequestStatus.OPEN, shared=True), RANKING_SHARED),
        ("get", lambda world: {"pk": 999999}, NOT_A_PROVIDER),
    ],
    "providers:gaps": [("get", None, LOGGED_IN)],
    "providers:three_w": [("get", None, LOGGED_IN)],
    "providers:three_w_xlsx": [("get", None, LOGGED_IN)],
    "providers:three_w_csv": [("get", None, LOGGED_IN)],
}
