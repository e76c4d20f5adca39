"""The support pages through the Django client: list, form, request page and every step."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from pveplan.assessments import actions as assessment_actions
from pveplan.assessments.models import Need, NeedStatus
from pveplan.core.models import AuditEvent
from pveplan.support.models import Offer, OfferStatus, RequestStatus, SupportRequest
from pveplan.support.tests import helpers as h
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "requester": org("jor").pk,
        "title": "Legal review of the draft law",
        "description": "Check the definitions against human-rights standards.",
        "modality": "legal_review",
        "priority_areas": [h.area(2).pk],
        "languages": ["ar", "fr"],
        "start_date": "2027-02-01",
        "end_date": "2027-04-30",
        "urgency": "normal",
    }
    data.update(overrides)
    return data


def _page(client: Client, request: SupportRequest) -> str:
    return client.get(f"/en/support/{request.pk}/").content.decode()


def test_the_whole_workflow_runs_through_the_pages(world: World) -> None:
    editor, unoct, staff = world.client("a_editor"), world.client("unoct"), world.client("un_staff")
    response = editor.post("/en/support/new/", _form())
    request = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/support/{request.pk}/"
    assert request.languages == ["ar", "fr"] and request.requester == org("jor")

    response = unoct.post(
        f"/en/support/{request.pk}/triage/",
        {
            "version": 1,
            "decision": "open",
            "note": "Priority for 2027.",
            "shared_with_donors": "on",
        },
    )
    assert response.status_code == 302
    assert "Offer support" in _page(staff, request)

    response = staff.post(
        f"/en/support/{request.pk}/offer/",
        {"provider": org("undp").pk, "message": "A legal expert for three weeks."},
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    focal = world.client("a_focal")
    page = _page(focal, request)
    assert "A legal expert for three weeks." in page and "Assign to United Nations" in page

    response = focal.post(f"/en/support/offers/{offer.pk}/accept/", {"version": 2})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED

    assert (
        staff.post(f"/en/support/{request.pk}/delivery/start/", {"version": 3}).status_code == 302
    )
    response = staff.post(
        f"/en/support/{request.pk}/delivery/done/", {"version": 4, "note": "Review sent."}
    )
    assert response.status_code == 302
    page = _page(editor, request)
    assert "Close with your feedback" in page and "Review sent." in page

    response = editor.post(
        f"/en/support/{request.pk}/close/", {"version": 5, "rating": "5", "comment": "Excellent."}
    )
    assert response.status_code == 302
    page = _page(editor, request)
    assert "5/5" in page and "Excellent." in page
    for step in (
        "Request submitted",
        "Triaged by UNOCT: open for offers",
        "Offer from United Nations Development Programme",
        "Assigned to United Nations Development Programme",
        "Delivery started",
        "Support delivered",
        "Closed with the requester’s feedback",
    ):
        assert step in page


def test_a_request_without_an_area_is_refused_with_a_message(world: World) -> None:
    response = world.client("a_editor").post("/en/support/new/", _form(priority_areas=[]))
    assert response.status_code == 200
    assert "Choose at least one priority area of the Plan of Action." in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_request_without_a_country_is_refused_with_a_message(world: World) -> None:
    response = world.client("unoct").post("/en/support/new/", _form(requester=""))
    assert response.status_code == 200
    assert "Say which country or regional organization asks for support." in (
        response.content.decode()
    )
    assert not SupportRequest.objects.exists()


def test_a_country_team_asks_only_for_its_own_country(world: World) -> None:
    client = world.client("a_editor")
    page = client.get("/en/support/new/").content.decode()
    assert "Jordan" in page and "Lebanon" not in page
    # The requester is fixed for a one-country team: a posted other country is ignored.
    client.post("/en/support/new/", _form(requester=org("lbn").pk))
    assert SupportRequest.objects.get().requester == org("jor")


def test_a_request_starts_from_a_need(world: World) -> None:
    need = assessment_actions.need_create(
        by=world.users["a_editor"],
        data=assessment_actions.NeedInput(
            owner=org("jor"), title="Indicators for the plan", priority_areas=[h.area(6)]
        ),
    )
    client = world.client("a_focal")
    page = client.get(f"/en/support/new/?need={need.pk}").content.decode()
    assert 'value="Indicators for the plan"' in page and "starts from the need" in page
    response = client.post(
        f"/en/support/new/?need={need.pk}",
        _form(title="Indicators for the plan", priority_areas=[h.area(6).pk]),
    )
    assert response.status_code == 302
    assert SupportRequest.objects.get().need == need
    assert Need.objects.get(pk=need.pk).status == NeedStatus.REQUESTED
    # Another country's team cannot start from it.
    assert world.client("b_editor").get(f"/en/support/new/?need={need.pk}").status_code == 404


def test_a_stale_version_is_refused_with_a_message(world: World) -> None:
    request = h.submitted(world)
    client = world.client("a_editor")
    client.post(f"/en/support/{request.pk}/edit/", {**_form(title="First"), "version": 1})
    response = client.post(
        f"/en/support/{request.pk}/edit/", {**_form(title="Second"), "version": 1}, follow=True
    )
    assert "Someone else changed this request" in response.content.decode()
    assert SupportRequest.objects.get().title == "First"
    response = world.client("unoct").post(
        f"/en/support/{request.pk}/triage/", {"version": 1, "decision": "open"}, follow=True
    )
    assert "Someone else changed this request" in response.content.decode()


def test_declining_without_a_reason_shows_the_message(world: World) -> None:
    request = h.submitted(world)
    response = world.client("unoct").post(
        f"/en/support/{request.pk}/triage/", {"version": 1, "decision": "decline"}
    )
    assert response.status_code == 200
    assert "Say why the request is declined." in response.content.decode()


def test_possible_duplicates_are_shown_and_need_a_reason_to_assign(world: World) -> None:
    existing = h.assigned(world, title="Existing drafting support")
    request = h.opened(world, title="New drafting support", start_date=datetime.date(2027, 5, 1))
    offer = h.offered(world, request)
    client = world.client("unoct")
    page = _page(client, request)
    assert "Possible duplicates." in page and f"/en/support/{existing.pk}/" in page

    response = client.post(f"/en/support/offers/{offer.pk}/accept/", {"version": request.version})
    assert response.status_code == 200
    assert "This assignment may duplicate existing support." in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.PROPOSED

    response = client.post(
        f"/en/support/offers/{offer.pk}/accept/",
        {
            "version": request.version,
            "confirm_duplicates": "on",
            "duplicate_reason": "The first one ends in May.",
        },
    )
    assert response.status_code == 302
    assert "The first one ends in May." in _page(client, request)
    assert AuditEvent.objects.filter(
        action="support.offer.accept", rationale="The first one ends in May."
    ).exists()


def test_the_focal_point_sees_the_assign_button_and_the_editor_does_not(world: World) -> None:
    request = h.opened(world)
    h.offered(world, request)
    assert "Assign to" in _page(world.client("a_focal"), request)
    assert "Assign to" not in _page(world.client("a_editor"), request)


def test_a_provider_withdraws_its_offer_from_the_page(world: World) -> None:
    request = h.opened(world)
    offer = h.offered(world, request)
    client = world.client("un_staff")
    assert "Withdraw the offer" in _page(client, request)
    response = client.post(f"/en/support/offers/{offer.pk}/withdraw/", {"version": 1})
    assert response.status_code == 302
    assert Offer.objects.get().status == OfferStatus.WITHDRAWN


def test_a_refused_bare_step_says_why_at_the_top(world: World) -> None:
    request = h.assigned(world)
    client = world.client("un_staff")
    response = client.post(
        f"/en/support/{request.pk}/delivery/done/", {"version": request.version}, follow=True
    )
    assert "Only support in delivery can be marked delivered." in response.content.decode()
    response = client.post(
        f"/en/support/{request.pk}/delivery/start/", {"version": request.version}, follow=True
    )
    assert "Delivery has started." in response.content.decode()
    response = client.post(
        f"/en/support/{request.pk}/delivery/start/", {"version": request.version + 1}, follow=True
    )
    assert "Delivery starts once the request is assigned." in response.content.decode()


def test_the_list_counts_by_status_and_filters(world: World) -> None:
    h.submitted(world, title="Alpha", modality="training")
    h.opened(world, title="Beta", priority_areas=[h.area(1)], urgency="low")
    h.opened(world, title="Gamma")
    h.submitted(world, "lbn", title="Delta")
    client = world.client("unoct")
    page = client.get("/en/support/").content.decode()
    assert "4 requests" in page
    assert 'status=submitted" class="request-status-submitted">submitted <span class="count">2' in (
        page
    )
    assert 'status=open" class="request-status-open">open for offers <span class="count">2' in page

    def titles(query: str) -> set[str]:
        body = client.get(f"/en/support/?{query}").content.decode()
        return {t for t in ("Alpha", "Beta", "Gamma", "Delta") if f">{t}</a>" in body}

    assert titles("status=open") == {"Beta", "Gamma"}
    assert titles(f"country={org('lbn').country_id}") == {"Delta"}
    assert titles("modality=training") == {"Alpha"}
    assert titles(f"area={h.area(1).pk}") == {"Beta"}
    assert titles("urgency=low") == {"Beta"}
    # Counts follow the other filters, not the status filter itself.
    filtered = client.get(f"/en/support/?status=open&country={org('jor').country_id}")
    assert 'status=submitted" class="request-status-submitted">submitted <span class="count">1' in (
        filtered.content.decode()
    )


def test_the_list_answers_htmx_with_the_results_only(world: World) -> None:
    h.submitted(world, title="Alpha")
    response = world.client("a_editor").get("/en/support/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert ">Alpha</a>" in body and "<html" not in body


def test_the_list_is_empty_for_outsiders(world: World) -> None:
    h.submitted(world, title="Alpha")
    body = world.client("outsider").get("/en/support/").content.decode()
    assert "No support request matches these filters." in body and "Alpha" not in body


def test_the_list_runs_in_a_constant_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = world.client("donor")
    h.opened(world, shared=True)
    with django_assert_max_num_queries(14) as few:
        client.get("/en/support/")
    for index in range(12):
        request = h.opened(world, shared=True, title=f"Request {index}")
        h.offered(world, request)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/en/support/").content.decode()
    assert "13 requests" in body


def test_the_request_page_runs_in_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    request = h.opened(world, shared=True)
    for provider in ("undp", "test-donor"):
        h.offered(world, request, provider)
    client = world.client("unoct")
    with django_assert_max_num_queries(20):
        page = client.get(f"/en/support/{request.pk}/").content.decode()
    assert "Assign to Test donor" in page


def test_those_who_decide_see_the_link_to_the_ranking_and_providers_do_not(world: World) -> None:
    request = h.opened(world)
    assert f"/en/providers/requests/{request.pk}/ranking/" in _page(
        world.client("a_focal"), request
    )
    assert "/ranking/" not in _page(world.client("un_staff"), request)
