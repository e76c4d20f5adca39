"""The API token pages and the API's URLs as the HTML matrix sees them (merged into
test_permission_matrix).

The matrix's clients carry a session cookie, never a bearer token: every API operation that needs
a token answers them 401, which is the point (a session does not authenticate the API). What each
persona gets with their own token is in pveplan/api/tests/test_api_matrix.py.
"""

from __future__ import annotations

from typing import Any

from pveplan.api import actions
from pveplan.api.models import ApiToken
from pveplan.plans.tests.test_permission_matrix import EVERYONE, LOGGED_IN_GET, expect
from pveplan.testing import World

SESSION_IS_NOT_A_TOKEN = expect(401)


def _token_of_a_editor(world: World) -> ApiToken:
    existing = ApiToken.objects.filter(owner=world.users["a_editor"]).first()
    if existing is not None:
        return existing
    user = world.users["a_editor"]
    return actions.api_token_create(owner=user, name="matrix", by=user).token


def _plan(world: World) -> dict[str, Any]:
    return {"plan_id": str(world.plans["a_confidential"].pk)}


def _node(world: World) -> dict[str, Any]:
    # Imported here: policy_structure imports the matrix, which imports this module.
    from pveplan.plans.tests.policy_structure import node_of

    node = node_of(world, "a_confidential")
    return {"plan_id": str(node.plan_id), "node_id": node.pk}


POLICY: dict[str, list[tuple[Any, ...]]] = {
    "api_tokens:list": [("get", None, LOGGED_IN_GET)],
    # The answer to a processed POST is the page with the new secret on it.
    "api_tokens:create": [
        ("post", None, expect(200, anonymous=302), {"name": "matrix", "lifetime_days": "90"})
    ],
    "api_tokens:revoke": [
        (
            "post",
            lambda world: {"pk": _token_of_a_editor(world).pk},
            expect(404, anonymous=302, a_editor=302),
            lambda world: {"version": _token_of_a_editor(world).version},
        )
    ],
    # ninja's root: no page of its own, it only anchors the operations' paths.
    "api:api-root": [("get", None, expect(404))],
    "api:openapi-json": [("get", None, EVERYONE)],
    "api:priority_areas": [("get", None, EVERYONE)],
    "api:me": [("get", None, SESSION_IS_NOT_A_TOKEN)],
    "api:plans": [("get", None, SESSION_IS_NOT_A_TOKEN)],
    "api:plan": [("get", _plan, SESSION_IS_NOT_A_TOKEN)],
    "api:plan_nodes": [("get", _plan, SESSION_IS_NOT_A_TOKEN)],
    # PATCH only: the matrix's GET and POST are not allowed there at all.
    "api:plan_node": [("get", _node, expect(405)), ("post", _node, expect(405))],
    "api:support_requests": [("get", None, SESSION_IS_NOT_A_TOKEN)],
}
