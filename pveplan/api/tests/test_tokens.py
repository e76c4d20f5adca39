"""API tokens: stored as hashes, shown once, refused when revoked or expired, audited."""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from pveplan.accounts.middleware import LAST_SEEN
from pveplan.api import actions
from pveplan.api.models import ApiToken
from pveplan.api.tests.helpers import ApiClient, secret_of
from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs: int) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def test_only_the_hash_of_the_secret_is_stored(world: World) -> None:
    secret = secret_of(world, "a_editor")
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:8]
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert not any(secret in value for value in stored)
    assert len(secret) >= 43  # token_urlsafe(32): 256 random bits


def test_a_token_expires_after_90_days_by_default(world: World) -> None:
    secret_of(world, "a_editor")
    token = ApiToken.objects.get()
    assert timedelta(days=89, hours=23) < token.expires_at - timezone.now() <= timedelta(days=90)


def test_the_page_shows_the_secret_once(world: World) -> None:
    client = world.client("a_editor")
    answer = client.post(_url("api_tokens:create"), {"name": "My script", "lifetime_days": "30"})
    assert answer.status_code == 200
    token = ApiToken.objects.get(owner=world.users["a_editor"])
    secret = answer.context["issued"].secret
    assert secret in answer.content.decode()
    assert "no-store" in answer["Cache-Control"]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.expires_at - timezone.now() <= timedelta(days=30)
    listing = client.get(_url("api_tokens:list")).content.decode()
    assert "My script" in listing and token.prefix in listing
    assert secret not in listing
    assert ApiClient(secret).get("/me").json()["username"] == "a_editor"


def test_a_token_needs_a_name_and_a_known_lifetime(world: World) -> None:
    client = world.client("a_editor")
    answer = client.post(_url("api_tokens:create"), {"name": "  ", "lifetime_days": "90"})
    assert answer.status_code == 200 and answer.context["form"].errors["name"]
    answer = client.post(_url("api_tokens:create"), {"name": "x", "lifetime_days": "9999"})
    assert answer.context["form"].errors["lifetime_days"]
    assert not ApiToken.objects.exists()


def test_issuing_and_revoking_are_audited_without_the_secret(world: World) -> None:
    user = world.users["a_editor"]
    issued = actions.api_token_create(owner=user, name="CI", by=user)
    actions.api_token_revoke(token=issued.token, by=user, expected_version=issued.token.version)
    created = AuditEvent.objects.get(action="api_token.create")
    revoked = AuditEvent.objects.get(action="api_token.revoke")
    assert created.actor == user and created.after["name"] == "CI"
    assert revoked.before["revoked_at"] is None and revoked.after["revoked_at"]
    for event in (created, revoked):
        assert event.object_id == str(issued.token.pk)
        text = str(event.before) + str(event.after)
        assert issued.secret not in text and issued.token.key_hash not in text


def test_nobody_issues_a_token_for_someone_else(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.api_token_create(owner=world.users["a_editor"], name="x", by=world.users["admin"])


def test_a_revoked_token_is_refused(world: World) -> None:
    secret = secret_of(world, "a_editor")
    client = world.client("a_editor")
    token = ApiToken.objects.get()
    answer = client.post(_url("api_tokens:revoke", pk=token.pk), {"version": token.version})
    assert answer.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = ApiClient(secret).get("/me")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Bearer"
    assert refused.json() == {"detail": "A valid API token is needed."}


def test_a_revoke_with_a_stale_version_changes_nothing(world: World) -> None:
    secret_of(world, "a_editor")
    token = ApiToken.objects.get()
    with pytest.raises(ConflictError):
        actions.api_token_revoke(
            token=token, by=world.users["a_editor"], expected_version=token.version + 1
        )
    answer = world.client("a_editor").post(_url("api_tokens:revoke", pk=token.pk), {})
    assert answer.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_someone_elses_token_cannot_be_revoked(world: World) -> None:
    secret = secret_of(world, "a_editor")
    token = ApiToken.objects.get()
    answer = world.client("admin").post(
        _url("api_tokens:revoke", pk=token.pk), {"version": token.version}
    )
    assert answer.status_code == 404
    assert ApiClient(secret).get("/me").status_code == 200


def test_an_expired_token_is_refused(world: World) -> None:
    secret = secret_of(world, "a_editor")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ApiClient(secret).get("/me").status_code == 401


def test_the_token_of_an_inactive_user_is_refused(world: World) -> None:
    secret = secret_of(world, "a_editor")
    user = world.users["a_editor"]
    user.is_active = False
    user.save()
    assert ApiClient(secret).get("/me").status_code == 401


@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer wrong", "Basic YTpi", "Bearer " + "x" * 300]
)
def test_a_missing_or_wrong_token_is_refused(world: World, header: str) -> None:
    secret_of(world, "a_editor")
    client = Client()
    answer = client.get("/api/v1/me", headers={"Authorization": header} if header else {})
    assert answer.status_code == 401


def test_a_guess_with_the_right_prefix_is_refused(world: World) -> None:
    secret = secret_of(world, "a_editor")
    guess = secret[:8] + "A" * (len(secret) - 8)
    assert ApiClient(guess).get("/me").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(world: World) -> None:
    client = ApiClient(secret_of(world, "a_editor"))
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    client.get("/me")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        client.get("/me")
    assert not any(q["sql"].startswith("UPDATE") for q in queries)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.update(last_used_at=first - timedelta(minutes=2))
    client.get("/me")
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=2)


def test_a_session_cookie_does_not_authenticate_the_api(world: World) -> None:
    node_owner = world.client("a_editor")
    assert node_owner.get("/api/v1/me").status_code == 401
    answer = node_owner.patch(
        f"/api/v1/plans/{world.plans['a_confidential'].pk}/nodes/1",
        {"version": 1, "code": "X"},
        content_type="application/json",
    )
    assert answer.status_code == 401


def test_bearer_writes_need_no_csrf_token(world: World) -> None:
    from pveplan.plans import actions as plan_actions

    node = plan_actions.node_add(
        plan=world.plans["a_confidential"],
        by=world.users["admin"],
        parent=None,
        data=plan_actions.NodeInput(texts={"en": "Prevention"}),
    )
    client = Client(enforce_csrf_checks=True)
    answer = client.patch(
        f"/api/v1/plans/{node.plan_id}/nodes/{node.pk}",
        {"version": node.version, "code": "P2"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret_of(world, 'a_editor')}"},
    )
    assert answer.status_code == 200


def _unverified(world: World, persona: str) -> Client:
    """Signed in with the password only: the second factor not yet given."""
    client = Client()
    client.force_login(world.users[persona])
    session = client.session
    session[LAST_SEEN] = int(time.time())
    session.save()
    return client


def test_a_role_that_needs_two_factor_must_verify_before_issuing_a_token(world: World) -> None:
    client = _unverified(world, "a_focal")
    answer = client.post(_url("api_tokens:create"), {"name": "x", "lifetime_days": "90"})
    assert answer.status_code == 302
    assert "/security/verify/" in answer["Location"]
    assert not ApiToken.objects.exists()


def test_without_the_middleware_the_view_still_refuses_an_unverified_session(
    world: World, settings: object
) -> None:
    settings.MIDDLEWARE = [  # type: ignore[attr-defined]
        m
        for m in settings.MIDDLEWARE  # type: ignore[attr-defined]
        if m != "pveplan.accounts.middleware.TwoFactorMiddleware"
    ]
    client = _unverified(world, "unoct")
    answer = client.post(_url("api_tokens:create"), {"name": "x", "lifetime_days": "90"})
    assert answer.status_code == 403
    assert not ApiToken.objects.exists()


def test_a_role_without_two_factor_issues_tokens_from_a_password_session(world: World) -> None:
    client = _unverified(world, "a_editor")
    answer = client.post(_url("api_tokens:create"), {"name": "x", "lifetime_days": "90"})
    assert answer.status_code == 200
    assert ApiToken.objects.filter(owner=world.users["a_editor"]).exists()


def test_the_token_page_takes_as_many_queries_for_many_tokens_as_for_few(world: World) -> None:
    client = world.client("a_editor")
    url = _url("api_tokens:list")
    client.get(url)
    secret_of(world, "a_editor")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(8):
        secret_of(world, "a_editor")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_page_lists_only_ones_own_tokens(world: World) -> None:
    secret_of(world, "b_editor")
    page = world.client("a_editor").get(_url("api_tokens:list"))
    assert list(page.context["tokens"]) == []
    assert "You have no API tokens." in page.content.decode()


def test_the_token_page_reads_right_to_left_in_arabic(world: World) -> None:
    secret_of(world, "a_editor")
    with translation.override("ar"):
        url = reverse("api_tokens:list")
    answer = world.client("a_editor").get(url)
    assert url.startswith("/ar/")
    assert answer.status_code == 200
    assert 'dir="rtl"' in answer.content.decode()


def test_a_session_cookie_waiting_for_its_second_factor_does_not_stop_a_token(
    world: World,
) -> None:
    """A browser signed in with the password only (the code step pending) sends its cookie
    along: the API ignores it and answers for the token, instead of redirecting to the code."""
    secret = secret_of(world, "a_focal")
    client = Client()
    client.force_login(world.users["a_focal"])  # password only: no verified device in session
    answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200 and answer.json()["username"] == "a_focal"
