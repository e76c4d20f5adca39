"""Audit completeness: every unsafe request, denial, login, second-factor change, role change and
export leaves an event; logged and shown values are encoded; tampering is detected.

The request cases are those of the permission matrix: each of its cases also checks that an unsafe
request left an event and a refusal a "denied" one (pveplan/plans/tests/audit_coverage.py), so the
matrix and the audit coverage are one run over every URL pattern. Run it with -s for the figures:
`.venv/bin/pytest pveplan/plans/tests/test_permission_matrix.py -s -q`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from pveplan.core import audit
from pveplan.core.models import AuditChainHead, AuditEvent, AuditOutcome
from pveplan.testing import PASSWORD, World

pytestmark = pytest.mark.django_db

UNSAFE = {"post", "put", "patch", "delete"}


def _last_sequence() -> int:
    return AuditChainHead.objects.get_or_create(id=1)[0].last_sequence


def _new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(sequence__gt=since).order_by("sequence"))


# --- The middleware's own events ---------------------------------------------------------------


def test_a_refused_form_is_recorded_without_the_submitted_values(world: World) -> None:
    client = world.client("a_viewer")
    since = _last_sequence()
    response = client.post(
        "/en/accounts/password/",
        {"old_password": "wrong-secret-1", "new_password1": "x", "new_password2": "y"},
    )
    assert response.status_code == 200  # the form again, with its errors
    [event] = _new_events(since)
    assert (event.action, event.outcome) == ("request.rejected", AuditOutcome.FAILED)
    assert event.actor == world.users["a_viewer"]
    assert event.after == {
        "method": "POST",
        "path": "/en/accounts/password/",
        "status": 200,
        "view": "accounts:password_change",
        "fields": ["new_password1", "new_password2", "old_password"],
    }
    stored = json.dumps([event.before, event.after, event.rationale])
    assert "wrong-secret-1" not in stored


def test_a_failed_login_records_no_password(world: World) -> None:
    since = _last_sequence()
    Client().post("/en/accounts/login/", {"username": "a_editor", "password": "hunter2-secret"})
    events = _new_events(since)
    assert [(e.action, e.outcome) for e in events] == [("user.login", AuditOutcome.DENIED)]
    assert not any("hunter2-secret" in json.dumps([e.after, e.rationale]) for e in events)


def test_an_anonymous_write_sent_to_the_login_page_is_a_denial(world: World) -> None:
    plan = world.plans["a_confidential"]
    since = _last_sequence()
    response = Client().post(f"/en/plans/{plan.pk}/status/", {"to": "consultation"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    [event] = _new_events(since)
    assert (event.action, event.outcome, event.actor) == ("request.denied", "denied", None)
    assert event.after["status"] == 302


def test_a_refusal_an_action_recorded_is_not_recorded_twice(world: World) -> None:
    since = _last_sequence()
    response = world.client("a_focal").post("/en/accounts/security/remove/")
    assert response.status_code == 403
    events = _new_events(since)
    assert [(e.action, e.outcome) for e in events] == [("2fa.remove", AuditOutcome.DENIED)]


def test_a_page_outside_the_users_sight_is_a_recorded_denial(world: World) -> None:
    plan = world.plans["b_confidential"]
    since = _last_sequence()
    assert world.client("a_viewer").get(f"/en/plans/{plan.pk}/").status_code == 404
    [event] = _new_events(since)
    assert (event.action, event.outcome) == ("request.denied", AuditOutcome.DENIED)
    assert event.after == {
        "method": "GET",
        "path": f"/en/plans/{plan.pk}/",
        "status": 404,
        "view": "plans:detail",
    }


def test_a_page_an_anonymous_visitor_cannot_see_is_not_logged(world: World) -> None:
    # Anonymous GETs that find nothing are not denials worth an event (scanners would fill
    # the log); anonymous writes are.
    plan = world.plans["b_confidential"]
    since = _last_sequence()
    assert Client().get(f"/en/plans/{plan.pk}/").status_code == 404
    assert _new_events(since) == []


def test_switching_language_anonymously_is_recorded_as_a_plain_post(world: World) -> None:
    since = _last_sequence()
    Client().post("/i18n/setlang/", {"language": "ar", "next": "/en/"})
    [event] = _new_events(since)
    assert (event.action, event.outcome) == ("request.post", AuditOutcome.ALLOWED)
    assert event.after["fields"] == ["language", "next"]


def test_secret_parts_of_a_url_are_not_recorded(world: World) -> None:
    since = _last_sequence()
    url = "/en/accounts/password/reset/MQ/abc-secret-token/"
    Client().post(url, {"new_password1": "a", "new_password2": "b"})
    events = _new_events(since)
    assert events and all("abc-secret-token" not in json.dumps(e.after) for e in events)
    assert any("[redacted]" in (e.after or {}).get("path", "") for e in events)


# --- Logins, second factor, roles, exports ------------------------------------------------------


def test_login_success_and_failure_are_audited(world: World) -> None:
    since = _last_sequence()
    client = Client()
    client.post("/en/accounts/login/", {"username": "a_viewer", "password": "wrong"})
    client.post("/en/accounts/login/", {"username": "a_viewer", "password": PASSWORD})
    events = [(e.action, e.outcome, e.actor_label) for e in _new_events(since)]
    assert events == [
        ("user.login", AuditOutcome.DENIED, ""),
        ("user.login", AuditOutcome.ALLOWED, "a_viewer"),
    ]


def test_second_factor_changes_and_wrong_codes_are_audited(world: World) -> None:
    from pveplan.accounts import actions, twofactor

    user = world.users["a_editor"]
    client = world.client("a_editor")  # signed in before having an authenticator
    since = _last_sequence()
    actions.totp_device_install(user=user, key=twofactor.demo_key(), by=user)
    client.post("/en/accounts/security/verify/", {"code": "000000", "next": "/en/"})
    # Not verified yet: the removal is refused (sent to the code step), and that is recorded.
    client.post("/en/accounts/security/remove/")
    world.client("a_editor").post("/en/accounts/security/remove/")  # verified now
    events = [(e.action, e.outcome) for e in _new_events(since)]
    assert ("2fa.enroll", AuditOutcome.ALLOWED) in events
    assert ("2fa.verify", AuditOutcome.DENIED) in events
    assert ("request.denied", AuditOutcome.DENIED) in events
    assert ("2fa.remove", AuditOutcome.ALLOWED) in events


def test_a_role_change_in_the_admin_is_audited(world: World) -> None:
    membership = world.users["a_viewer"].memberships.get()
    since = _last_sequence()
    response = world.client("admin").post(
        f"/en/admin/accounts/membership/{membership.pk}/change/",
        {"user": membership.user_id, "organization": membership.organization_id, "role": "editor"},
    )
    assert response.status_code == 302
    [event] = _new_events(since)
    assert event.action == "admin.change" and event.actor_label == "admin"
    assert event.before == {"role": "viewer"} and event.after == {"role": "editor"}


def test_a_new_role_is_audited(world: World) -> None:
    from pveplan.accounts import actions
    from pveplan.testing import org

    since = _last_sequence()
    actions.membership_add(
        by=world.users["admin"],
        user=world.users["outsider"],
        organization=org("jor"),
        role="viewer",
    )
    [event] = _new_events(since)
    assert event.action == "membership.add" and event.after["role"] == "viewer"


@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/en/providers/3w.xlsx", "threew.export"),
        ("/en/providers/3w.csv", "threew.export"),
        ("/en/funding/balances.xlsx", "funding.export"),
        ("/en/documents/analysis.csv", "documents.analysis_export"),
    ],
)
def test_every_export_is_audited(world: World, url: str, action: str) -> None:
    since = _last_sequence()
    response = world.client("unoct").get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert [e.action for e in _new_events(since)] == [action]


# --- Encoding: stored as given, logged on one line, shown escaped ---------------------------------

HOSTILE = "x\r\nFAKE EVENT user.login admin <script>alert(1)</script>\u2028&"


def test_a_hostile_username_is_stored_faithfully_and_logged_on_one_encoded_line(
    world: World, caplog: pytest.LogCaptureFixture, django_capture_on_commit_callbacks: Any
) -> None:
    since = _last_sequence()
    with (
        caplog.at_level(logging.INFO, logger="pveplan.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        Client().post("/en/accounts/login/", {"username": HOSTILE, "password": "wrong"})
    [event] = _new_events(since)
    assert event.rationale == f"username={HOSTILE}"  # stored as typed
    [line] = [r.getMessage() for r in caplog.records if r.name == "pveplan.audit"]
    assert "\r" not in line and "\n" not in line and "\u2028" not in line
    assert "<" not in line and ">" not in line and "&" not in line
    assert "\\r\\nFAKE EVENT" in line and "\\u003cscript\\u003e" in line
    # The line is JSON that decodes back to the stored value.
    assert json.loads(line.removeprefix("audit "))["rationale"] == event.rationale


def test_a_hostile_title_is_logged_encoded_and_shown_escaped(
    world: World, caplog: pytest.LogCaptureFixture, django_capture_on_commit_callbacks: Any
) -> None:
    from pveplan.plans import actions
    from pveplan.testing import org, plan_input

    with (
        caplog.at_level(logging.INFO, logger="pveplan.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        plan = actions.plan_create(
            by=world.users["admin"],
            data=plan_input(org("jor"), titles={"ar": "خطة", "en": HOSTILE}),
        )
    event = AuditEvent.objects.get(action="plan.create", object_id=str(plan.pk))
    assert HOSTILE in event.object_label or HOSTILE in json.dumps(event.after, ensure_ascii=False)
    lines = [r.getMessage() for r in caplog.records if r.name == "pveplan.audit"]
    assert lines and all("\n" not in line and "<script>" not in line for line in lines)
    # The admin's list and detail of the event, and the plan's history, escape the markup.
    client = world.client("admin")
    for url, shown in (
        ("/en/admin/core/auditevent/?q=plan.create", False),
        (f"/en/admin/core/auditevent/{event.pk}/change/", True),
        (f"/en/plans/{plan.pk}/", True),
    ):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in page, url
        assert ("&lt;script&gt;alert(1)&lt;/script&gt;" in page) == shown, url


def test_the_log_encoder_leaves_no_line_break_or_markup() -> None:
    for text in ["\r", "\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "<", ">", "&"]:
        encoded = audit.encode_for_log({"v": f"a{text}b"})
        assert len(f"x{encoded}y".splitlines()) == 1, repr(text)
        assert not {"<", ">", "&"} & set(encoded), repr(text)
        assert json.loads(encoded) == {"v": f"a{text}b"}
    assert audit.encode_for_log("مرحبا") == '"مرحبا"'  # readable, not \u-escaped


# --- Tampering ------------------------------------------------------------------------------------


def _forge(event: AuditEvent, **changes: Any) -> None:
    AuditEvent.objects.filter(pk=event.pk).update(**changes)


def _insert_forged_copy(events: list[AuditEvent]) -> None:
    # A made-up event between two real ones, with a well-formed hash of its own.
    AuditEvent.objects.filter(sequence__gt=events[1].sequence).update(sequence=models_f("sequence"))
    fake = AuditEvent(
        sequence=events[1].sequence + 1,
        occurred_at=events[1].occurred_at,
        action="plan.approve",
        outcome=AuditOutcome.ALLOWED,
        previous_hash=events[1].hash,
    )
    fake.hash = audit.chain_hash(fake.chained_fields(), events[1].hash)
    fake.save()


def models_f(name: str) -> Any:
    from django.db.models import F

    return F(name) + 1000


def _swap_contents(events: list[AuditEvent]) -> None:
    # Two rows exchange everything but their keys (hash included): the order is a lie.
    a, b = events[1], events[2]
    fields = ["action", "after", "hash", "previous_hash", "occurred_at", "outcome"]
    values_a = {f: getattr(a, f) for f in fields}
    values_b = {f: getattr(b, f) for f in fields}
    _forge(a, hash="swap-" + a.hash[:50])
    _forge(b, **values_a)
    _forge(a, **values_b)


def _recompute_one(events: list[AuditEvent]) -> None:
    # Change a row and give it a correct hash for its new content: the next row disagrees.
    event = events[2]
    event.outcome = AuditOutcome.ALLOWED
    event.after = {"n": 1234}
    new_hash = audit.chain_hash(event.chained_fields(), event.previous_hash)
    _forge(event, after={"n": 1234}, hash=new_hash)


def _raw_sql_json(events: list[AuditEvent]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET after = %s WHERE id = %s", ['{"n": 99}', events[0].pk]
        )


TAMPERING = {
    "changed rationale": lambda ev: _forge(ev[2], rationale="nothing to see"),
    "changed outcome": lambda ev: _forge(ev[2], outcome=AuditOutcome.ALLOWED),
    "changed actor label": lambda ev: _forge(ev[3], actor_label="someone else"),
    "changed time": lambda ev: _forge(ev[1], occurred_at=ev[0].occurred_at),
    "changed action": lambda ev: _forge(ev[0], action="test.other"),
    "changed request id": lambda ev: _forge(ev[4], request_id="other"),
    "changed JSON in raw SQL": _raw_sql_json,
    "changed and re-hashed row": _recompute_one,
    "deleted first row": lambda ev: AuditEvent.objects.filter(pk=ev[0].pk).delete(),
    "deleted middle row": lambda ev: AuditEvent.objects.filter(pk=ev[2].pk).delete(),
    "deleted newest row": lambda ev: AuditEvent.objects.filter(pk=ev[-1].pk).delete(),
    "deleted every row": lambda ev: AuditEvent.objects.all().delete(),
    "swapped sequence numbers": lambda ev: (
        _forge(ev[1], sequence=10_000),
        _forge(ev[2], sequence=ev[1].sequence),
        _forge(ev[1], sequence=ev[2].sequence),
    ),
    "swapped row contents": _swap_contents,
    "inserted forged row": _insert_forged_copy,
    "appended forged row": lambda ev: AuditEvent.objects.create(
        sequence=ev[-1].sequence + 1,
        occurred_at=ev[-1].occurred_at,
        action="plan.approve",
        outcome=AuditOutcome.ALLOWED,
        previous_hash=ev[-1].hash,
        hash=audit.chain_hash(
            AuditEvent(
                sequence=ev[-1].sequence + 1,
                occurred_at=ev[-1].occurred_at,
                action="plan.approve",
                outcome=AuditOutcome.ALLOWED,
            ).chained_fields(),
            ev[-1].hash,
        ),
    ),
    "chain head moved back": lambda ev: AuditChainHead.objects.update(
        last_sequence=ev[-2].sequence, last_hash=ev[-2].hash
    ),
    "chain head hash changed": lambda ev: AuditChainHead.objects.update(last_hash="f" * 64),
}
DETECTED: list[str] = []


@pytest.fixture(scope="module", autouse=True)
def _tampering_summary() -> Iterator[None]:
    yield
    if DETECTED:
        print(f"\ntampering detected: {len(DETECTED)}/{len(TAMPERING)} cases")


@pytest.mark.parametrize("case", list(TAMPERING))
def test_verify_audit_log_detects_tampering(case: str) -> None:
    events = [
        audit.record(action="test.event", after={"n": i}, outcome=AuditOutcome.DENIED)
        for i in range(6)
    ]
    call_command("verify_audit_log")  # intact before
    TAMPERING[case](events)
    with pytest.raises(CommandError, match="audit log broken at event #"):
        call_command("verify_audit_log")
    DETECTED.append(case)
