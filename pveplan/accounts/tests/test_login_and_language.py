from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import Client

from pveplan.core.models import AuditEvent
from pveplan.testing import PASSWORD, World

pytestmark = pytest.mark.django_db

LANGS = [
    ("ar", "rtl"),
    ("en", "ltr"),
    ("fr", "ltr"),
    ("ru", "ltr"),
    ("es", "ltr"),
    ("zh-hans", "ltr"),
]


@pytest.mark.parametrize(("code", "direction"), LANGS)
def test_every_page_says_its_language_and_direction(
    client: Client, code: str, direction: str
) -> None:
    body = client.get(f"/{code}/").content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in body


def test_an_arabic_browser_is_sent_to_the_arabic_site(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Location"] == "/ar/"


def test_an_unknown_browser_language_falls_back_visibly_to_english(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response["Location"] == "/en/"
    page = client.get("/en/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "does not offer (“de”)" in page


def test_login_is_audited_and_lands_in_the_users_language(world: World) -> None:
    user = world.users["a_editor"]
    user.language = "ar"
    user.save()
    client = Client()
    response = client.post(
        "/en/accounts/login/", {"username": "a_editor", "password": PASSWORD, "next": "/en/"}
    )
    assert response.status_code == 302 and response["Location"] == "/ar/"
    assert client.cookies["pveplan_language"].value == "ar"
    assert AuditEvent.objects.filter(action="user.login", actor=user, outcome="allowed").exists()


def test_a_failed_login_is_audited_and_says_so_in_arabic(world: World) -> None:
    response = Client().post("/ar/accounts/login/", {"username": "a_editor", "password": "wrong"})
    assert response.status_code == 200
    assert "كلمة المرور" in response.content.decode()
    assert AuditEvent.objects.filter(action="user.login", outcome="denied").exists()


def test_the_language_switcher_remembers_the_choice_for_the_user(world: World) -> None:
    client = world.client("a_viewer")
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/en/plans/1/?x=1"})
    assert response["Location"] == "/fr/plans/1/"
    world.users["a_viewer"].refresh_from_db()
    assert world.users["a_viewer"].language == "fr"
    assert AuditEvent.objects.filter(action="user.set_language").exists()


def test_switching_to_an_unknown_language_gives_english_and_a_message(world: World) -> None:
    client = world.client("a_viewer")
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/ar/"}, follow=True)
    assert response.redirect_chain[0][0] == "/en/"
    assert "is not available; showing English" in response.content.decode()


def test_the_language_switcher_ignores_foreign_next_urls(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "https://evil.example/"})
    assert response["Location"] == "/ar/"


def test_logout_needs_post_and_is_audited(world: World) -> None:
    client = world.client("a_viewer")
    assert client.get("/en/accounts/logout/").status_code == 405
    assert client.post("/en/accounts/logout/").status_code == 302
    assert AuditEvent.objects.filter(action="user.logout").exists()


def test_password_change_rejects_a_weak_password_and_accepts_a_good_one(world: World) -> None:
    client = world.client("a_viewer")
    weak = client.post(
        "/en/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    good = client.post(
        "/en/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-phrase-42",
            "new_password2": "a-much-longer-phrase-42",
        },
    )
    assert good.status_code == 302
    assert Client().login(
        request=HttpRequest(), username="a_viewer", password="a-much-longer-phrase-42"
    )
    assert AuditEvent.objects.filter(action="user.change_password").exists()
