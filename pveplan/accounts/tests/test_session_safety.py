from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.test import Client

from pveplan.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _login_page_without_tokens(client: Client, username: str, password: str) -> str:
    body = client.post(
        "/en/accounts/login/", {"username": username, "password": password}
    ).content.decode()
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", body).replace(username, "USER")


def test_unknown_user_and_wrong_password_get_the_same_answer(world: World) -> None:
    unknown = _login_page_without_tokens(Client(), "nobody-here", "whatever-1234")
    wrong = _login_page_without_tokens(Client(), "a_editor", "whatever-1234")
    assert unknown == wrong


def test_the_session_key_changes_at_login(world: World) -> None:
    client = Client()
    client.get("/en/accounts/login/")
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    client.post("/en/accounts/login/", {"username": "a_editor", "password": PASSWORD})
    assert client.session.session_key != before


def test_logout_ends_the_session_on_the_server(world: World) -> None:
    client = Client()
    assert client.login(request=HttpRequest(), username="a_editor", password=PASSWORD)
    key = client.session.session_key
    client.post("/en/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie no longer opens pages that need an account.
    stale = Client()
    stale.cookies["sessionid"] = key
    assert stale.get("/en/accounts/password/").status_code == 302
