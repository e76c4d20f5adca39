"""The idle timeout, and password reset by e-mail (which never skips two-factor)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from pveplan.accounts.middleware import LAST_SEEN
from pveplan.core.models import AuditEvent
from pveplan.testing import PASSWORD, World

pytestmark = pytest.mark.django_db

RESET = "/en/accounts/password/reset/"
NEW_PASSWORD = "a-new-and-long-passphrase-31"


def _idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


def test_a_session_idle_too_long_is_logged_out(world: World) -> None:
    client = world.client("a_viewer")
    _idle_for(client, 31 * 60)
    response = client.get("/en/accounts/password/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=%2Fen%2Faccounts%2Fpassword%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "logged out after 30 minutes without activity" in page
    event = AuditEvent.objects.get(action="user.logout")
    assert event.rationale == "idle" and event.actor == world.users["a_viewer"]


def test_activity_keeps_the_session_alive(world: World) -> None:
    client = world.client("a_viewer")
    _idle_for(client, 29 * 60)
    assert client.get("/en/accounts/password/").status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN] < 5  # the clock starts again


def test_the_idle_timeout_follows_the_setting(world: World, settings: Any) -> None:
    settings.PVEPLAN_IDLE_SECONDS = 120
    client = world.client("a_viewer")
    _idle_for(client, 121)
    assert client.get("/en/accounts/password/").status_code == 302


def _reset_link(body: str) -> str:
    match = re.search(r"http://testserver(/en/accounts/password/reset/[^/\s]+/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_a_reset_answers_alike_for_known_and_unknown_addresses(world: World) -> None:
    world.users["a_focal"].email = "focal@example.org"
    world.users["a_focal"].save()
    known = Client().post(RESET, {"email": "focal@example.org"})
    unknown = Client().post(RESET, {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == "/en/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["focal@example.org"]
    events = AuditEvent.objects.filter(action="user.password_reset_request").order_by("id")
    assert [e.after for e in events] == [{"accounts": 1}, {"accounts": 0}]
    assert "example.org" not in str([(e.before, e.after, e.rationale) for e in events])


def test_a_reset_sets_the_password_but_two_factor_still_applies(world: World) -> None:
    world.users["a_focal"].email = "focal@example.org"
    world.users["a_focal"].save()
    client = Client()
    client.post(RESET, {"email": "focal@example.org"})
    link = _reset_link(mail.outbox[0].body)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session key
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert "_auth_user_id" not in client.session  # not logged in by the link
    assert AuditEvent.objects.filter(
        action="user.password_reset", object_id=str(world.users["a_focal"].pk)
    ).exists()
    login = client.post("/en/accounts/login/", {"username": "a_focal", "password": NEW_PASSWORD})
    assert login["Location"].startswith("/en/accounts/security/verify/")
    assert client.get("/en/")["Location"].startswith("/en/accounts/security/verify/")
    # The link works once.
    assert "does not work" in Client().get(link, follow=True).content.decode()


def test_the_old_password_stops_working_after_a_reset(world: World) -> None:
    world.users["a_viewer"].email = "viewer@example.org"
    world.users["a_viewer"].save()
    client = Client()
    client.post(RESET, {"email": "viewer@example.org"})
    form_url = client.get(_reset_link(mail.outbox[0].body))["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    old = Client().post("/en/accounts/login/", {"username": "a_viewer", "password": PASSWORD})
    assert old.status_code == 200
