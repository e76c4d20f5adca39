"""The OpenAPI schema: served without a token, valid JSON, every operation described."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/plans"),
    ("get", "/api/v1/plans/{plan_id}"),
    ("get", "/api/v1/plans/{plan_id}/nodes"),
    ("patch", "/api/v1/plans/{plan_id}/nodes/{node_id}"),
    ("get", "/api/v1/support-requests"),
    ("get", "/api/v1/taxonomy/priority-areas"),
}


def _schema() -> dict:
    answer = Client().get("/api/v1/openapi.json")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/json")
    return json.loads(answer.content)


def test_the_schema_is_served_as_json_with_every_operation(db: None) -> None:
    schema = _schema()
    assert schema["openapi"].startswith("3.1")
    found = {(m, p) for p, methods in schema["paths"].items() for m in methods}
    assert found == OPERATIONS
    ids = [op["operationId"] for methods in schema["paths"].values() for op in methods.values()]
    assert len(ids) == len(set(ids)) == len(OPERATIONS)


def test_the_schema_declares_bearer_tokens_and_which_operation_is_public(db: None) -> None:
    schema = _schema()
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    for path, methods in schema["paths"].items():
        for operation in methods.values():
            public = path.endswith("/priority-areas")
            assert ("security" not in operation) == public, path


def test_the_node_change_carries_the_databases_limits(db: None) -> None:
    patch = _schema()["components"]["schemas"]["NodePatch"]
    assert patch["required"] == ["version"]
    assert patch["additionalProperties"] is False
    code = patch["properties"]["code"]["anyOf"][0]
    assert code["maxLength"] == 30
    status = _schema()["components"]["schemas"]["NodeStatus"]
    assert set(status["enum"]) == {"planned", "ongoing", "completed", "delayed", "cancelled"}


def test_there_is_no_interactive_docs_page(db: None) -> None:
    # It would need inline scripts that the content security policy forbids.
    assert Client().get("/api/v1/docs").status_code == 404
