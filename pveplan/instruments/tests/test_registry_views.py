"""The registry pages: the list and its filters, the add and edit forms with uploads, deletion,
and files served only through the access check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pveplan.accounts import actions as account_actions
from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.core.models import AuditEvent
from pveplan.instruments.models import LegalInstrument
from pveplan.instruments.tests.helpers import (
    PDF,
    make_instrument,
    make_link,
    make_node,
    pdf_upload,
)
from pveplan.plans import actions as plan_actions
from pveplan.taxonomy.models import Country
from pveplan.testing import World, plan_input

pytestmark = pytest.mark.django_db


def registry_url(world: World, plan: str = "a_confidential", lang: str = "en") -> str:
    return f"/{lang}/plans/{world.plans[plan].pk}/instruments/"


def files_in(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def form_data(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "original_language": "ar",
        "title_ar": "الاستراتيجية الوطنية للشباب",
        "title_en": "National youth strategy",
        "type": "strategy",
        "status": "in_force",
        "reference_number": "S-2019-4",
        "date_adopted": "2019-03-01",
        "link": "https://example.org/youth",
        "notes": "Adopted by the Council of Ministers.",
    }
    values.update(overrides)
    return values


# -- the list -----------------------------------------------------------------------------------


def test_the_registry_lists_the_countrys_instruments_with_their_facts(world: World) -> None:
    law = make_instrument(world, reference_number="Law No. 55", file=pdf_upload())
    make_link(world, make_node(world), law)
    make_instrument(world, "lbn", titles={"en": "Lebanese decree"}, original_language="en")
    response = world.client("a_viewer").get(registry_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Prevention of Terrorism Law" in html
    assert "Law No. 55" in html
    assert 'href="https://example.org/gazette/55"' in html
    assert f'href="/en/instruments/{law.pk}/file/"' in html
    assert "Lebanese decree" not in html
    assert "1 instrument" in html
    # A viewer reads, but is offered no way to write.
    assert "Add an instrument" not in html and "/edit/" not in html


def test_an_editor_is_offered_the_add_and_edit_forms(world: World) -> None:
    law = make_instrument(world)
    html = world.client("a_editor").get(registry_url(world)).content.decode()
    plan = world.plans["a_confidential"]
    assert f'href="/en/plans/{plan.pk}/instruments/add/"' in html
    assert f'href="/en/plans/{plan.pk}/instruments/{law.pk}/edit/"' in html


def test_the_registry_filters_by_type_and_status_and_searches_titles(world: World) -> None:
    make_instrument(world, titles={"ar": "قانون الجمعيات", "en": "Associations law"})
    make_instrument(
        world,
        titles={"ar": "استراتيجية الشباب", "en": "Youth strategy"},
        type="strategy",
        status="draft",
    )
    client = world.client("a_editor")

    def titles(**query: str) -> str:
        return client.get(registry_url(world), query).content.decode()

    by_type = titles(type="strategy")
    assert "Youth strategy" in by_type and "Associations law" not in by_type
    by_status = titles(status="in_force")
    assert "Associations law" in by_status and "Youth strategy" not in by_status
    searched = titles(q="YOUTH")
    assert "Youth strategy" in searched and "Associations law" not in searched
    # Titles are searched in every language, whatever the page's.
    assert "Associations law" in titles(q="الجمعيات")
    assert "No instrument matches these filters." in titles(q="nothing like this")


def test_an_htmx_filter_answers_only_the_results(world: World) -> None:
    make_instrument(world)
    response = world.client("a_editor").get(
        registry_url(world), {"type": "law"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Prevention of Terrorism Law" in html


def test_the_registry_of_a_ministrys_plan_is_its_countrys(world: World) -> None:
    ministry = account_actions.organization_create(
        by=None,
        organization=Organization(
            kind=OrganizationKind.GOVERNMENT_BODY,
            code="jor-interior",
            country=Country.objects.get(code="JOR"),
            name_en="Ministry of Interior",
        ),
    )
    world.plans["ministry"] = plan_actions.plan_create(
        by=world.users["admin"], data=plan_input(ministry)
    )
    make_instrument(world)
    html = world.client("a_viewer").get(registry_url(world, "ministry")).content.decode()
    assert "Prevention of Terrorism Law" in html
    assert "Registry of instruments: Jordan" in html


def test_the_registry_takes_the_same_number_of_queries_for_3_or_30_instruments(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = world.client("a_editor")
    node = make_node(world)
    for n in range(3):
        make_link(world, node, make_instrument(world, reference_number=f"A-{n}", file=pdf_upload()))
    client.get(registry_url(world))  # warm the session and caches
    with django_assert_max_num_queries(8) as few:
        assert client.get(registry_url(world)).status_code == 200
    for n in range(27):
        make_instrument(world, reference_number=f"B-{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(registry_url(world)).content.decode()
    assert "30 instruments" in html


# -- adding and editing --------------------------------------------------------------------------


def test_adding_an_instrument_with_a_pdf(world: World, media_root: Path) -> None:
    data = form_data(file=pdf_upload("Youth strategy.pdf"))
    response = world.client("a_editor").post(f"{registry_url(world)}add/", data)
    assert response.status_code == 302
    assert response["Location"] == registry_url(world)
    instrument = LegalInstrument.objects.get()
    assert instrument.owner.code == "jor"
    assert instrument.file_name == "Youth-strategy.pdf"
    assert instrument.file_kind == "pdf"
    assert [p.read_bytes() for p in files_in(media_root)] == [PDF]
    assert AuditEvent.objects.filter(action="instrument.create").count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("strategy.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"),
        ("strategy.pdf", b"Just some text, renamed to look like a PDF."),
        ("strategy.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ],
)
def test_a_file_that_is_not_a_document_is_refused_with_a_message_and_nothing_stored(
    world: World, media_root: Path, name: str, content: bytes
) -> None:
    data = form_data(file=pdf_upload(name, content))
    response = world.client("a_editor").post(f"{registry_url(world)}add/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This file&#x27;s content is not an accepted type." in html
    assert "Please correct the errors below. Nothing was saved." in html
    assert not LegalInstrument.objects.exists()
    assert files_in(media_root) == []


def test_a_link_that_is_not_http_is_refused_in_the_form(world: World) -> None:
    data = form_data(link="javascript:alert(1)")
    response = world.client("a_editor").post(f"{registry_url(world)}add/", data)
    assert "Give a web address starting with http:// or https://." in response.content.decode()
    assert not LegalInstrument.objects.exists()


def test_editing_an_instrument(world: World) -> None:
    law = make_instrument(world)
    url = f"{registry_url(world)}{law.pk}/edit/"
    client = world.client("a_editor")
    page = client.get(url).content.decode()
    assert 'value="قانون منع الإرهاب"' in page
    assert f'name="version" value="{law.version}"' in page
    response = client.post(url, form_data(status="amended", version=law.version))
    assert response.status_code == 302
    law.refresh_from_db()
    assert law.status == "amended"
    assert law.title["en"]["text"] == "National youth strategy"


def test_editing_a_changed_instrument_tells_and_saves_nothing(world: World) -> None:
    law = make_instrument(world)
    url = f"{registry_url(world)}{law.pk}/edit/"
    client = world.client("a_editor")
    client.post(url, form_data(status="amended", version=law.version))
    response = client.post(url, form_data(status="repealed", version=law.version), follow=True)
    assert "Someone else changed this instrument while you were editing." in (
        response.content.decode()
    )
    law.refresh_from_db()
    assert law.status == "amended"


# -- deleting ------------------------------------------------------------------------------------


def test_deleting_a_linked_instrument_is_refused_and_the_page_says_why(world: World) -> None:
    law = make_instrument(world)
    node = make_node(world, text="P1 Prevention")
    make_link(world, node, law)
    url = f"{registry_url(world)}{law.pk}/delete/"
    client = world.client("a_editor")
    page = client.get(url).content.decode()
    assert "cannot be deleted" in page and "P1 Prevention" in page
    response = client.post(url, {"version": law.version}, follow=True)
    assert "This instrument is linked to 1 plan item; unlink it there first." in (
        response.content.decode()
    )
    assert LegalInstrument.objects.filter(pk=law.pk).exists()


def test_deleting_an_unlinked_instrument(world: World) -> None:
    law = make_instrument(world)
    response = world.client("a_editor").post(
        f"{registry_url(world)}{law.pk}/delete/", {"version": law.version}, follow=True
    )
    assert "The instrument was deleted." in response.content.decode()
    assert not LegalInstrument.objects.exists()


# -- files ---------------------------------------------------------------------------------------


def test_the_file_downloads_as_an_attachment_for_the_countrys_team(world: World) -> None:
    law = make_instrument(world, file=pdf_upload("law.pdf"))
    response = world.client("a_viewer").get(f"/en/instruments/{law.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="law.pdf"'
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("b_editor", 404), ("donor", 404), ("outsider", 404), ("anonymous", 302)],
)
def test_the_file_is_refused_outside_the_countrys_team(
    world: World, persona: str, status: int
) -> None:
    law = make_instrument(world, file=pdf_upload())
    response = world.client(persona).get(f"/en/instruments/{law.pk}/file/")
    assert response.status_code == status
    assert PDF not in response.content


def test_the_file_is_not_reachable_at_a_media_address(world: World) -> None:
    law = make_instrument(world, file=pdf_upload())
    for url in (f"/media/{law.file.name}", f"/{law.file.name}", f"/en/media/{law.file.name}"):
        response = world.client("a_editor").get(url)
        assert response.status_code == 404, url


def test_an_instrument_without_a_file_has_no_download(world: World) -> None:
    law = make_instrument(world)
    assert world.client("a_editor").get(f"/en/instruments/{law.pk}/file/").status_code == 404
