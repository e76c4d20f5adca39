"""The capability catalogue: saving through the action, the editor and the catalogue page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent, AuditOutcome
from pveplan.providers import actions
from pveplan.providers.models import Capability
from pveplan.providers.tests.factories import assigned, capability
from pveplan.support.models import Modality, RequestStatus
from pveplan.taxonomy.models import PriorityArea
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


def test_saving_a_capability_is_audited_with_its_links(world: World) -> None:
    made = capability(
        "undp",
        levels={4: 3},
        modalities=(Modality.TRAINING,),
        countries=("JOR",),
        languages=("fr", "ar"),
        groups=("WG-PVE",),
        by=world.users["un_staff"],
    )
    assert made.languages == ["ar", "fr"]  # in the UN's order
    event = AuditEvent.objects.get(action="capability.create")
    assert event.actor == world.users["un_staff"] and event.on_behalf_of == "undp"
    assert event.after["levels"] == {"PA4": 3}
    assert event.after["countries"] == ["JOR"] and event.after["working_groups"] == ["WG-PVE"]
    areas = {a.number: a for a in PriorityArea.objects.all()}
    actions.capability_save(
        provider=org("undp"),
        year=2026,
        data=actions.CapabilityInput(levels={areas[4]: 2}, capacity=5),
        by=world.users["un_staff"],
        expected_version=made.version,
    )
    change = AuditEvent.objects.get(action="capability.update")
    assert change.before["levels"] == {"PA4": 3} and change.after["levels"] == {"PA4": 2}
    assert change.after["capacity"] == 5 and "year" not in change.after
    assert Capability.objects.get(pk=made.pk).version == made.version + 1


def test_a_stale_version_is_a_conflict(world: World) -> None:
    made = capability("undp")
    data = actions.CapabilityInput(capacity=2)
    with pytest.raises(ConflictError):
        actions.capability_save(
            provider=org("undp"),
            year=2026,
            data=data,
            by=world.users["admin"],
            expected_version=None,  # someone else created it meanwhile
        )
    with pytest.raises(ConflictError):
        actions.capability_save(
            provider=org("undp"),
            year=2026,
            data=data,
            by=world.users["admin"],
            expected_version=made.version + 1,
        )


def test_staff_of_another_provider_are_refused_and_it_is_audited(world: World) -> None:
    with pytest.raises(PermissionDenied):
        capability("unesco", by=world.users["un_staff"])
    assert AuditEvent.objects.filter(
        action="capability.save", outcome=AuditOutcome.DENIED, actor=world.users["un_staff"]
    ).exists()
    with pytest.raises(PermissionDenied):
        capability("jor", by=world.users["a_focal"])
    assert not Capability.objects.exists()


def test_unknown_modalities_languages_and_providers_are_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        capability("undp", modalities=("magic",), languages=("de",))
    assert set(error.value.message_dict) == {"modalities", "languages"}
    with pytest.raises(PermissionDenied):
        capability("jor")  # a Member State offers no support, whoever asks


def _post(level: str = "3", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "capacity": "4",
        "modalities": [Modality.TRAINING, Modality.RESEARCH],
        "languages": ["ar", "en"],
        "notes": "Our youth programme",
        "version": "",
        **{f"level_{n}": "0" for n in range(1, 8)},
    }
    data["level_4"] = level
    data.update(extra)
    return data


def test_un_staff_edit_their_own_entitys_capability(world: World) -> None:
    client = world.client("un_staff")
    with translation.override("en"):
        url = reverse("providers:capability_edit", kwargs={"pk": org("undp").pk, "year": 2026})
    form = client.get(url).content.decode()
    assert "What United Nations Development Programme can offer in 2026" in form
    # A new capability starts with the entity's Compact working groups checked.
    pve = org("undp").un_entity.working_groups.get(code="WG-PVE").pk
    assert re.search(rf'name="working_groups" value="{pve}"[^>]* checked', form)
    response = client.post(url, _post())
    assert response.status_code == 302 and "year=2026" in response["Location"]
    saved = Capability.objects.get(provider=org("undp"), year=2026)
    assert saved.capacity == 4 and saved.levels() == {4: 3}
    assert saved.modalities == [Modality.TRAINING, Modality.RESEARCH]
    assert saved.shown_notes.text == "Our youth programme"
    stale = client.post(url, _post(level="1"))  # the form still says "new"
    assert stale.status_code == 200 and "Someone else changed" in stale.content.decode()
    assert Capability.objects.get(pk=saved.pk).levels() == {4: 3}


def test_the_catalogue_shows_capabilities_in_constant_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    capability(
        "undp", levels={4: 3}, modalities=(Modality.TRAINING,), countries=("JOR", "LBN"), capacity=3
    )
    assigned("lbn", "undp", status=RequestStatus.IN_DELIVERY)
    client = world.client("un_staff")
    with translation.override("en"):
        url = reverse("providers:catalogue") + "?year=2026"
    body = client.get(url).content.decode()
    assert "United Nations Development Programme" in body
    assert "2 left of 3 (1 under way)" in body and "2 countries" in body
    assert reverse("providers:capability_edit", kwargs={"pk": org("undp").pk, "year": 2026}) in body
    for code in ("unesco", "unodc", "unicef", "un-women", "ilo", "iom"):
        capability(code, levels={4: 1, 5: 2}, countries=("JOR",), groups=("WG-PVE",))
    with django_assert_max_num_queries(16):
        body = client.get(url).content.decode()
    assert "International Organization for Migration" in body
