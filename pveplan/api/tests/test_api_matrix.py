"""Every API operation has a policy, and every persona, with a token of their own, gets what it
says. Adding an operation without a POLICY entry fails `test_every_api_operation_has_a_policy`.

Expected status per persona: 401 without a token; 404 for objects outside the owner's sight;
403 in sight without the right; 200 otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from pveplan.api.api import api
from pveplan.api.tests.helpers import secret_of
from pveplan.plans import actions as plan_actions
from pveplan.plans.models import PlanNode
from pveplan.testing import ALL_PERSONAS, World

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"


def expect(default: int, **by_persona: int) -> dict[str, int]:
    table = dict.fromkeys(ALL_PERSONAS, default)
    table.update(by_persona)
    return table


TOKEN_HOLDERS = expect(200, anonymous=401)
PUBLIC = expect(200)
CONFIDENTIAL_A_READ = expect(
    404, anonymous=401, a_viewer=200, a_editor=200, a_focal=200, unoct=200, admin=200
)
PARTNERS_A_READ = expect(
    404,
    anonymous=401,
    a_viewer=200,
    a_editor=200,
    a_focal=200,
    unoct=200,
    admin=200,
    un_staff=200,
    donor=200,
)
B_READ = expect(404, anonymous=401, b_editor=200, unoct=200, admin=200)
CONFIDENTIAL_A_WRITE = expect(
    404, anonymous=401, a_viewer=403, a_editor=200, a_focal=200, unoct=200, admin=200
)
PUBLIC_A_WRITE = expect(403, anonymous=401, a_editor=200, a_focal=200, unoct=200, admin=200)

Params = Callable[[World], dict[str, Any]]


def _plan(name: str) -> Params:
    return lambda world: {"plan_id": world.plans[name].pk}


def node_of(world: World, plan: str) -> PlanNode:
    """The plan's first pillar, added by the administrator the first time it is asked for."""
    existing = PlanNode.objects.filter(plan=world.plans[plan]).order_by("pk").first()
    if existing is not None:
        return existing
    return plan_actions.node_add(
        plan=world.plans[plan],
        by=world.users["admin"],
        parent=None,
        data=plan_actions.NodeInput(texts={"en": "Prevention", "ar": "الوقاية"}, code="P1"),
    )


def _node(name: str) -> Params:
    def params(world: World) -> dict[str, Any]:
        node = node_of(world, name)
        return {"plan_id": node.plan_id, "node_id": node.pk}

    return params


def _edit(world: World) -> dict[str, Any]:
    return {"version": 1, "code": "P1.1"}


# (METHOD, path as in the OpenAPI schema) -> list of (path parameters, body, expected table).
POLICY: dict[tuple[str, str], list[tuple[Params | None, Params | None, dict[str, int]]]] = {
    ("GET", "/me"): [(None, None, TOKEN_HOLDERS)],
    ("GET", "/plans"): [(None, None, TOKEN_HOLDERS)],
    ("GET", "/plans/{plan_id}"): [
        (_plan("a_confidential"), None, CONFIDENTIAL_A_READ),
        (_plan("a_partners"), None, PARTNERS_A_READ),
        (_plan("a_public"), None, TOKEN_HOLDERS),
        (_plan("b_confidential"), None, B_READ),
    ],
    ("GET", "/plans/{plan_id}/nodes"): [
        (_plan("a_confidential"), None, CONFIDENTIAL_A_READ),
        (_plan("a_public"), None, TOKEN_HOLDERS),
    ],
    ("PATCH", "/plans/{plan_id}/nodes/{node_id}"): [
        (_node("a_confidential"), _edit, CONFIDENTIAL_A_WRITE),
        (_node("a_public"), _edit, PUBLIC_A_WRITE),
    ],
    ("GET", "/support-requests"): [(None, None, TOKEN_HOLDERS)],
    ("GET", "/taxonomy/priority-areas"): [(None, None, PUBLIC)],
}


def _operations() -> set[tuple[str, str]]:
    """Every (method, path) the API serves, read from its own OpenAPI schema."""
    paths = api.get_openapi_schema()["paths"]
    return {
        (method.upper(), path.removeprefix(PREFIX))
        for path, methods in paths.items()
        for method in methods
    }


def test_every_api_operation_has_a_policy() -> None:
    missing = sorted(_operations() - set(POLICY))
    assert not missing, f"API operations without a policy: {missing}"


def test_every_policy_names_an_operation_that_exists() -> None:
    stale = sorted(set(POLICY) - _operations())
    assert not stale, f"policies for operations that do not exist: {stale}"


def _cases() -> Iterator[Any]:
    for (method, path), entries in POLICY.items():
        for index, (params, body, table) in enumerate(entries):
            for persona in ALL_PERSONAS:
                yield pytest.param(
                    method,
                    path,
                    params,
                    body,
                    persona,
                    table[persona],
                    id=f"{method}-{path}-{index}-{persona}",
                )


@pytest.mark.parametrize(("method", "path", "params", "body", "persona", "status"), list(_cases()))
def test_persona_with_a_token_gets_the_expected_answer(
    world: World,
    method: str,
    path: str,
    params: Params | None,
    body: Params | None,
    persona: str,
    status: int,
) -> None:
    url = PREFIX + path.format(**(params(world) if params else {}))
    headers = {}
    if persona != "anonymous":
        headers["Authorization"] = f"Bearer {secret_of(world, persona)}"
    client = Client()
    if method == "GET":
        response = client.get(url, headers=headers)
    else:
        response = client.generic(
            method,
            url,
            data=json.dumps(body(world) if body else {}),
            content_type="application/json",
            headers=headers,
        )
    assert response.status_code == status, f"{persona} {method} {url}: {response.content[:200]!r}"
    assert response["Content-Type"].startswith("application/json")
    if status >= 400:
        assert "detail" in response.json()
