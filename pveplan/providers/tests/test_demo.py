"""The demo capabilities: added once, through the action, and the ranking printed for requests."""

from __future__ import annotations

import pytest

from pveplan.accounts import actions as account_actions
from pveplan.core.models import AuditEvent
from pveplan.core.permissions import Role
from pveplan.providers.demo import seed_demo
from pveplan.providers.models import Capability
from pveplan.providers.tests.factories import support_request
from pveplan.support.models import RequestStatus
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


def test_seeding_twice_adds_the_capabilities_once(world: World) -> None:
    assert seed_demo() == ["providers: no demo UNOCT officer; run `manage.py seed_demo` first"]
    officer = account_actions.user_create(by=None, username="unoct.officer", password="x-9f8e7d6c")
    account_actions.membership_add(
        by=None, user=officer, organization=org("unoct"), role=Role.UNOCT_OFFICER
    )
    account_actions.organization_create(
        by=None,
        organization=type(org("test-donor"))(
            kind="donor", code="norway-mfa", country=org("test-donor").country, name_en="Norway"
        ),
    )
    support_request("jor", title="Youth resilience", areas=(4,), status=RequestStatus.OPEN)
    first = seed_demo()
    assert first[0].startswith("providers: 5 capabilities added")
    assert first[1].startswith("  ranking for “Youth resilience”: unesco ")
    providers = set(Capability.objects.values_list("provider__code", flat=True))
    assert providers == {"undp", "unodc", "unesco", "un-women", "norway-mfa"}
    assert AuditEvent.objects.filter(action="capability.create", actor=officer).count() == 5
    second = seed_demo()
    assert second[0].startswith("providers: 0 capabilities added")
    assert Capability.objects.count() == 5
