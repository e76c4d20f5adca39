"""Every URL pattern has a policy, and every persona gets what the policy says.

Adding a URL without a POLICY entry fails `test_every_url_pattern_has_a_policy`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from pveplan.plans.tests.audit_coverage import COVERAGE, check_audited, last_audit_sequence
from pveplan.testing import ALL_PERSONAS, World

pytestmark = pytest.mark.django_db

# Expected status per persona, for each kind of policy and object. 302 to login for anonymous
# on pages that need an account; 404 for objects outside sight; 403 in sight but not allowed.
A = ["a_viewer", "a_editor", "a_focal"]
EVERYONE = dict.fromkeys(ALL_PERSONAS, 200)


def expect(default: int, **by_persona: int) -> dict[str, int]:
    table = dict.fromkeys(ALL_PERSONAS, default)
    table.update(by_persona)
    return table


CONFIDENTIAL_A_READ = expect(404, a_viewer=200, a_editor=200, a_focal=200, unoct=200, admin=200)
PARTNERS_A_READ = expect(
    404, a_viewer=200, a_editor=200, a_focal=200, unoct=200, admin=200, un_staff=200, donor=200
)
CONFIDENTIAL_A_WRITE_GET = expect(
    404, anonymous=302, a_viewer=403, a_editor=200, a_focal=200, unoct=200, admin=200
)
PUBLIC_A_WRITE_GET = expect(403, anonymous=302, a_editor=200, a_focal=200, unoct=200, admin=200)
# POST to the status change answers with a redirect back to the plan when it was processed.
CONFIDENTIAL_A_STATUS_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=302, a_focal=302, unoct=302, admin=302
)
CREATE_GET = expect(
    403, anonymous=302, a_editor=200, a_focal=200, b_editor=200, unoct=200, admin=200
)
LOGGED_IN_GET = expect(200, anonymous=302)
ADMIN_INDEX = expect(302, admin=200)

# name -> list of (method, target, expected table[, data]). target: None (no URL arguments), a key
# of world.plans (the URL takes that plan's pk), or a function world -> URL kwargs. data: the POST
# body, or a function world -> body.
POLICY: dict[str, list[tuple[str, Any, dict[str, int]]]] = {
    "plans:registry": [("get", None, EVERYONE)],
    "plans:detail": [
        ("get", "a_confidential", CONFIDENTIAL_A_READ),
        ("get", "a_partners", PARTNERS_A_READ),
        ("get", "a_public", EVERYONE),
        ("get", "b_confidential", expect(404, b_editor=200, unoct=200, admin=200)),
    ],
    "plans:create": [("get", None, CREATE_GET)],
    "plans:edit": [
        ("get", "a_confidential", CONFIDENTIAL_A_WRITE_GET),
        ("get", "a_public", PUBLIC_A_WRITE_GET),
    ],
    "plans:change_status": [
        (
            "post",
            "a_confidential",
            CONFIDENTIAL_A_STATUS_POST,
            lambda world: {"to": "consultation", "version": world.plans["a_confidential"].version},
        )
    ],
    "accounts:login": [
        ("get", None, expect(200, **{p: 302 for p in ALL_PERSONAS if p != "anonymous"}))
    ],
    "accounts:logout": [("post", None, expect(302))],
    "accounts:password_change": [("get", None, LOGGED_IN_GET)],
    "set_language": [("post", None, expect(302), {"language": "ar", "next": "/en/"})],
    # The admin's own views check is_staff and model permissions; its index stands for them.
    "admin:*": [("get", "admin:index", ADMIN_INDEX)],
}


# Each feature adds its URLs' policies in a module of its own, `policy_<feature>.py` beside this
# file, with a POLICY dict in the same shape; they are merged here.
for _module in sorted(Path(__file__).parent.glob("policy_*.py")):
    POLICY.update(importlib.import_module(f"pveplan.plans.tests.{_module.stem}").POLICY)


def _names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield (
                f"{namespace}{entry.name}"
                if entry.name
                else f"{namespace}<unnamed {entry.pattern}>"
            )


def _policy_for(name: str) -> str | None:
    if name in POLICY:
        return name
    prefix = name.split(":")[0] + ":*"
    return prefix if prefix in POLICY else None


def test_every_url_pattern_has_a_policy() -> None:
    names = set(_names(get_resolver().url_patterns))
    missing = sorted(n for n in names if _policy_for(n) is None)
    assert not missing, f"URL patterns without a policy entry: {missing}"


@pytest.fixture(scope="module", autouse=True)
def _audit_coverage_summary() -> Iterator[None]:
    yield
    if COVERAGE["mutating"] or COVERAGE["denials"]:
        print(
            "\naudit coverage: "
            f"{COVERAGE['mutating_audited']}/{COVERAGE['mutating']} mutating requests, "
            f"{COVERAGE['denials_audited']}/{COVERAGE['denials']} denials"
        )


def _cases() -> Iterator[Any]:
    for name, entries in POLICY.items():
        for index, (method, target, table, *data) in enumerate(entries):
            for persona in ALL_PERSONAS:
                label = target if isinstance(target, str | None) else index
                yield pytest.param(
                    name,
                    method,
                    target,
                    data[0] if data else None,
                    persona,
                    table[persona],
                    id=f"{name}-{label}-{persona}",
                )


@pytest.mark.parametrize(("name", "method", "target", "body", "persona", "status"), list(_cases()))
def test_persona_gets_the_expected_answer(
    world: World, name: str, method: str, target: Any, body: Any, persona: str, status: int
) -> None:
    with translation.override("en"):
        if name == "admin:*":
            url = reverse(str(target))
        elif callable(target):
            url = reverse(name, kwargs=target(world))
        elif target is not None:
            url = reverse(name, kwargs={"pk": world.plans[target].pk})
        else:
            url = reverse(name)
    client = world.client(persona)
    data = body(world) if callable(body) else (body or {})
    since = last_audit_sequence()
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    assert response.status_code == status, f"{persona} {method.upper()} {url}"
    # Every case is also an audit-completeness case (issue 6): each unsafe request leaves an
    # event, and each refusal a "denied" one (pveplan/core/tests/test_audit_completeness.py).
    check_audited(name, method, url, persona, response.status_code, since)
    if (
        status == 302
        and persona == "anonymous"
        and name not in ("set_language", "accounts:logout", "admin:*")
    ):
        assert "/accounts/login/" in response["Location"]


def _admin_pages() -> list[str]:
    """Every admin page that takes no argument: the index, each list and each add form."""
    resolver = get_resolver()
    return sorted(
        n
        for n in _names(resolver.url_patterns)
        if n.startswith("admin:") and (n.endswith(("_changelist", "_add")) or n == "admin:index")
    )


@pytest.mark.parametrize("persona", ["anonymous", "a_focal", "unoct", "donor"])
def test_every_admin_page_sends_non_staff_to_the_admin_login(world: World, persona: str) -> None:
    client = world.client(persona)
    with translation.override("en"):
        urls = [reverse(name) for name in _admin_pages()]
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_the_administrator_can_open_every_admin_list_and_add_form(world: World) -> None:
    client = world.client("admin")
    with translation.override("en"):
        pages = {name: reverse(name) for name in _admin_pages()}
    for name, url in pages.items():
        status = client.get(url).status_code
        # Plans, the audit log and task results are read-only in the admin: no add form.
        read_only = (
            "admin:plans_plan_add",
            "admin:core_auditevent_add",
            "admin:django_tasks_database_dbtaskresult_add",
            "admin:notifications_notification_add",
        )
        expected = 403 if name in read_only else 200
        assert status == expected, url
