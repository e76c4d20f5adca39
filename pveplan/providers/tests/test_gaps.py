"""Coverage gaps: needs and requests nobody has offered to meet, visible to the user only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from pveplan.assessments import actions as assessment_actions
from pveplan.providers.matching import coverage_gaps
from pveplan.providers.tests.factories import offer, support_request
from pveplan.support.models import OfferStatus, RequestStatus
from pveplan.taxonomy.models import PriorityArea
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


def _need(world: World, owner: str, title: str) -> object:
    return assessment_actions.need_create(
        by=world.users["admin"],
        data=assessment_actions.NeedInput(
            owner=org(owner),
            title=title,
            priority_areas=list(PriorityArea.objects.filter(number=5)),
        ),
    )


def _setup(world: World) -> dict[str, object]:
    lonely = _need(world, "jor", "Gender expertise for the plan")
    met = _need(world, "jor", "Costing the plan")
    from_need = support_request("jor", title="Costing support", status=RequestStatus.OPEN)
    from_need.need = met  # type: ignore[assignment]
    from_need.save()
    offer(from_need, "undp")
    _need(world, "lbn", "Lebanon need")
    waiting = support_request("jor", title="Nobody offered yet", areas=(4, 5))
    withdrawn = support_request("jor", title="Offer withdrawn", status=RequestStatus.TRIAGED)
    offer(withdrawn, "unesco", status=OfferStatus.WITHDRAWN)
    support_request("jor", title="Already assigned", status=RequestStatus.ASSIGNED)
    return {"lonely": lonely, "waiting": waiting, "withdrawn": withdrawn}


def test_needs_and_requests_without_a_live_offer_are_gaps(world: World) -> None:
    made = _setup(world)
    gaps = coverage_gaps(world.users["a_focal"])
    assert [n.title for n in gaps.needs] == ["Gender expertise for the plan"]
    assert {r.title for r in gaps.requests} == {"Nobody offered yet", "Offer withdrawn"}
    by_area = {area.number: (needs, requests) for area, needs, requests in gaps.by_area}
    assert by_area[5] == (1, 1) and by_area[4] == (0, 2)
    assert made["lonely"] in gaps.needs


def test_partners_never_see_a_countrys_needs(world: World) -> None:
    _setup(world)
    for persona in ("un_staff", "donor", "b_editor", "outsider"):
        assert "Gender expertise for the plan" not in [
            n.title for n in coverage_gaps(world.users[persona]).needs
        ]
    # UN staff see requests from triage on; donors only those shared with them.
    assert {r.title for r in coverage_gaps(world.users["un_staff"]).requests} == {
        "Nobody offered yet",
        "Offer withdrawn",
    }
    assert coverage_gaps(world.users["donor"]).requests == []
    assert [n.title for n in coverage_gaps(world.users["b_editor"]).needs] == ["Lebanon need"]


def test_the_gaps_page_lists_them(world: World, django_assert_max_num_queries: object) -> None:
    _setup(world)
    client = world.client("unoct")
    with translation.override("en"):
        url = reverse("providers:gaps")
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        response = client.get(url)
    body = response.content.decode()
    assert "Gender expertise for the plan" in body and "Lebanon need" in body
    assert "Nobody offered yet" in body and "Already assigned" not in body
