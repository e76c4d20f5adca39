"""Two-factor authentication: who needs it, and the pieces the pages show.

A TOTP authenticator (django-otp's TOTPDevice) is the second factor; ten single-use recovery
codes (RecoveryCodeDevice) stand in for it when the phone is lost. Changes go through
`accounts.actions`; this module only reads and computes.
"""

from __future__ import annotations

import secrets
import time
from base64 import b32decode, b32encode
from binascii import hexlify, unhexlify
from typing import Any

import segno
from django.conf import settings
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from pveplan.accounts.models import RecoveryCodeDevice
from pveplan.accounts.permissions import is_account_administrator, scope_of
from pveplan.core.permissions import PLANS_APPROVE

# The demo accounts' authenticator secret (README.md). Documented, hence worthless: the
# `totp_code` command prints codes only for devices that use it, and only demo data has one.
DEMO_TOTP_SECRET = "PVEPLANDEMOSECRETFORDEMOSONLYXYZ"  # noqa: S105  # nosec B105
RECOVERY_CODE_COUNT = 10
# What a logged-in but unverified user must do next.
VERIFY, ENROLL = "verify", "enroll"
UNOCT = "UNOCT"


def two_factor_required(user: Any) -> bool:
    """Whether `user` must use a second factor now (PVEPLAN_REQUIRE_2FA on, and their role).

    Off everywhere when PVEPLAN_REQUIRE_2FA is off (the admin site still asks for it).
    """
    return bool(settings.PVEPLAN_REQUIRE_2FA) and role_requires_two_factor(user)


def role_requires_two_factor(user: Any) -> bool:
    """UNOCT staff, approvers (plans:approve anywhere) and administrators need a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_account_administrator(user):
        return True
    scope = scope_of(user)
    if scope.has_anywhere(PLANS_APPROVE):
        return True
    return any(
        m.organization.un_entity is not None and m.organization.un_entity.code == UNOCT
        for m in scope.memberships
    )


def confirmed_totp_device(user: Any) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device


def recovery_codes_left(user: Any) -> int:
    device = RecoveryCodeDevice.objects.filter(user=user).first()
    return device.codes.count() if device is not None else 0


def second_factor_step(user: Any, *, admin_site: bool = False) -> str | None:
    """What `user`, signed in with a password only, must do before going on, if anything.

    VERIFY when they have an authenticator; ENROLL when they have none but need one (their role,
    or the admin site for staff); None otherwise.
    """
    if confirmed_totp_device(user) is not None:
        return VERIFY
    if two_factor_required(user) or (admin_site and getattr(user, "is_staff", False)):
        return ENROLL
    return None


def new_totp_key() -> str:
    """A new random secret (20 bytes, hex, as TOTPDevice stores it)."""
    return str(random_hex(20))


def key_from_base32(secret: str) -> str:
    return hexlify(b32decode(secret)).decode()


def demo_key() -> str:
    return key_from_base32(DEMO_TOTP_SECRET)


def secret_groups(key: str) -> list[str]:
    """The secret in base32, in groups of four letters, for typing into an app by hand."""
    text = b32encode(unhexlify(key)).decode().rstrip("=")
    return [text[i : i + 4] for i in range(0, len(text), 4)]


def qr_code_svg(user: Any, key: str) -> str:
    """An inline SVG QR code of the otpauth:// address (no script, no inline style)."""
    url = TOTPDevice(user=user, key=key).config_url
    svg: str = segno.make(url, error="m").svg_inline(
        scale=4,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        title=gettext("QR code for your authenticator app"),
    )
    return svg


def totp_code(key: str, at: float | None = None) -> str:
    """The six-digit code for secret `key` at time `at` (now by default)."""
    totp = TOTP(unhexlify(key))
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def totp_matches(key: str, token: str) -> int | None:
    """The time step `token` belongs to (within one step of now) for `key`, or None."""
    token = "".join(token.split())
    if not (token.isdigit() and len(token) == 6):
        return None
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    if totp.verify(int(token), tolerance=1):
        return int(totp.t())
    return None


def new_recovery_codes() -> list[str]:
    """RECOVERY_CODE_COUNT random codes such as `k3md7-q2xva` (50 bits each)."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"  # no l, o, 0, 1: easy to copy by hand
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(alphabet) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def looks_like_totp(code: str) -> bool:
    code = "".join(code.split())
    return code.isdigit() and len(code) == 6
