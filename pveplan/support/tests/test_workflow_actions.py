"""The support workflow through its actions: each step, its refusals, its audit and notices."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pveplan.assessments import actions as assessment_actions
from pveplan.assessments.models import Need, NeedStatus
from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent, AuditOutcome
from pveplan.notifications.models import Kind, Notification
from pveplan.plans import actions as plan_actions
from pveplan.support import actions
from pveplan.support.models import Offer, OfferStatus, RequestStatus, SupportRequest
from pveplan.support.tests import helpers as h
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


def _events(request: SupportRequest) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_type="support.supportrequest",
            object_id=str(request.pk),
            outcome=AuditOutcome.ALLOWED,
        ).values_list("action", flat=True)
    )


def _notified(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def _need(world: World) -> Need:
    return assessment_actions.need_create(
        by=world.users["a_editor"],
        data=assessment_actions.NeedInput(
            owner=org("jor"), title="A costed plan", priority_areas=[h.area(6)]
        ),
    )


def test_the_whole_workflow_runs_from_a_need_to_feedback(world: World) -> None:
    need = _need(world)
    editor, unoct, focal = world.users["a_editor"], world.users["unoct"], world.users["a_focal"]
    request = actions.request_create(
        by=editor, data=h.request_input(need=need, priority_areas=[h.area(6)])
    )
    assert request.status == RequestStatus.SUBMITTED and request.need == need
    assert Need.objects.get(pk=need.pk).status == NeedStatus.REQUESTED

    request = actions.request_triage(
        request=request, by=unoct, expected_version=request.version, accept=True, note="Go."
    )
    assert request.status == RequestStatus.OPEN and request.triage_note == "Go."
    undp = h.offered(world, request, "undp")

    accepted = actions.offer_accept(offer=undp, by=focal, expected_version=request.version)
    request = accepted.request
    assert accepted.status == OfferStatus.ACCEPTED and request.status == RequestStatus.ASSIGNED

    provider = world.users["un_staff"]
    request = actions.delivery_start(request=request, by=provider, expected_version=request.version)
    assert request.status == RequestStatus.IN_DELIVERY and request.delivery_started_at
    request = actions.delivery_done(
        request=request, by=provider, expected_version=request.version, note="Plan costed."
    )
    assert request.status == RequestStatus.DELIVERED and request.delivery_note == "Plan costed."
    request = actions.request_close(
        request=request, by=editor, expected_version=request.version, rating=4, comment="Useful."
    )
    assert request.status == RequestStatus.CLOSED
    assert (request.feedback_rating, request.feedback_comment) == (4, "Useful.")
    assert Need.objects.get(pk=need.pk).status == NeedStatus.MET
    assert _events(request) == [
        "support.request.create",
        "support.request.triage",
        "support.offer.accept",
        "support.delivery.start",
        "support.delivery.done",
        "support.request.close",
    ]
    assert AuditEvent.objects.filter(
        action="support.offer.make", object_id=str(undp.pk), on_behalf_of="undp"
    ).exists()


def test_each_step_notifies_whom_it_concerns(world: World) -> None:
    request = h.submitted(world)
    # A new request goes to UNOCT (the triagers), not to providers.
    assert _notified(Kind.REQUEST_NEW) == {"unoct", "admin"}
    Notification.objects.all().delete()

    request = actions.request_triage(
        request=request,
        by=world.users["unoct"],
        expected_version=request.version,
        accept=True,
        shared_with_donors=True,
    )
    assert _notified(Kind.REQUEST_NEW) == {"un_staff", "donor"}
    # The requester's team hears of the status (the acting officer does not).
    assert _notified(Kind.REQUEST_STATUS) == {"a_editor", "a_focal", "admin"}
    Notification.objects.all().delete()

    offer = h.offered(world, request, "test-donor")
    assert _notified(Kind.OFFER_NEW) == {"a_editor", "a_focal", "unoct", "admin"}
    Notification.objects.all().delete()

    actions.offer_accept(offer=offer, by=world.users["a_focal"], expected_version=request.version)
    assert _notified(Kind.ASSIGNMENT) == {"donor", "a_editor", "unoct", "admin"}
    assigned = Notification.objects.filter(kind=Kind.ASSIGNMENT).first()
    assert assigned is not None and assigned.params["provider"] == "Test donor"
    assert assigned.url.endswith(f"/support/{request.pk}/")


def test_an_unshared_request_goes_to_un_staff_only(world: World) -> None:
    h.opened(world, shared=False)
    assert _notified(Kind.REQUEST_NEW) == {"unoct", "admin", "un_staff"}


def test_a_request_without_a_country_is_refused_with_a_message(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.request_create(by=world.users["a_editor"], data=h.request_input(requester=""))
    assert refused.value.message_dict["requester"] == [
        "Say which country or regional organization asks for support."
    ]
    assert not SupportRequest.objects.exists()


def test_a_request_without_a_priority_area_is_refused_with_a_message(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.request_create(by=world.users["a_editor"], data=h.request_input(priority_areas=[]))
    assert refused.value.message_dict["priority_areas"] == [
        "Choose at least one priority area of the Plan of Action."
    ]


def test_a_requester_must_be_a_member_state_or_regional_organization(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.request_create(by=world.users["admin"], data=h.request_input(requester="undp"))
    assert "requester" in refused.value.message_dict


def test_another_countrys_editor_cannot_ask_in_its_name_and_is_audited(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.request_create(by=world.users["b_editor"], data=h.request_input("jor"))
    assert AuditEvent.objects.filter(
        action="support.request.create", outcome=AuditOutcome.DENIED
    ).exists()


def test_plan_actions_must_belong_to_the_requesters_plans(world: World) -> None:
    node = plan_actions.node_add(
        plan=world.plans["b_confidential"],
        by=world.users["admin"],
        parent=None,
        data=plan_actions.NodeInput(texts={"en": "Pillar"}),
    )
    with pytest.raises(ValidationError) as refused:
        actions.request_create(by=world.users["admin"], data=h.request_input(plan_nodes=[node]))
    assert "plan_nodes" in refused.value.message_dict
    own = plan_actions.node_add(
        plan=world.plans["a_confidential"],
        by=world.users["admin"],
        parent=None,
        data=plan_actions.NodeInput(texts={"en": "Pillar"}),
    )
    request = actions.request_create(
        by=world.users["a_editor"], data=h.request_input(plan_nodes=[own])
    )
    assert list(request.plan_nodes.all()) == [own]


def test_a_stale_version_is_refused(world: World) -> None:
    request = h.submitted(world)
    actions.request_update(
        request=request,
        by=world.users["a_editor"],
        data=h.request_input(title="Renamed"),
        expected_version=request.version,
    )
    with pytest.raises(ConflictError):
        actions.request_triage(
            request=request, by=world.users["unoct"], expected_version=request.version, accept=True
        )
    assert SupportRequest.objects.get(pk=request.pk).status == RequestStatus.SUBMITTED


def test_a_request_cannot_change_after_triage(world: World) -> None:
    request = h.opened(world)
    with pytest.raises(ValidationError) as refused:
        actions.request_update(
            request=request,
            by=world.users["a_editor"],
            data=h.request_input(title="Renamed"),
            expected_version=request.version,
        )
    assert refused.value.message_dict["status"] == [
        "A request can be changed only until UNOCT triages it."
    ]


def test_only_unoct_triages_and_a_decline_needs_a_reason(world: World) -> None:
    request = h.submitted(world)
    with pytest.raises(PermissionDenied):
        actions.request_triage(
            request=request, by=world.users["a_focal"], expected_version=1, accept=True
        )
    with pytest.raises(ValidationError) as refused:
        actions.request_triage(
            request=request, by=world.users["unoct"], expected_version=1, accept=False
        )
    assert refused.value.message_dict["note"] == ["Say why the request is declined."]
    declined = actions.request_triage(
        request=request,
        by=world.users["unoct"],
        expected_version=1,
        accept=False,
        note="Already covered by the regional programme.",
    )
    assert declined.status == RequestStatus.DECLINED
    assert declined.declined_reason == "Already covered by the regional programme."


def test_declining_a_request_reopens_its_need(world: World) -> None:
    need = _need(world)
    request = actions.request_create(by=world.users["a_editor"], data=h.request_input(need=need))
    actions.request_triage(
        request=request, by=world.users["unoct"], expected_version=1, accept=False, note="No."
    )
    assert Need.objects.get(pk=need.pk).status == NeedStatus.OPEN


def test_offers_only_on_open_requests_and_one_live_offer_per_provider(world: World) -> None:
    request = h.submitted(world)
    with pytest.raises(PermissionDenied):  # un_staff does not see it before triage
        h.offered(world, request)
    request = h.opened(world)
    h.offered(world, request)
    with pytest.raises(ValidationError) as refused:
        h.offered(world, request)
    assert refused.value.message_dict["provider"] == [
        "This organization has already offered support here."
    ]


def test_a_provider_offers_only_for_its_own_organization(world: World) -> None:
    request = h.opened(world, shared=True)
    with pytest.raises(PermissionDenied):
        actions.offer_make(request=request, provider=org("undp"), by=world.users["donor"])
    with pytest.raises(PermissionDenied):
        actions.offer_make(request=request, provider=org("undp"), by=world.users["a_editor"])


def test_a_donor_cannot_offer_on_a_request_not_shared_with_donors(world: World) -> None:
    request = h.opened(world, shared=False)
    with pytest.raises(PermissionDenied):
        h.offered(world, request, "test-donor")


def test_a_withdrawn_offer_can_be_made_again(world: World) -> None:
    request = h.opened(world)
    offer = h.offered(world, request)
    withdrawn = actions.offer_withdraw(
        offer=offer, by=world.users["un_staff"], expected_version=offer.version
    )
    assert withdrawn.status == OfferStatus.WITHDRAWN
    again = h.offered(world, request)
    assert again.status == OfferStatus.PROPOSED


def test_only_unoct_or_the_focal_point_assign(world: World) -> None:
    request = h.opened(world)
    offer = h.offered(world, request)
    for persona in ("a_editor", "un_staff", "b_editor"):
        with pytest.raises(PermissionDenied):
            actions.offer_accept(
                offer=offer, by=world.users[persona], expected_version=request.version
            )
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.PROPOSED


def test_accepting_an_offer_declines_the_others(world: World) -> None:
    request = h.opened(world, shared=True)
    undp = h.offered(world, request, "undp")
    donor = h.offered(world, request, "test-donor")
    actions.offer_accept(offer=donor, by=world.users["unoct"], expected_version=request.version)
    assert Offer.objects.get(pk=undp.pk).status == OfferStatus.DECLINED
    assert Offer.objects.get(pk=donor.pk).status == OfferStatus.ACCEPTED


def test_a_duplicate_assignment_needs_a_confirmation_and_a_reason_which_is_audited(
    world: World,
) -> None:
    h.assigned(world)  # existing support for Jordan, area 4, first half of 2027
    request = h.opened(
        world,
        title="Youth programme",
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    offer = h.offered(world, request)
    unoct = world.users["unoct"]
    with pytest.raises(ValidationError) as refused:
        actions.offer_accept(offer=offer, by=unoct, expected_version=request.version)
    assert "duplicate_reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        actions.offer_accept(
            offer=offer, by=unoct, expected_version=request.version, confirm_duplicates=True
        )
    accepted = actions.offer_accept(
        offer=offer,
        by=unoct,
        expected_version=request.version,
        confirm_duplicates=True,
        duplicate_reason="Different provinces.",
    )
    assert accepted.duplicate_reason == "Different provinces."
    event = AuditEvent.objects.get(action="support.offer.accept", object_id=str(request.pk))
    assert event.rationale == "Different provinces."
    assert "Drafting support for the national plan" in event.after["duplicates"][0]["label"]


def test_support_at_another_time_or_in_another_area_is_no_duplicate(world: World) -> None:
    h.assigned(world)
    later = h.opened(
        world, start_date=datetime.date(2028, 1, 1), end_date=datetime.date(2028, 6, 1)
    )
    other_area = h.opened(world, priority_areas=[h.area(1)])
    for request in (later, other_area):
        offer = h.offered(world, request)
        accepted = actions.offer_accept(
            offer=offer, by=world.users["unoct"], expected_version=request.version
        )
        assert accepted.status == OfferStatus.ACCEPTED and accepted.duplicate_reason == ""


def test_delivery_is_recorded_by_the_assigned_provider_only(world: World) -> None:
    request = h.assigned(world)
    for persona in ("donor", "a_editor"):
        with pytest.raises(PermissionDenied):
            actions.delivery_start(
                request=request, by=world.users[persona], expected_version=request.version
            )
    with pytest.raises(ValidationError):
        actions.delivery_done(
            request=request, by=world.users["un_staff"], expected_version=request.version
        )


def test_closing_needs_the_requesters_team_and_a_rating(world: World) -> None:
    request = h.delivered(world)
    for persona in ("un_staff", "unoct", "b_editor"):
        with pytest.raises(PermissionDenied):
            actions.request_close(
                request=request, by=world.users[persona], expected_version=request.version, rating=5
            )
    with pytest.raises(ValidationError) as refused:
        actions.request_close(
            request=request,
            by=world.users["a_editor"],
            expected_version=request.version,
            rating=None,
        )
    assert refused.value.message_dict["rating"] == ["Rate the support from 1 to 5."]
    Notification.objects.all().delete()
    actions.request_close(
        request=request, by=world.users["a_focal"], expected_version=request.version, rating=5
    )
    # The provider hears the request is closed, with the requester's team.
    assert _notified(Kind.REQUEST_STATUS) == {"un_staff", "a_editor", "unoct", "admin"}
