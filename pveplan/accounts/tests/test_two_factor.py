"""Two-factor: enrolling, the code step at login, recovery codes, who must use it."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from pveplan.accounts import actions, twofactor
from pveplan.accounts.models import RecoveryCode
from pveplan.core import audit
from pveplan.core.models import AuditEvent
from pveplan.core.permissions import Role
from pveplan.testing import PASSWORD, World, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
VERIFY = "/en/accounts/security/verify/"
ENROL = "/en/accounts/security/enrol/"
REGISTRY = "/en/"


def _password_login(username: str, next_url: str = REGISTRY) -> tuple[Client, Any]:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD, "next": next_url})
    return client, response


def _code(key: str, steps_ahead: int = 0) -> str:
    return twofactor.totp_code(key, at=time.time() + 30 * steps_ahead)


def _enrol(client: Client) -> list[str]:
    """Go through the enrol page as a person would; the recovery codes it shows."""
    page = client.get(ENROL).content.decode()
    secret = "".join(re.findall(r"<span>([A-Z2-7]{1,4})</span>", page))
    assert len(secret) == 32 and "<svg" in page
    response = client.post(ENROL, {"code": _code(twofactor.key_from_base32(secret))})
    assert response.status_code == 200
    return re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", response.content.decode())


def test_a_user_enrols_then_logs_in_with_a_code_from_the_app(world: World) -> None:
    client, response = _password_login("a_editor")
    assert response["Location"] == REGISTRY  # optional for editors: no step yet
    codes = _enrol(client)
    assert len(codes) == twofactor.RECOVERY_CODE_COUNT == len(set(codes))
    assert client.get(REGISTRY).status_code == 200
    device = TOTPDevice.objects.get(user=world.users["a_editor"], confirmed=True)

    client, response = _password_login("a_editor")
    assert response["Location"] == f"{VERIFY}?next=%2Fen%2F"
    assert client.get(REGISTRY)["Location"].startswith(VERIFY)  # nothing else before the code
    response = client.post(VERIFY, {"code": _code(device.key, 1), "next": REGISTRY})
    assert response.status_code == 302 and response["Location"] == REGISTRY
    assert client.get(REGISTRY).status_code == 200
    assert AuditEvent.objects.filter(
        action="2fa.verify", outcome="allowed", actor=world.users["a_editor"]
    ).exists()


def test_the_same_code_is_not_accepted_twice(world: World) -> None:
    device = TOTPDevice.objects.get(user=world.users["a_focal"])
    code = _code(device.key)
    first, _ = _password_login("a_focal")
    assert first.post(VERIFY, {"code": code}).status_code == 302
    second, _ = _password_login("a_focal")
    response = second.post(VERIFY, {"code": code})
    assert response.status_code == 200 and "did not work" in response.content.decode()
    assert second.get(REGISTRY)["Location"].startswith(VERIFY)
    assert AuditEvent.objects.filter(action="2fa.verify", outcome="denied").count() == 1


def test_a_code_from_long_ago_is_refused(world: World) -> None:
    device = TOTPDevice.objects.get(user=world.users["unoct"])
    client, _ = _password_login("unoct")
    old = twofactor.totp_code(device.key, at=time.time() - 120)
    assert "did not work" in client.post(VERIFY, {"code": old}).content.decode()


def test_a_recovery_code_works_once(world: World) -> None:
    user = world.users["a_focal"]
    enrollment = actions.totp_device_install(user=user, key=twofactor.new_totp_key(), by=None)
    code = enrollment.recovery_codes[3]
    client, _ = _password_login("a_focal")
    response = client.post(VERIFY, {"code": code.upper().replace("-", " ")})
    assert response.status_code == 302
    assert client.get(REGISTRY).status_code == 200
    assert RecoveryCode.objects.filter(device__user=user).count() == 9
    event = AuditEvent.objects.get(action="2fa.recovery_code_use")
    assert event.after == {"recovery_codes_left": 9}

    again, _ = _password_login("a_focal")
    assert "did not work" in again.post(VERIFY, {"code": code}).content.decode()
    assert again.get(REGISTRY)["Location"].startswith(VERIFY)


def test_recovery_codes_are_stored_as_digests_only(world: World) -> None:
    enrollment = actions.totp_device_install(
        user=world.users["a_viewer"], key=twofactor.new_totp_key(), by=None
    )
    stored = set(
        RecoveryCode.objects.filter(device__user=world.users["a_viewer"]).values_list(
            "digest", flat=True
        )
    )
    assert len(stored) == 10 and not stored & set(enrollment.recovery_codes)


def test_a_role_that_requires_two_factor_must_enrol_before_any_page(world: World) -> None:
    make_user("new.focal", ("jor", Role.FOCAL_POINT))
    client, response = _password_login("new.focal")
    assert response["Location"] == f"{ENROL}?next=%2Fen%2F"
    plan = world.plans["a_confidential"]
    for url in [REGISTRY, f"/en/plans/{plan.pk}/", "/en/accounts/password/"]:
        assert client.get(url)["Location"].startswith(ENROL), url
    assert client.post(f"/en/plans/{plan.pk}/status/", {"to": "consultation"})[
        "Location"
    ].startswith(ENROL)
    # htmx requests are sent to the whole page.
    assert client.get(REGISTRY, HTTP_HX_REQUEST="true")["HX-Redirect"].startswith(ENROL)
    page = client.get(ENROL).content.decode()
    assert "Your role requires a second factor" in page
    _enrol(client)
    assert client.get(f"/en/plans/{plan.pk}/").status_code == 200


def test_without_the_setting_nobody_is_required_to_enrol(world: World, settings: Any) -> None:
    settings.PVEPLAN_REQUIRE_2FA = False
    make_user("new.officer", ("unoct", Role.UNOCT_OFFICER))
    client, response = _password_login("new.officer")
    assert response["Location"] == REGISTRY
    assert client.get(REGISTRY).status_code == 200


@pytest.mark.parametrize(
    ("persona", "required"),
    [
        ("a_focal", True),
        ("unoct", True),
        ("admin", True),
        ("a_editor", False),
        ("a_viewer", False),
        ("un_staff", False),
        ("donor", False),
        ("outsider", False),
    ],
)
def test_who_must_use_two_factor(world: World, persona: str, required: bool) -> None:
    assert twofactor.two_factor_required(world.users[persona]) is required


def test_un_staff_of_unoct_must_use_two_factor(world: World) -> None:
    user = make_user("unoct.staff", ("unoct", Role.UN_STAFF))
    assert twofactor.two_factor_required(user)


def test_the_admin_site_needs_a_verified_second_factor(world: World) -> None:
    client, response = _password_login("admin", "/en/admin/")
    assert response["Location"].startswith(VERIFY)
    assert client.get("/en/admin/")["Location"].startswith(VERIFY)
    device = TOTPDevice.objects.get(user=world.users["admin"])
    client.post(VERIFY, {"code": _code(device.key)})
    assert client.get("/en/admin/").status_code == 200


def test_staff_without_an_authenticator_must_enrol_for_the_admin_site(
    world: World, settings: Any
) -> None:
    settings.PVEPLAN_REQUIRE_2FA = False
    make_user("staffer", is_staff=True)
    client, response = _password_login("staffer")
    assert response["Location"] == REGISTRY  # the site is open without the setting...
    assert client.get("/en/admin/")["Location"].startswith(ENROL)  # ...the admin is not


def test_the_admin_login_page_sends_people_to_the_real_login(client: Client) -> None:
    response = client.get("/en/admin/login/?next=/en/admin/accounts/user/")
    assert response["Location"] == "/en/accounts/login/?next=%2Fen%2Fadmin%2Faccounts%2Fuser%2F"
    response = client.post("/en/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response["Location"].startswith("/en/accounts/login/")


def test_a_password_alone_cannot_replace_an_authenticator(world: World) -> None:
    client, _ = _password_login("a_focal")
    response = client.get(ENROL)
    assert response["Location"].startswith(VERIFY)
    response = client.post(ENROL, {"code": "123456"})
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=world.users["a_focal"]).count() == 1


def test_a_verified_user_moves_to_a_new_phone(world: World) -> None:
    client = world.client("a_focal")
    old = TOTPDevice.objects.get(user=world.users["a_focal"])
    page = client.get(ENROL).content.decode()
    assert "replaces your current authenticator" in page
    _enrol(client)
    new = TOTPDevice.objects.get(user=world.users["a_focal"])
    assert new.pk != old.pk and new.key != old.key
    assert AuditEvent.objects.filter(action="2fa.enroll", after__replaced=True).exists()


def test_a_wrong_code_at_enrolment_changes_nothing(world: World) -> None:
    client = world.client("a_viewer")
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200 and "does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.users["a_viewer"]).exists()


def test_new_recovery_codes_replace_the_old_ones(world: World) -> None:
    user = world.users["unoct"]
    before = set(RecoveryCode.objects.filter(device__user=user).values_list("digest", flat=True))
    response = world.client("unoct").post("/en/accounts/security/recovery-codes/")
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", response.content.decode())
    assert len(codes) == 10 and response["Cache-Control"].startswith("max-age=0")
    after = set(RecoveryCode.objects.filter(device__user=user).values_list("digest", flat=True))
    assert len(after) == 10 and not before & after
    assert AuditEvent.objects.filter(action="2fa.recovery_codes_regenerate").exists()


def test_an_optional_user_may_turn_two_factor_off_and_a_required_one_may_not(
    world: World,
) -> None:
    actions.totp_device_install(user=world.users["a_editor"], key=twofactor.demo_key(), by=None)
    editor = world.client("a_editor")
    assert editor.post("/en/accounts/security/remove/").status_code == 302
    assert not TOTPDevice.objects.filter(user=world.users["a_editor"]).exists()
    assert world.client("a_focal").post("/en/accounts/security/remove/").status_code == 403
    assert TOTPDevice.objects.filter(user=world.users["a_focal"]).exists()
    assert AuditEvent.objects.filter(action="2fa.remove", outcome="allowed").count() == 1
    assert AuditEvent.objects.filter(action="2fa.remove", outcome="denied").count() == 1


def test_the_security_page_says_what_is_on(world: World) -> None:
    page = world.client("a_focal").get("/en/accounts/security/").content.decode()
    assert "On: logging in asks for a code" in page and "10 recovery codes left" in page
    assert "cannot be turned off" in page
    page = world.client("a_viewer").get("/en/accounts/security/").content.decode()
    assert "Off: logging in needs only your password" in page


def test_the_enrol_page_shows_the_secret_as_text_and_qr_code_in_arabic(world: World) -> None:
    page = world.client("a_viewer").get("/ar/accounts/security/enrol/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert '<p class="secret" dir="ltr"' in page and '<svg width="' in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_no_secret_or_code_reaches_the_audit_log(world: World) -> None:
    client = Client()
    client.post(LOGIN, {"username": "a_viewer", "password": PASSWORD})
    codes = _enrol(client)
    key = TOTPDevice.objects.get(user=world.users["a_viewer"]).key
    logged = " ".join(
        f"{e.before} {e.after} {e.rationale}" for e in AuditEvent.objects.all()
    ).lower()
    for secret in [key, *twofactor.secret_groups(key), *codes]:
        assert secret.lower() not in logged
    assert audit.verify()[1] is None


def test_the_totp_code_command_serves_demo_accounts_only(world: World, capsys: Any) -> None:
    call_command("totp_code", "a_focal")
    assert capsys.readouterr().out.strip() == twofactor.totp_code(twofactor.demo_key())
    actions.totp_device_install(user=world.users["a_viewer"], key=twofactor.new_totp_key(), by=None)
    for username in ["a_viewer", "a_editor", "nobody"]:
        with pytest.raises(CommandError, match="refused"):
            call_command("totp_code", username)


def test_demo_accounts_that_need_two_factor_have_the_documented_secret(
    settings: Any, capsys: Any
) -> None:
    settings.PVEPLAN_REQUIRE_2FA = False  # the demo works when the setting is turned on later
    call_command("seed_demo")
    with_device = set(
        TOTPDevice.objects.filter(key=twofactor.demo_key()).values_list("user__username", flat=True)
    )
    assert with_device == {"admin", "unoct.officer", "jordan.focal"}
    capsys.readouterr()
    call_command("totp_code", "jordan.focal")
    assert re.fullmatch(r"\d{6}\n", capsys.readouterr().out)
    with pytest.raises(CommandError, match="refused"):
        call_command("totp_code", "jordan.editor")


def test_the_admin_login_page_offers_no_password_login_to_signed_in_people(world: World) -> None:
    assert world.client("donor").get("/en/admin/login/").status_code == 403
    response = world.client("admin").get("/en/admin/login/?next=/en/admin/accounts/user/")
    assert response["Location"] == "/en/admin/accounts/user/"
    foreign = world.client("admin").get("/en/admin/login/?next=https://evil.example/")
    assert foreign["Location"] == "/en/admin/"
