"""Signing in and out, lockouts and password resets: each one audited, never with a secret."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied
from django.db import transaction

from pveplan.accounts.models import User
from pveplan.accounts.permissions import is_account_administrator
from pveplan.core import audit
from pveplan.core.models import AuditOutcome


def user_logged_in(*, user: User, second_factor: str = "none") -> None:
    """The password was right. `second_factor`: what comes next (verify, enroll or none)."""
    audit.record(action="user.login", actor=user, obj=user, after={"second_factor": second_factor})


def user_login_failed(*, username: str, locked_out: bool = False) -> None:
    """A refused login; `locked_out` when the lockout answered it (the limit was reached)."""
    audit.record(
        action="user.lockout" if locked_out else "user.login",
        outcome=AuditOutcome.DENIED,
        rationale=f"username={username[:150]}",
    )


def user_logged_out(*, user: Any, reason: str = "") -> None:
    """`reason`: empty when the user logged out, "idle" when the idle timeout ended the session."""
    if getattr(user, "is_authenticated", False):
        audit.record(action="user.logout", actor=user, obj=user, rationale=reason)


def user_changed_password(*, user: User) -> None:
    audit.record(action="user.change_password", actor=user, obj=user)


def lockout_unlock(*, by: Any, username: str = "", ip_address: str = "") -> int:
    """Lift the lock on a username or an IP address (django-axes); how many records went.

    Only account administrators may; a refusal is audited too.
    """
    if not (username or ip_address):
        raise ValueError("a username or an IP address is needed")
    target = {"username": username[:150]} if username else {"ip_address": ip_address[:45]}
    if not is_account_administrator(by):
        audit.record(
            action="user.unlock", actor=by, outcome=AuditOutcome.DENIED, before=dict(target)
        )
        raise PermissionDenied("accounts:manage")
    with transaction.atomic():
        count = int(axes_reset(ip=target.get("ip_address"), username=target.get("username")))
        audit.record(action="user.unlock", actor=by, before=dict(target), after={"records": count})
    return count


def user_password_reset_requested(*, email: str) -> None:
    """Someone asked for a reset link. The address itself is not kept; the account is, if any."""
    users = list(User.objects.filter(email__iexact=email.strip(), is_active=True)[:2])
    audit.record(
        action="user.password_reset_request",
        obj=users[0] if len(users) == 1 else None,
        after={"accounts": len(users)},
    )


def user_password_reset(*, user: User) -> None:
    """The password was set through a reset link (the user is not logged in by it)."""
    audit.record(action="user.password_reset", obj=user)
