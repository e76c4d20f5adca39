"""How views load API tokens: each user sees and revokes only their own."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pveplan.api.models import ApiToken


def access_token(user: Any, pk: int) -> ApiToken:
    """The token `pk` if it belongs to `user`; Http404 otherwise (nobody learns others' tokens)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No token found")
    token = ApiToken.objects.filter(pk=pk, owner_id=user.pk).first()
    if token is None:
        raise Http404("No token found")
    return token
