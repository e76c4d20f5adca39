"""Shared test personas and plans.

Country A is Jordan, country B is Lebanon. Reference data (countries, organizations for every
Member State, UN entity...) comes from the data migrations, as in production.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from pveplan.accounts import actions as account_actions
from pveplan.accounts import twofactor
from pveplan.accounts.middleware import LAST_SEEN
from pveplan.accounts.models import Organization, OrganizationKind, User
from pveplan.accounts.permissions import forget_scope
from pveplan.core.permissions import Role
from pveplan.plans import actions as plan_actions
from pveplan.plans.models import Plan, Scope, Sensitivity, Status
from pveplan.taxonomy.models import Country, PriorityArea

PASSWORD = "test-password-9f8e7d"

# (persona, organization code, role); None: no membership.
PERSONAS: dict[str, tuple[str, str] | None] = {
    "outsider": None,
    "a_viewer": ("jor", Role.VIEWER),
    "a_editor": ("jor", Role.EDITOR),
    "a_focal": ("jor", Role.FOCAL_POINT),
    "b_editor": ("lbn", Role.EDITOR),
    "unoct": ("unoct", Role.UNOCT_OFFICER),
    "un_staff": ("undp", Role.UN_STAFF),
    "donor": ("test-donor", Role.DONOR),
    "admin": ("unoct", Role.PLATFORM_ADMIN),
}
ALL_PERSONAS = ["anonymous", *PERSONAS]


def org(code: str) -> Organization:
    return Organization.objects.with_labels().get(code=code)


def make_user(username: str, membership: tuple[str, str] | None = None, **extra: Any) -> User:
    user = account_actions.user_create(by=None, username=username, password=PASSWORD, **extra)
    if membership:
        account_actions.membership_add(
            by=None, user=user, organization=org(membership[0]), role=membership[1]
        )
    return user


@dataclass
class World:
    users: dict[str, User]
    plans: dict[str, Plan]

    def client(self, persona: str) -> Client:
        """A client logged in as `persona`, verified with their authenticator if they have one
        (as django_otp.login would mark the session), so pages answer as for a real login."""
        client = Client()
        if persona != "anonymous":
            user = self.users[persona]
            client.force_login(user)
            session = client.session
            device = twofactor.confirmed_totp_device(user)
            if device is not None:
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session[LAST_SEEN] = int(time.time())
            session.save()
        return client


def plan_input(owner: Organization, **overrides: Any) -> plan_actions.PlanInput:
    values: dict[str, Any] = {
        "scope": Scope.NATIONAL,
        "owner": owner,
        "original_language": "ar",
        "titles": {
            "ar": "الخطة الوطنية لمنع التطرف العنيف",
            "en": "National plan to prevent violent extremism",
        },
        "summaries": {"en": "A plan."},
        "sensitivity": Sensitivity.CONFIDENTIAL,
        "period_start": 2024,
        "period_end": 2028,
    }
    values.update(overrides)
    return plan_actions.PlanInput(**values)


@pytest.fixture
def world(db: Any) -> World:
    if not Organization.objects.filter(code="test-donor").exists():
        account_actions.organization_create(
            by=None,
            organization=Organization(
                kind=OrganizationKind.DONOR,
                code="test-donor",
                country=Country.objects.get(code="NOR"),
                name_en="Test donor",
                name_ar="جهة مانحة للاختبار",
            ),
        )
    users = {name: make_user(name, membership) for name, membership in PERSONAS.items()}
    users["admin"].is_superuser = True
    users["admin"].is_staff = True
    users["admin"].save()
    admin = users["admin"]
    # Those whose role requires two-factor have an authenticator with the demo secret.
    for user in users.values():
        if twofactor.role_requires_two_factor(user):
            account_actions.totp_device_install(user=user, key=twofactor.demo_key(), by=None)
        forget_scope(user)  # as before: tests compute scopes after their own changes
    jor, lbn = org("jor"), org("lbn")
    area = PriorityArea.objects.get(number=4)
    plans = {
        "a_confidential": plan_actions.plan_create(by=admin, data=plan_input(jor)),
        "a_partners": plan_actions.plan_create(
            by=admin, data=plan_input(jor, sensitivity=Sensitivity.PARTNERS, priority_areas=[area])
        ),
        "a_public": plan_actions.plan_create(
            by=admin,
            data=plan_input(
                jor,
                sensitivity=Sensitivity.PUBLIC,
                adoption_body="Council of Ministers",
                adoption_date=datetime.date(2019, 5, 1),
                period_start=2019,
                period_end=2023,
            ),
            status=Status.IMPLEMENTING,
        ),
        "b_confidential": plan_actions.plan_create(
            by=admin, data=plan_input(lbn, titles={"ar": "خطة لبنان", "en": "Lebanon plan"})
        ),
    }
    return World(users=users, plans=plans)
