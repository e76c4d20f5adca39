"""Issuing and revoking API tokens: one transaction and one audit event each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pveplan.api import tokens
from pveplan.api.models import PREFIX_LENGTH, ApiToken
from pveplan.core import audit
from pveplan.core.errors import ConflictError

DEFAULT_LIFETIME_DAYS = 90
LIFETIME_CHOICES_DAYS = (30, 90, 180, 365)
# More usable tokens than this per user is a sign of tokens being forgotten, not used.
MAX_USABLE_TOKENS = 20
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret: the only moment the secret exists outside its owner."""

    token: ApiToken
    secret: str


def _facts(token: ApiToken) -> dict[str, Any]:
    # Never the secret nor its hash.
    return {
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
    }


def api_token_create(
    *, owner: Any, name: str, lifetime_days: int = DEFAULT_LIFETIME_DAYS, by: Any
) -> IssuedToken:
    """Issue a token for `owner`, who must be the one asking (`by`); the secret is returned once."""
    if not getattr(by, "is_authenticated", False) or by.pk != owner.pk or not owner.is_active:
        raise PermissionDenied("api_token.create")
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("A name has at most %(n)d characters.") % {"n": NAME_MAX_LENGTH}]
    if lifetime_days not in LIFETIME_CHOICES_DAYS:
        errors["lifetime_days"] = [_("Choose how long the token lasts.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if ApiToken.objects.filter(owner=owner).usable().count() >= MAX_USABLE_TOKENS:
            raise ValidationError(
                {
                    "name": [
                        _("You have %(n)d tokens in use: revoke one first.")
                        % {"n": MAX_USABLE_TOKENS}
                    ]
                }
            )
        secret = tokens.new_secret()
        token = ApiToken.objects.create(
            owner=owner,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            key_hash=tokens.digest(secret),
            expires_at=timezone.now() + timedelta(days=lifetime_days),
        )
        audit.record(action="api_token.create", actor=by, obj=token, after=_facts(token))
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken, by: Any, expected_version: int) -> ApiToken:
    """Revoke a token for good; its owner only, and only if nobody changed it meanwhile."""
    if not getattr(by, "is_authenticated", False) or by.pk != token.owner_id:
        raise PermissionDenied("api_token.revoke")
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.version != expected_version:
            raise ConflictError(token.pk)
        if current.revoked_at is not None:
            raise ValidationError({"token": [_("This token is already revoked.")]})
        before = _facts(current)
        current.revoked_at = timezone.now()
        current.version += 1
        current.save(update_fields=["revoked_at", "version", "updated_at"])
        audit.record(
            action="api_token.revoke",
            actor=by,
            obj=current,
            before=before,
            after=_facts(current),
        )
    return current
