"""Login lockout (django-axes): 5 failures lock a username and an IP address; admins unlock."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from pveplan.core.models import AuditEvent
from pveplan.testing import PASSWORD, World

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
LOCKOUTS = "/en/accounts/lockouts/"


WRONG = "wrong-password"


def _attempt(username: str, password: str = WRONG, ip: str = "203.0.113.5") -> Any:
    return Client(REMOTE_ADDR=ip).post(LOGIN, {"username": username, "password": password})


def _without_tokens(body: bytes, username: str) -> str:
    text = re.sub(r"[A-Za-z0-9]{64}", "TOKEN", body.decode())
    return text.replace(username, "USER")


def test_the_fifth_failure_locks_the_username_even_for_the_right_password(world: World) -> None:
    for _ in range(4):
        response = _attempt("a_editor")
        assert response.status_code == 200 and "did not match" in response.content.decode()
    fifth = _attempt("a_editor")
    assert fifth.status_code == 429 and "Too many failed attempts" in fifth.content.decode()
    assert fifth["Retry-After"] == "900"
    sixth = _attempt("a_editor", PASSWORD)
    assert sixth.status_code == 429
    assert "_auth_user_id" not in sixth.client.session
    assert AuditEvent.objects.filter(action="user.login", outcome="denied").count() == 4
    assert AuditEvent.objects.filter(action="user.lockout", outcome="denied").count() == 2
    assert not AuditEvent.objects.filter(action="user.login", outcome="allowed").exists()


def test_a_lock_does_not_tell_whether_the_account_exists(world: World) -> None:
    answers = []
    for username, ip in [("a_editor", "203.0.113.7"), ("no-such-user", "203.0.113.8")]:
        for _ in range(5):
            _attempt(username, ip=ip)
        response = _attempt(username, ip=ip)
        answers.append((response.status_code, _without_tokens(response.content, username)))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


def test_an_address_is_locked_after_five_failures_whatever_the_usernames(world: World) -> None:
    for name in ["u1", "u2", "u3", "u4", "u5"]:
        _attempt(name, ip="203.0.113.9")
    assert _attempt("a_viewer", PASSWORD, ip="203.0.113.9").status_code == 429
    # The same account from elsewhere is not locked.
    assert _attempt("a_viewer", PASSWORD, ip="203.0.113.10").status_code == 302


def test_the_lock_lifts_after_the_cool_off(world: World) -> None:
    for _ in range(5):
        _attempt("a_editor")
    assert _attempt("a_editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert _attempt("a_editor", PASSWORD).status_code == 302


def test_an_administrator_sees_the_lock_and_unlocks_it(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        _attempt("a_editor")
    admin = world.client("admin")
    with django_assert_max_num_queries(12):
        page = admin.get(LOCKOUTS)
    body = page.content.decode()
    assert page.status_code == 200 and "<code>a_editor</code>" in body
    assert "<code>203.0.113.5</code>" in body and body.count("<strong>locked</strong>") == 2
    response = admin.post(LOCKOUTS, {"username": "a_editor"})
    assert response.status_code == 302
    assert _attempt("a_editor", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="user.unlock", outcome="allowed")
    assert event.actor == world.users["admin"] and event.before == {"username": "a_editor"}


def test_an_administrator_unlocks_an_address(world: World) -> None:
    for name in ["u1", "u2", "u3", "u4", "u5"]:
        _attempt(name)
    world.client("admin").post(LOCKOUTS, {"ip_address": "203.0.113.5"})
    assert _attempt("a_viewer", PASSWORD).status_code == 302


def test_only_administrators_may_unlock(world: World) -> None:
    for _ in range(5):
        _attempt("a_editor")
    for persona in ["a_focal", "a_editor", "unoct"]:
        client = world.client(persona)
        assert client.get(LOCKOUTS).status_code == 403
        assert client.post(LOCKOUTS, {"username": "a_editor"}).status_code == 403
    assert _attempt("a_editor", PASSWORD).status_code == 429


def test_behind_a_proxy_the_forwarded_address_is_locked(world: World, settings: Any) -> None:
    settings.PVEPLAN_BEHIND_PROXY = True
    client = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.4, 10.9.9.9")
    client.post(LOGIN, {"username": "x", "password": "y"})
    assert AccessAttempt.objects.get().ip_address == "198.51.100.4"


def test_without_a_proxy_a_forwarded_header_is_ignored(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.20", HTTP_X_FORWARDED_FOR="198.51.100.4")
    client.post(LOGIN, {"username": "x", "password": "y"})
    assert AccessAttempt.objects.get().ip_address == "203.0.113.20"


def test_an_administrator_resets_a_lost_authenticator(world: World) -> None:
    response = world.client("admin").post(
        "/en/accounts/lockouts/reset-two-factor/", {"username": "a_focal"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.users["a_focal"]).exists()
    event = AuditEvent.objects.get(action="2fa.remove", outcome="allowed")
    assert event.actor == world.users["admin"] and event.rationale == "reset by an administrator"
    # At the next login the focal point sets up a new authenticator before anything else.
    login = Client().post(LOGIN, {"username": "a_focal", "password": PASSWORD})
    assert login["Location"].startswith("/en/accounts/security/enrol/")


def test_nobody_else_may_reset_two_factor(world: World) -> None:
    # Their own account is in sight (403); anyone else's is not (404).
    for persona, status in [("a_focal", 404), ("unoct", 403), ("a_viewer", 404)]:
        response = world.client(persona).post(
            "/en/accounts/lockouts/reset-two-factor/", {"username": "unoct"}
        )
        assert response.status_code == status, persona
    assert TOTPDevice.objects.filter(user=world.users["unoct"]).exists()
