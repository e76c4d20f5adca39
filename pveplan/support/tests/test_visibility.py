"""Who sees which support request (DOMAIN.md, sensitivity), through the queryset and the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pveplan.core.permissions import SUPPORT_OFFER, SUPPORT_TRIAGE
from pveplan.support.models import SupportRequest
from pveplan.support.permissions import access_offer, access_request, visible_requests
from pveplan.support.tests import helpers as h
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def _titles(world: World, persona: str) -> set[str]:
    return set(visible_requests(world.users[persona]).values_list("title", flat=True))


@pytest.fixture
def requests(world: World) -> dict[str, SupportRequest]:
    return {
        "submitted": h.submitted(world, title="submitted"),
        "open": h.opened(world, title="open"),
        "shared": h.opened(world, title="shared", shared=True),
        "lebanon": h.submitted(world, "lbn", title="lebanon"),
    }


def test_the_requesters_team_and_unoct_see_everything_of_theirs(
    world: World, requests: dict[str, SupportRequest]
) -> None:
    for persona in ("a_viewer", "a_editor", "a_focal"):
        assert _titles(world, persona) == {"submitted", "open", "shared"}
    assert _titles(world, "b_editor") == {"lebanon"}
    for persona in ("unoct", "admin"):
        assert _titles(world, persona) == {"submitted", "open", "shared", "lebanon"}


def test_un_staff_see_triaged_requests_only(
    world: World, requests: dict[str, SupportRequest]
) -> None:
    assert _titles(world, "un_staff") == {"open", "shared"}


def test_a_donor_sees_only_triaged_requests_shared_with_donors(
    world: World, requests: dict[str, SupportRequest]
) -> None:
    assert _titles(world, "donor") == {"shared"}


def test_outsiders_and_anonymous_see_nothing(
    world: World, requests: dict[str, SupportRequest]
) -> None:
    assert _titles(world, "outsider") == set()
    assert not visible_requests(None).exists()


def test_a_provider_that_offered_keeps_seeing_the_request(world: World) -> None:
    request = h.opened(world, shared=True)
    h.offered(world, request, "test-donor")
    SupportRequest.objects.filter(pk=request.pk).update(shared_with_donors=False)
    assert _titles(world, "donor") == {request.title}


def test_access_answers_404_out_of_sight_and_403_without_the_right(
    world: World, requests: dict[str, SupportRequest]
) -> None:
    submitted, opened = requests["submitted"], requests["open"]
    with pytest.raises(Http404):
        access_request(world.users["b_editor"], submitted.pk)
    with pytest.raises(Http404):
        access_request(world.users["un_staff"], submitted.pk)
    with pytest.raises(Http404):
        access_request(world.users["donor"], opened.pk)
    with pytest.raises(PermissionDenied):
        access_request(world.users["a_focal"], submitted.pk, need=SUPPORT_TRIAGE)
    with pytest.raises(PermissionDenied):
        access_request(world.users["a_editor"], opened.pk, need=SUPPORT_OFFER)
    assert access_request(world.users["un_staff"], opened.pk, need=SUPPORT_OFFER) == opened
    with pytest.raises(Http404):
        access_request(world.users["a_editor"], "x")


def test_an_offer_is_withdrawn_only_by_its_own_provider(world: World) -> None:
    request = h.opened(world, shared=True)
    offer = h.offered(world, request, "undp")
    assert access_offer(world.users["un_staff"], offer.pk, need=SUPPORT_OFFER) == offer
    with pytest.raises(PermissionDenied):
        access_offer(world.users["donor"], offer.pk, need=SUPPORT_OFFER)
    with pytest.raises(Http404):
        access_offer(world.users["b_editor"], offer.pk)


def test_other_countrys_editor_gets_404_on_the_page(
    world: World, requests: dict[str, SupportRequest]
) -> None:
    url = f"/en/support/{requests['submitted'].pk}/"
    assert world.client("b_editor").get(url).status_code == 404
    assert world.client("a_viewer").get(url).status_code == 200


def test_a_donor_never_sees_the_confidential_need_behind_a_shared_request(world: World) -> None:
    from pveplan.assessments import actions as assessment_actions
    from pveplan.testing import org

    need = assessment_actions.need_create(
        by=world.users["a_editor"],
        data=assessment_actions.NeedInput(owner=org("jor"), title="Secret gap in the M&E"),
    )
    request = h.opened(world, shared=True, need=need, title="M&E support")
    donor_page = world.client("donor").get(f"/en/support/{request.pk}/").content.decode()
    team_page = world.client("a_editor").get(f"/en/support/{request.pk}/").content.decode()
    assert "M&amp;E support" in donor_page and "Secret gap in the M&amp;E" not in donor_page
    assert "Secret gap in the M&amp;E" in team_page


def test_providers_see_the_steps_but_not_who_took_them(world: World) -> None:
    request = h.opened(world, shared=True)
    page = world.client("donor").get(f"/en/support/{request.pk}/").content.decode()
    assert "Triaged by UNOCT: open for offers" in page and "· a_editor" not in page
    team = world.client("a_focal").get(f"/en/support/{request.pk}/").content.decode()
    assert "· a_editor" in team
