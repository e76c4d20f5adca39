"""The instrument and link actions: audited, versioned, validated, scoped."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pveplan.accounts.models import Organization
from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent
from pveplan.instruments import actions
from pveplan.instruments.models import LegalInstrument, NodeInstrumentLink
from pveplan.instruments.tests.helpers import (
    instrument_input,
    make_instrument,
    make_link,
    make_node,
    pdf_upload,
)
from pveplan.plans import actions as plan_actions
from pveplan.plans.models import Plan
from pveplan.testing import World, org, plan_input

pytestmark = pytest.mark.django_db


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# -- instruments ---------------------------------------------------------------------------------


def test_creating_an_instrument_stores_it_and_writes_one_audit_event(world: World) -> None:
    instrument = actions.instrument_create(
        owner=org("jor"),
        by=world.users["a_editor"],
        data=instrument_input(reference_number="Law No. 55"),
    )
    assert instrument.owner.code == "jor"
    assert instrument.title["ar"] == {"text": "قانون منع الإرهاب", "provenance": "original"}
    assert instrument.title["en"]["provenance"] == "translated"
    assert "prevention of terrorism law" in instrument.search_text
    assert "law no. 55" in instrument.search_text
    [event] = events("instrument.create")
    assert event.actor == world.users["a_editor"]
    assert event.object_id == str(instrument.pk)
    assert event.after["reference_number"] == "Law No. 55"
    assert event.on_behalf_of.startswith("jor")


def test_a_viewer_cannot_add_and_the_refusal_is_audited(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.instrument_create(
            owner=org("jor"), by=world.users["a_viewer"], data=instrument_input()
        )
    assert not LegalInstrument.objects.exists()
    [event] = events("instrument.create")
    assert event.outcome == "denied"


def test_an_editor_of_another_country_cannot_add_to_this_registry(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.instrument_create(
            owner=org("jor"), by=world.users["b_editor"], data=instrument_input()
        )


def test_only_member_states_and_regional_organizations_hold_registries(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        actions.instrument_create(
            owner=org("undp"), by=world.users["admin"], data=instrument_input()
        )
    assert "owner" in error.value.message_dict


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "ftp://example.org/law.pdf", "file:///etc/passwd", "example.org/law"],
)
def test_a_link_must_be_a_web_address(world: World, link: str) -> None:
    with pytest.raises(ValidationError) as error:
        make_instrument(world, link=link)
    assert error.value.message_dict["link"] == [
        "Give a web address starting with http:// or https://."
    ]
    assert not LegalInstrument.objects.exists()


def test_a_link_keeps_its_address_with_the_scheme_in_lower_case(world: World) -> None:
    instrument = make_instrument(world, link="  HTTPS://Gazette.example.jo/Law-55  ")
    assert instrument.link == "https://Gazette.example.jo/Law-55"


def test_the_title_is_needed_in_the_language_of_the_original(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        make_instrument(world, titles={"en": "Only English"}, original_language="ar")
    assert "title_ar" in error.value.message_dict


def test_the_date_adopted_cannot_be_in_the_future(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        make_instrument(world, date_adopted=datetime.date.today() + datetime.timedelta(days=3))
    assert "date_adopted" in error.value.message_dict


def test_a_reference_number_is_unique_per_registry_and_type(world: World) -> None:
    make_instrument(world, reference_number="55")
    with pytest.raises(ValidationError) as error:
        make_instrument(world, reference_number="55")
    assert "reference_number" in error.value.message_dict
    make_instrument(world, reference_number="55", type="decree")  # another type: fine
    make_instrument(world, "lbn", reference_number="55")  # another registry: fine


def test_a_pdf_is_stored_under_a_safe_name(world: World, media_root: Path) -> None:
    instrument = make_instrument(world, file=pdf_upload("../../Loi n° 55 <2021>.pdf"))
    assert instrument.file_kind == "pdf"
    assert instrument.file_name == "Loi-n-55-2021.pdf"
    assert instrument.file.name.startswith(f"instruments/{instrument.owner_id}/")
    [stored] = stored_files(media_root)
    assert stored.name == "Loi-n-55-2021.pdf"
    assert stored.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("law.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),  # a program
        ("law.pdf", b"This is plain text pretending to be a PDF."),
    ],
)
def test_a_file_that_is_not_a_pdf_or_docx_is_refused_and_nothing_is_stored(
    world: World, media_root: Path, name: str, content: bytes
) -> None:
    with pytest.raises(ValidationError) as error:
        make_instrument(world, file=pdf_upload(name, content))
    assert "not an accepted type" in error.value.message_dict["file"][0]
    assert not LegalInstrument.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_over_20_mb_is_refused(world: World, media_root: Path) -> None:
    big = b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        make_instrument(world, file=pdf_upload("big.pdf", big))
    assert "the limit is 20" in error.value.message_dict["file"][0]
    assert stored_files(media_root) == []


def test_updating_changes_the_fields_bumps_the_version_and_audits_the_diff(world: World) -> None:
    instrument = make_instrument(world)
    updated = actions.instrument_update(
        instrument=instrument,
        by=world.users["a_editor"],
        data=instrument_input(status="amended", notes="Amended in 2021."),
        expected_version=instrument.version,
    )
    assert updated.status == "amended"
    assert updated.version == instrument.version + 1
    [event] = events("instrument.update")
    assert event.before == {"status": "in_force", "notes": ""}
    assert event.after == {"status": "amended", "notes": "Amended in 2021."}


def test_updating_a_stale_version_raises_a_conflict_and_changes_nothing(world: World) -> None:
    instrument = make_instrument(world)
    actions.instrument_update(
        instrument=instrument,
        by=world.users["a_editor"],
        data=instrument_input(status="amended"),
        expected_version=instrument.version,
    )
    with pytest.raises(ConflictError):
        actions.instrument_update(
            instrument=instrument,
            by=world.users["a_focal"],
            data=instrument_input(status="repealed"),
            expected_version=instrument.version,
        )
    assert LegalInstrument.objects.get(pk=instrument.pk).status == "amended"
    assert len(events("instrument.update")) == 1


def test_a_new_file_replaces_the_old_one_and_the_old_one_goes_after_commit(
    world: World, media_root: Path, django_capture_on_commit_callbacks
) -> None:
    instrument = make_instrument(world, file=pdf_upload("first.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        updated = actions.instrument_update(
            instrument=instrument,
            by=world.users["admin"],
            data=instrument_input(file=pdf_upload("second.pdf")),
            expected_version=instrument.version,
        )
    assert updated.file_name == "second.pdf"
    assert [p.name for p in stored_files(media_root)] == ["second.pdf"]


def test_removing_the_file(world: World, media_root: Path, django_capture_on_commit_callbacks):
    instrument = make_instrument(world, file=pdf_upload())
    with django_capture_on_commit_callbacks(execute=True):
        updated = actions.instrument_update(
            instrument=instrument,
            by=world.users["admin"],
            data=instrument_input(remove_file=True),
            expected_version=instrument.version,
        )
    assert not updated.file and updated.file_name == "" and updated.file_kind == ""
    assert stored_files(media_root) == []


def test_deleting_an_unlinked_instrument_removes_it_and_its_file(
    world: World, media_root: Path, django_capture_on_commit_callbacks
) -> None:
    instrument = make_instrument(world, file=pdf_upload())
    with django_capture_on_commit_callbacks(execute=True):
        actions.instrument_delete(
            instrument=instrument, by=world.users["a_editor"], expected_version=instrument.version
        )
    assert not LegalInstrument.objects.exists()
    assert stored_files(media_root) == []
    [event] = events("instrument.delete")
    assert event.before["title"]["ar"]["text"] == "قانون منع الإرهاب"


def test_deleting_a_linked_instrument_is_refused_with_a_message(world: World) -> None:
    instrument = make_instrument(world)
    make_link(world, make_node(world), instrument)
    make_link(world, make_node(world, text="Other"), instrument)
    with pytest.raises(ValidationError) as error:
        actions.instrument_delete(
            instrument=instrument, by=world.users["admin"], expected_version=instrument.version
        )
    assert error.value.messages == [
        "This instrument is linked to 2 plan items; unlink them there first."
    ]
    assert LegalInstrument.objects.filter(pk=instrument.pk).exists()
    assert events("instrument.delete") == []


# -- links ---------------------------------------------------------------------------------------


def test_linking_writes_the_link_and_one_audit_event(world: World) -> None:
    node, instrument = make_node(world), make_instrument(world)
    link = actions.node_instrument_link(
        node=node,
        instrument=instrument,
        by=world.users["a_editor"],
        harmonization="needs_amendment",
        note="  Article 12 must allow community dialogue.  ",
    )
    assert link.note == "Article 12 must allow community dialogue."
    assert link.must_change
    [event] = events("node_instrument.link")
    assert event.after == {
        "node_id": node.pk,
        "instrument_id": instrument.pk,
        "harmonization": "needs_amendment",
        "note": "Article 12 must allow community dialogue.",
    }


@pytest.mark.parametrize("harmonization", ["needs_amendment", "conflicts"])
def test_a_note_is_required_when_not_aligned(world: World, harmonization: str) -> None:
    with pytest.raises(ValidationError) as error:
        make_link(world, make_node(world), make_instrument(world), harmonization, note="   ")
    assert error.value.message_dict == {"note": ["Say why the plan must change this instrument."]}
    assert not NodeInstrumentLink.objects.exists()


def test_an_aligned_link_needs_no_note(world: World) -> None:
    link = make_link(world, make_node(world), make_instrument(world), "aligned")
    assert link.note == "" and not link.must_change


def test_an_unknown_harmonization_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        make_link(world, make_node(world), make_instrument(world), "maybe", note="x")
    assert "harmonization" in error.value.message_dict


def test_an_instrument_of_another_country_cannot_be_linked(world: World) -> None:
    lebanese = make_instrument(world, "lbn")
    with pytest.raises(ValidationError) as error:
        make_link(world, make_node(world), lebanese)
    assert "plan's own country" in error.value.message_dict["instrument"][0]
    assert not NodeInstrumentLink.objects.exists()


def test_the_same_instrument_cannot_be_linked_twice_to_an_item(world: World) -> None:
    node, instrument = make_node(world), make_instrument(world)
    make_link(world, node, instrument)
    with pytest.raises(ValidationError) as error:
        make_link(world, node, instrument, "conflicts", note="x")
    assert "already linked" in error.value.message_dict["instrument"][0]


def test_a_viewer_cannot_link(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.node_instrument_link(
            node=make_node(world),
            instrument=make_instrument(world),
            by=world.users["a_viewer"],
            harmonization="aligned",
        )
    assert events("node_instrument.link")[0].outcome == "denied"


def _regional_plan(world: World, owner: str = "las") -> Plan:
    return plan_actions.plan_create(
        by=world.users["admin"],
        data=plan_input(
            org(owner),
            scope="regional",
            original_language="en",
            titles={"en": "Arab regional plan"},
        ),
    )


def test_a_regional_plan_links_its_organization_and_its_member_states_only(world: World) -> None:
    plan = _regional_plan(world)
    world.plans["regional"] = plan
    node = make_node(world, "regional")
    own = make_instrument(world, "las", titles={"en": "LAS convention"}, original_language="en")
    member = make_instrument(world, "jor")  # Jordan is a member of the League of Arab States
    make_link(world, node, own)
    make_link(world, node, member)
    outsider = make_instrument(world, "nor")  # Norway is not
    with pytest.raises(ValidationError):
        make_link(world, node, outsider)
    other_region = make_instrument(world, Organization.objects.get(code="asean"))
    with pytest.raises(ValidationError):
        make_link(world, node, other_region)
    assert NodeInstrumentLink.objects.filter(node=node).count() == 2


def test_a_national_plan_cannot_link_its_regional_organizations_instrument(world: World) -> None:
    regional = make_instrument(world, "las")
    with pytest.raises(ValidationError):
        make_link(world, make_node(world), regional)


def test_updating_a_link_is_versioned_and_audited(world: World) -> None:
    link = make_link(world, make_node(world), make_instrument(world))
    updated = actions.node_instrument_update(
        link=link,
        by=world.users["a_editor"],
        harmonization="conflicts",
        note="Conflicts with article 3.",
        expected_version=link.version,
    )
    assert updated.version == link.version + 1
    [event] = events("node_instrument.update")
    assert event.before == {"harmonization": "aligned", "note": ""}
    assert event.after == {"harmonization": "conflicts", "note": "Conflicts with article 3."}
    with pytest.raises(ConflictError):
        actions.node_instrument_update(
            link=link,
            by=world.users["a_editor"],
            harmonization="aligned",
            note="",
            expected_version=link.version,
        )
    with pytest.raises(ValidationError):
        actions.node_instrument_update(
            link=updated,
            by=world.users["a_editor"],
            harmonization="needs_amendment",
            note="",
            expected_version=updated.version,
        )


def test_unlinking_removes_the_link_and_is_audited(world: World) -> None:
    link = make_link(world, make_node(world), make_instrument(world))
    with pytest.raises(ConflictError):
        actions.node_instrument_unlink(
            link=link, by=world.users["a_editor"], expected_version=link.version + 1
        )
    actions.node_instrument_unlink(
        link=link, by=world.users["a_editor"], expected_version=link.version
    )
    assert not NodeInstrumentLink.objects.exists()
    [event] = events("node_instrument.unlink")
    assert event.before["instrument_id"] == link.instrument_id


def test_an_editor_of_another_country_cannot_unlink(world: World) -> None:
    link = make_link(world, make_node(world), make_instrument(world))
    with pytest.raises(PermissionDenied):
        actions.node_instrument_unlink(
            link=link, by=world.users["b_editor"], expected_version=link.version
        )
    assert NodeInstrumentLink.objects.exists()
