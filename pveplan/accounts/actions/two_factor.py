"""Two-factor changes: enrolling, verifying, recovery codes, removing. One audit event each.

Neither a secret nor a code ever reaches the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from pveplan.accounts import twofactor
from pveplan.accounts.models import RecoveryCode, RecoveryCodeDevice, User, recovery_code_digest
from pveplan.accounts.permissions import is_account_administrator
from pveplan.core import audit
from pveplan.core.models import AuditOutcome


@dataclass(frozen=True)
class Enrollment:
    device: TOTPDevice
    recovery_codes: list[str]  # shown once, never stored


def two_factor_enroll(*, user: User, key: str, token: str, by: Any) -> Enrollment:
    """Give `user` the authenticator whose secret is `key`, once `token` proves the app has it.

    Replaces any earlier authenticator and recovery codes. The caller must make sure a user who
    already has one has verified it in this session (the enrol page does).
    Raises ValidationError for a wrong code, PermissionDenied when `by` is someone else.
    """
    if getattr(by, "pk", None) != user.pk:
        raise PermissionDenied("users enrol their own authenticator")
    step = twofactor.totp_matches(key, token)
    if step is None:
        raise ValidationError(
            _("That code does not match. Check the time on your phone and try the newest code."),
            code="wrong_code",
        )
    return _install(user=user, key=key, by=by, last_t=step)


def totp_device_install(*, user: User, key: str, by: Any) -> Enrollment:
    """Give `user` an authenticator without a code: for demo data and tests only, never a page."""
    return _install(user=user, key=key, by=by, last_t=-1)


def _install(*, user: User, key: str, by: Any, last_t: int) -> Enrollment:
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).delete()[0] > 0
        device = TOTPDevice.objects.create(
            user=user, name="authenticator", key=key, confirmed=True, last_t=last_t
        )
        codes = _replace_recovery_codes(user)
        audit.record(
            action="2fa.enroll",
            actor=by,
            obj=user,
            after={"authenticator": "totp", "replaced": replaced, "recovery_codes": len(codes)},
        )
    return Enrollment(device=device, recovery_codes=codes)


def _replace_recovery_codes(user: User) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = twofactor.new_recovery_codes()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes
    )
    return codes


def two_factor_verify(*, by: User, code: str) -> Device | None:
    """Check the code `by` typed at the login step: six digits for the authenticator, anything
    else as a recovery code (used up by this). The device that accepted it, or None.

    Wrong codes slow further tries down (django-otp's throttling) and are audited.
    """
    code = code.strip()[:32]
    is_totp = twofactor.looks_like_totp(code)
    model: type[Device] = TOTPDevice if is_totp else RecoveryCodeDevice
    device = model.objects.filter(user=by, confirmed=True).first()
    accepted = None
    if device is not None:
        accepted = verify_token(by, device.persistent_id, "".join(code.split()))
    method = "totp" if is_totp else "recovery_code"
    if accepted is None:
        audit.record(
            action="2fa.verify",
            actor=by,
            obj=by,
            outcome=AuditOutcome.DENIED,
            after={"method": method},
        )
        return None
    if is_totp:
        audit.record(action="2fa.verify", actor=by, obj=by, after={"method": method})
    else:
        audit.record(
            action="2fa.recovery_code_use",
            actor=by,
            obj=by,
            after={"recovery_codes_left": twofactor.recovery_codes_left(by)},
        )
    return accepted


def recovery_codes_regenerate(*, by: User) -> list[str]:
    """New recovery codes for `by` (who has an authenticator); the old ones stop working."""
    if twofactor.confirmed_totp_device(by) is None:
        raise PermissionDenied("no authenticator")
    with transaction.atomic():
        codes = _replace_recovery_codes(by)
        audit.record(
            action="2fa.recovery_codes_regenerate",
            actor=by,
            obj=by,
            after={"recovery_codes": len(codes)},
        )
    return codes


def two_factor_remove(*, user: User, by: Any) -> None:
    """Remove `user`'s authenticator and recovery codes.

    Users may remove their own only when their role does not require two-factor; account
    administrators may reset anyone's (a lost phone), after which the user enrols again.
    """
    own = getattr(by, "pk", None) == user.pk
    allowed = not twofactor.two_factor_required(user) if own else is_account_administrator(by)
    if not allowed:
        audit.record(action="2fa.remove", actor=by, obj=user, outcome=AuditOutcome.DENIED)
        raise PermissionDenied("accounts:manage")
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        RecoveryCodeDevice.objects.filter(user=user).delete()
        audit.record(
            action="2fa.remove",
            actor=by,
            obj=user,
            before={"authenticator": "totp" if removed else None},
            rationale="" if own else "reset by an administrator",
        )
