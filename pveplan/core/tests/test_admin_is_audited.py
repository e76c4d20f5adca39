from __future__ import annotations

import pytest

from pveplan.accounts.models import Organization
from pveplan.core import audit
from pveplan.core.models import AuditEvent
from pveplan.taxonomy.models import Country
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def test_adding_an_organization_in_the_admin_is_audited(world: World) -> None:
    client = world.client("admin")
    response = client.post(
        "/en/admin/accounts/organization/add/",
        {
            "kind": "government_body",
            "code": "jor-moe",
            "country": Country.objects.get(code="JOR").pk,
            "name_en": "Ministry of Education",
            "name_ar": "وزارة التربية والتعليم",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organization = Organization.objects.get(code="jor-moe")
    event = AuditEvent.objects.get(action="admin.add", object_id=str(organization.pk))
    assert event.actor == world.users["admin"] and event.after["name_en"] == "Ministry of Education"


def test_changing_an_organization_in_the_admin_records_before_and_after(world: World) -> None:
    organization = Organization.objects.create(
        kind="government_body",
        code="jor-mosd",
        country=Country.objects.get(code="JOR"),
        name_en="Social Development",
    )
    client = world.client("admin")
    response = client.post(
        f"/en/admin/accounts/organization/{organization.pk}/change/",
        {
            "kind": "government_body",
            "code": "jor-mosd",
            "country": organization.country_id,
            "name_en": "Ministry of Social Development",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.change", object_id=str(organization.pk))
    assert event.before == {"name_en": "Social Development"}
    assert event.after == {"name_en": "Ministry of Social Development"}
    assert audit.verify()[1] is None


def test_the_admin_refuses_an_organization_the_database_would_refuse(world: World) -> None:
    before = Organization.objects.count()
    response = world.client("admin").post(
        "/en/admin/accounts/organization/add/", {"kind": "member_state", "code": "nowhere"}
    )
    assert response.status_code == 200 and "needs this field" in response.content.decode()
    assert Organization.objects.count() == before


def test_the_audit_log_cannot_be_edited_in_the_admin(world: World) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    client = world.client("admin")
    assert client.get(f"/en/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    assert (
        client.post(f"/en/admin/core/auditevent/{event.pk}/change/", {"action": "x"}).status_code
        == 403
    )


def test_passwords_never_reach_the_audit_log(world: World) -> None:
    client = world.client("admin")
    user = world.users["outsider"]
    response = client.post(
        f"/en/admin/accounts/user/{user.pk}/password/",
        {
            "password1": "another-long-password-7",
            "password2": "another-long-password-7",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action="admin.change_password", object_id=str(user.pk)
    ).exists()
    for event in AuditEvent.objects.all():
        assert "pbkdf2" not in str(event.before) + str(event.after)
