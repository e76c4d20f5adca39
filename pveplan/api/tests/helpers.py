"""Tokens for the personas and a client that sends them (tests and the API matrix)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from pveplan.api import actions
from pveplan.testing import World

API = "/api/v1"


def secret_of(world: World, persona: str) -> str:
    """A fresh token secret for `persona` (issued by themselves, as the page does)."""
    user = world.users[persona]
    return actions.api_token_create(owner=user, name=f"{persona} test", by=user).secret


class ApiClient:
    """Django's test client with a bearer token (none for "anonymous")."""

    def __init__(self, secret: str | None = None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{API}{path}", params, headers=self.headers)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.patch(
            f"{API}{path}", body, content_type="application/json", headers=self.headers
        )


def client_for(world: World, persona: str) -> ApiClient:
    return ApiClient(None if persona == "anonymous" else secret_of(world, persona))
