"""API token secrets: making them, hashing them, and finding the token a bearer secret belongs to."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.utils import timezone

from pveplan.api.models import PREFIX_LENGTH, ApiToken

# Longest secret worth hashing: token_urlsafe(32) gives 43 characters.
MAX_SECRET_LENGTH = 200
# last_used_at is written at most this often, so most API requests write nothing.
TOUCH_INTERVAL = timedelta(minutes=1)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The stored form of a secret. A fast hash suffices: secrets are 256 random bits."""
    return hashlib.sha256(secret.encode()).hexdigest()


def token_for(secret: str) -> ApiToken | None:
    """The usable token whose secret this is (owner active, not revoked, not expired), or None.

    Candidates are found by their prefix, then compared in constant time, so the lookup does not
    tell an attacker how much of a guessed hash matched.
    """
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    wanted = digest(secret)
    found = None
    for token in ApiToken.objects.filter(prefix=secret[:PREFIX_LENGTH]).select_related("owner"):
        if hmac.compare_digest(token.key_hash, wanted):
            found = token
    if found is None or not found.is_usable or not found.owner.is_active:
        return None
    return found


def touch(token: ApiToken) -> None:
    """Note that the token was used: bookkeeping, not a change anyone audits (like the
    session's last-seen time), written at most once a minute."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
