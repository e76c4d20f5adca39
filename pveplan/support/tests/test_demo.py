"""The illustrative support requests of the demo."""

from __future__ import annotations

import pytest

from pveplan.assessments import actions as assessment_actions
from pveplan.assessments.models import NeedStatus
from pveplan.core.models import AuditEvent
from pveplan.plans.demo.seed import seed_demo as seed_base
from pveplan.support import demo
from pveplan.support.models import Offer, OfferStatus, RequestStatus, SupportRequest
from pveplan.testing import org

pytestmark = pytest.mark.django_db


def test_without_the_base_demo_it_says_what_is_missing() -> None:
    lines = demo.seed_demo()
    assert "skipped" in lines[0] and "unoct.officer" in lines[0]
    assert not SupportRequest.objects.exists()


def test_the_demo_shows_every_part_of_the_workflow_and_runs_twice_without_duplicates() -> None:
    seed_base()
    from pveplan.accounts.models import User

    need = assessment_actions.need_create(
        by=User.objects.get(username="jordan.editor"),
        data=assessment_actions.NeedInput(owner=org("jor"), title="Engaging youth"),
    )
    assert demo.seed_demo() == ["support: 6 new illustrative support requests (6 in the demo)"]
    assert demo.seed_demo() == ["support: 0 new illustrative support requests (6 in the demo)"]
    requests = {r.title: r for r in SupportRequest.objects.all()}
    assert len(requests) == 6 and all(r.is_illustrative for r in requests.values())
    assert {r.status for r in requests.values()} == {
        RequestStatus.CLOSED,
        RequestStatus.OPEN,
        RequestStatus.ASSIGNED,
        RequestStatus.SUBMITTED,
        RequestStatus.IN_DELIVERY,
        RequestStatus.DECLINED,
    }
    closed = requests["Costing the action matrix of the national plan"]
    assert closed.feedback_rating == 5 and closed.delivered_at is not None
    youth = requests["تدريب القيادات المجتمعية على إشراك الشباب"]
    assert youth.need == need
    need.refresh_from_db()
    assert need.status == NeedStatus.REQUESTED
    assert set(youth.offers.values_list("provider__code", flat=True)) == {"undp", "norway-mfa"}
    assigned = Offer.objects.get(request__title="Youth voices in strategic communications")
    assert assigned.status == OfferStatus.ACCEPTED and assigned.provider.code == "norway-mfa"
    # The open youth training overlaps it: the assignment was confirmed with a reason.
    assert assigned.duplicate_reason.startswith("Complementary")
    assert AuditEvent.objects.filter(action="support.request.close").count() == 1
