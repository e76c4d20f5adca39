"""The consultation pages: what each persona sees, the forms, htmx in place, and constant
queries on the list pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from pveplan.consultations.models import (
    ConsultationEvent,
    ConsultationInput,
    ParticipantCount,
    Stakeholder,
)
from pveplan.consultations.tests import helpers as h
from pveplan.core.models import AuditEvent
from pveplan.plans import actions as plan_actions
from pveplan.testing import World

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
READERS = ["a_viewer", "un_staff", "donor"]  # read the partners plan, not on its team
TEAM = ["a_editor", "a_focal", "unoct"]


def url(name: str, pk: int) -> str:
    with translation.override("en"):
        return reverse(f"consultations:{name}", kwargs={"pk": pk})


def page(world: World, persona: str, name: str, pk: int) -> str:
    response = world.client(persona).get(url(name, pk))
    assert response.status_code == 200, (persona, name)
    return response.content.decode()


def _everything(world: World) -> dict[str, Any]:
    """A pseudonymous and a named stakeholder, an event with counts, a node and inputs."""
    secret = h.stakeholder(world, pseudonymous=True)
    named = h.stakeholder(world)
    event = h.event(world)
    h.set_counts(world, event, {("youth_org", "women", "18_29"): 6, ("cso", "men", "30_59"): 4})
    node = h.node(world, code="P4.A2", text="Youth councils")
    item = h.consultation_input(world, node=node, stakeholder=secret, event=event)
    h.respond(world, item, "partly", "Two pilot councils first.")
    h.consultation_input(world, text="Named remark", stakeholder=named, event=event)
    return {"secret": secret, "named": named, "event": event, "node": node, "item": item}


# -- who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_readers_outside_the_team_never_see_contacts_or_a_real_name(
    world: World, persona: str
) -> None:
    made = _everything(world)
    plan = h.plan(world)
    pages = [
        page(world, persona, "overview", plan.pk),
        page(world, persona, "stakeholders", plan.pk),
        page(world, persona, "inputs", plan.pk),
        page(world, persona, "annex", plan.pk),
        page(world, persona, "event_detail", made["event"].pk),
    ]
    for html in pages:
        for secret in (h.REAL_NAME, h.EMAIL, h.PHONE, h.ADDRESS):
            assert secret not in html, (persona, secret)
    registry, inputs = pages[1], pages[2]
    assert h.PSEUDONYM in registry and "Jordanian Women&#x27;s Union" in registry
    assert h.PSEUDONYM in inputs and "Two pilot councils first." in inputs
    assert "Edit" not in registry and "Respond" not in inputs


@pytest.mark.parametrize("persona", TEAM)
def test_the_team_sees_contacts_and_real_names_in_the_registry(world: World, persona: str) -> None:
    _everything(world)
    html = page(world, persona, "stakeholders", h.plan(world).pk)
    for detail in (h.REAL_NAME, h.EMAIL, h.PHONE, h.ADDRESS, h.PSEUDONYM):
        assert detail in html


def test_the_annex_page_hides_real_names_and_contacts_even_from_the_team(world: World) -> None:
    _everything(world)
    html = page(world, "a_editor", "annex", h.plan(world).pk)
    for secret in (h.REAL_NAME, h.EMAIL, h.PHONE, h.ADDRESS):
        assert secret not in html
    assert f"{h.PSEUDONYM} (women&#x27;s organization)" in html
    assert "P4.A2" in html and "Youth councils" in html
    assert "Two pilot councils first." in html and "partly accepted" in html


def test_the_team_sees_a_pseudonymous_real_name_beside_its_pseudonym_on_inputs(
    world: World,
) -> None:
    _everything(world)
    html = page(world, "a_editor", "inputs", h.plan(world).pk)
    assert f"{h.PSEUDONYM} — {h.REAL_NAME}" in html


def test_the_overview_shows_inclusion_figures_events_and_dispositions(world: World) -> None:
    _everything(world)
    html = page(world, "donor", "overview", h.plan(world).pk)
    assert '<strong class="total">10</strong>' in html
    assert "60.0 %" in html  # women: 6 of 10; youth too; civil society 10 of 10
    assert "100.0 %" in html
    assert "Youth dialogue" in html
    assert "?disposition=partly" in html
    assert "Record an event" not in html


def test_an_outsider_gets_404_for_an_event_of_a_confidential_plan(world: World) -> None:
    event = h.event(world, "a_confidential")
    assert world.client("outsider").get(url("event_detail", event.pk)).status_code == 404
    assert world.client("b_editor").get(url("event_detail", event.pk)).status_code == 404


# -- constant queries ---------------------------------------------------------------------------


def _many(world: World, n: int) -> tuple[ConsultationEvent, int]:
    secret = h.stakeholder(world, pseudonymous=True)
    nodes = [h.node(world, code=f"P{i}") for i in range(n)]
    events = [h.event(world, title=f"Event {i}") for i in range(n)]
    for index in range(n):
        h.set_counts(world, events[index], {("cso", "women", "18_29"): index + 1})
        h.stakeholder(world, name=f"Org {index}")
        item = h.consultation_input(world, node=nodes[index], event=events[0], stakeholder=secret)
        h.respond(world, item, "accepted", f"Because {index}")
    return events[0], n


@pytest.mark.parametrize("n", [2, 20])
@pytest.mark.parametrize("persona", ["a_editor", "donor"])
@pytest.mark.parametrize(
    ("name", "most"),
    [("overview", 12), ("stakeholders", 10), ("inputs", 12), ("annex", 12), ("event_detail", 14)],
)
def test_list_pages_take_the_same_queries_however_big(
    world: World,
    django_assert_max_num_queries: Any,
    n: int,
    persona: str,
    name: str,
    most: int,
) -> None:
    first_event, _ = _many(world, n)
    pk = first_event.pk if name == "event_detail" else h.plan(world).pk
    client = world.client(persona)
    with django_assert_max_num_queries(most):
        response = client.get(url(name, pk))
    assert response.status_code == 200
    if name in ("inputs", "event_detail"):
        assert response.content.decode().count('class="input-card') == n


# -- stakeholders -------------------------------------------------------------------------------


def test_an_editor_adds_a_pseudonymous_stakeholder(world: World) -> None:
    response = world.client("a_editor").post(
        url("stakeholder_add", h.plan(world).pk),
        {
            "type": "religious_leader",
            "name": "Sheikh Real",
            "is_pseudonymous": "on",
            "pseudonym": "Imam K.",
            "email": "imam@example.org",
        },
    )
    created = Stakeholder.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#stakeholder-{created.pk}")
    assert created.public_label == "Imam K." and created.email == "imam@example.org"


def test_the_stakeholder_form_shows_the_actions_errors(world: World) -> None:
    response = world.client("a_editor").post(
        url("stakeholder_add", h.plan(world).pk), {"type": "cso", "name": ""}
    )
    assert response.status_code == 200
    assert "Give the name, or mark the stakeholder as pseudonymous." in response.content.decode()
    assert not Stakeholder.objects.exists()


def test_a_stale_stakeholder_edit_saves_nothing_and_says_so(world: World) -> None:
    created = h.stakeholder(world)
    client = world.client("a_editor")
    response = client.post(
        url("stakeholder_edit", created.pk),
        {"type": "cso", "name": "Renamed", "version": created.version - 1},
        follow=True,
    )
    assert "Someone else changed this" in response.content.decode()
    assert Stakeholder.objects.get().name == "Jordanian Women's Union"


def test_removing_a_stakeholder_asks_first_then_removes(world: World) -> None:
    created = h.stakeholder(world)
    client = world.client("a_focal")
    confirm = client.get(url("stakeholder_delete", created.pk)).content.decode()
    assert "no longer attributed" in confirm
    client.post(url("stakeholder_delete", created.pk), {"version": created.version})
    assert not Stakeholder.objects.exists()


# -- events and the participants grid -----------------------------------------------------------


def test_recording_an_event_leads_to_its_participants_grid(world: World) -> None:
    response = world.client("a_editor").post(
        url("event_add", h.plan(world).pk),
        {
            "original_language": "ar",
            "title_ar": "منتدى المرأة",
            "date": "2025-06-01",
            "format": "hybrid",
            "place": "Irbid",
        },
    )
    event = ConsultationEvent.objects.get()
    assert response["Location"].endswith(f"/plans/consultations/events/{event.pk}/#participants")
    assert event.shown_title.text == "منتدى المرأة"
    html = world.client("a_editor").get(response["Location"]).content.decode()
    assert 'name="n__womens_org__women__18_29"' in html
    assert html.count('type="number"') == 11 * 3 * 5


def test_readers_see_the_counts_but_not_the_grid_form(world: World) -> None:
    event = h.set_counts(world, h.event(world), {("media", "men", "60_plus"): 2})
    html = page(world, "donor", "event_detail", event.pk)
    assert 'type="number"' not in html
    assert "2 participants" in html and "media" in html


def test_the_grid_is_saved_from_the_form(world: World) -> None:
    event = h.event(world)
    response = world.client("a_editor").post(
        url("participants", event.pk),
        {"version": event.version, "n__cso__women__18_29": "5", "n__academia__other__30_59": ""},
    )
    assert response.status_code == 302
    assert list(
        ParticipantCount.objects.values_list("stakeholder_type", "sex", "age_group", "count")
    ) == [("cso", "women", "18_29", 5)]


def test_a_negative_count_in_the_form_saves_nothing(world: World) -> None:
    event = h.set_counts(world, h.event(world), {("cso", "men", "30_59"): 3})
    response = world.client("a_editor").post(
        url("participants", event.pk),
        {"version": event.version, "n__cso__men__30_59": "8", "n__media__women__18_29": "-4"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the grid. Nothing was saved." in html
    assert 'value="-4"' in html  # what the user typed stays, to be corrected
    assert list(ParticipantCount.objects.values_list("count", flat=True)) == [3]


def test_an_event_with_inputs_is_not_deleted_and_the_page_says_why(world: World) -> None:
    event = h.event(world)
    h.consultation_input(world, event=event)
    response = world.client("a_editor").post(
        url("event_delete", event.pk), {"version": event.version}, follow=True
    )
    assert "Inputs were recorded at this event" in response.content.decode()
    assert ConsultationEvent.objects.filter(pk=event.pk).exists()


# -- inputs and responses -----------------------------------------------------------------------


def test_the_input_form_offers_the_plans_nodes_with_code_and_text_in_tree_order(
    world: World,
) -> None:
    p2 = h.node(world, code="P2", text="Media")
    p1 = h.node(world, code="P1", text="Schools")
    plan_actions.node_move(
        node=p1, by=h.admin(world), parent=None, position=0, expected_version=p1.version
    )
    plan_actions.node_add(
        plan=h.plan(world),
        by=h.admin(world),
        parent=p1,
        data=plan_actions.NodeInput(texts={"en": "Teachers"}, code="P1.O1"),
    )
    h.node(world, "a_public", code="X9", text="Other plan")
    html = world.client("a_editor").get(url("input_add", h.plan(world).pk)).content.decode()
    assert html.index("P1 Schools") < html.index("P1.O1 Teachers") < html.index("P2 Media")
    assert "X9" not in html and p2.pk


def test_an_input_cannot_be_put_on_another_plans_node_through_the_form(world: World) -> None:
    other = h.node(world, "a_public", code="X9")
    response = world.client("a_editor").post(
        url("input_add", h.plan(world).pk),
        {"original_language": "en", "text_en": "Hello", "node": other.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ConsultationInput.objects.exists()


def test_an_input_is_recorded_from_the_event_page_link(world: World) -> None:
    event = h.event(world)
    client = world.client("a_editor")
    form = client.get(url("input_add", h.plan(world).pk) + f"?event={event.pk}").content.decode()
    assert f'<option value="{event.pk}" selected>' in form
    client.post(
        url("input_add", h.plan(world).pk),
        {"original_language": "en", "text_en": "Hello", "event": event.pk},
    )
    assert ConsultationInput.objects.get().event == event


def test_responding_in_place_with_htmx(world: World) -> None:
    item = h.consultation_input(world)
    client = world.client("a_editor")
    form = client.get(url("input_respond", item.pk), **HTMX).content.decode()
    assert "<html" not in form and f'id="input-{item.pk}"' in form
    assert 'hx-post="' in form
    missing = client.post(
        url("input_respond", item.pk),
        {"version": item.version, "disposition": "declined"},
        **HTMX,
    ).content.decode()
    assert "Give the reasons for the decision" in missing and "<html" not in missing
    card = client.post(
        url("input_respond", item.pk),
        {"version": item.version, "disposition": "declined", "response_en": "Out of scope."},
        **HTMX,
    ).content.decode()
    assert "<html" not in card and 'class="input-card disposition-declined"' in card
    assert "Out of scope." in card and "The response was saved." in card
    assert ConsultationInput.objects.get().disposition == "declined"
    assert AuditEvent.objects.filter(action="consultation_input.respond").count() == 1


def test_responding_without_javascript_goes_back_to_the_list(world: World) -> None:
    item = h.consultation_input(world)
    response = world.client("a_focal").post(
        url("input_respond", item.pk),
        {"version": item.version, "disposition": "accepted", "response_ar": "تمت الإضافة"},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#input-{item.pk}")


def test_a_stale_htmx_response_shows_the_input_as_it_is_now(world: World) -> None:
    item = h.consultation_input(world)
    h.respond(world, item, "accepted", "First answer")
    html = (
        world.client("a_editor")
        .post(
            url("input_respond", item.pk),
            {"version": item.version, "disposition": "declined", "response_en": "Second"},
            **HTMX,
        )
        .content.decode()
    )
    assert "Someone else changed this" in html and "First answer" in html
    assert ConsultationInput.objects.get().disposition == "accepted"


def test_the_inputs_list_filters_by_disposition(world: World) -> None:
    h.respond(world, h.consultation_input(world, text="Kept"), "accepted", "Yes")
    h.consultation_input(world, text="Waiting")
    html = (
        world.client("a_viewer")
        .get(url("inputs", h.plan(world).pk) + "?disposition=accepted")
        .content.decode()
    )
    assert "Kept" in html and "Waiting" not in html


def test_a_draft_response_is_shown_to_the_team_only(world: World) -> None:
    item = h.consultation_input(world)
    h.respond(world, item, "pending", "Draft thoughts")
    assert "Draft thoughts" in page(world, "a_editor", "inputs", h.plan(world).pk)
    assert "Draft thoughts" not in page(world, "a_viewer", "inputs", h.plan(world).pk)
