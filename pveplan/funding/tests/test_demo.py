"""The illustrative funding of the demo: seeded once, however often seed_demo runs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pveplan.accounts.models import Organization, User
from pveplan.funding import balances
from pveplan.funding.demo import seed_demo
from pveplan.funding.models import Allocation, Contribution, ExchangeRate, Expenditure
from pveplan.plans.demo.seed import seed_demo as seed_base
from pveplan.support.models import SupportRequest
from pveplan.taxonomy.models import PriorityArea

pytestmark = pytest.mark.django_db


def test_the_demo_adds_contributions_allocations_and_expenditure_once() -> None:
    assert seed_demo() == ["funding: skipped (run seed_demo for the demo accounts first)"]
    seed_base()  # the accounts and plans only: `manage.py seed_demo` would seed funding too
    jordan = Organization.objects.get(code="jor")
    request = SupportRequest.objects.create(
        requester=jordan, title="Policy advice", modality="policy_advice", status="triaged"
    )
    request.priority_areas.set(PriorityArea.objects.filter(number=4))

    lines = seed_demo()
    assert sum(line.startswith("contribution:") for line in lines) == 3
    assert sum(line.startswith("allocation:") for line in lines) == 5
    assert f"allocation: USD 250000.00 to jor (support request #{request.pk})" in lines
    counts = (
        ExchangeRate.objects.count(),
        Contribution.objects.count(),
        Allocation.objects.count(),
        Expenditure.objects.count(),
    )
    assert seed_demo() == []
    assert counts == (
        ExchangeRate.objects.count(),
        Contribution.objects.count(),
        Allocation.objects.count(),
        Expenditure.objects.count(),
    )

    assert {c.currency for c in Contribution.objects.all()} == {"NOK", "USD"}
    assert all(c.is_illustrative for c in Contribution.objects.all())
    assert set(Contribution.objects.values_list("donor__country__code", flat=True)) == {
        "NOR",
        "KOR",
    }
    assert Expenditure.objects.count() == 5
    officer = User.objects.get(username="unoct.officer")
    report = balances.overview(officer, Expenditure.objects.latest("date").date)
    assert report.missing == [] and not report.incomplete
    jordan_row = next(row for row in report.countries if row.recipient.code == "jor")
    assert jordan_row.allocations == 2 and jordan_row.usd is not None

    # The Norwegian donor sees Norway's contributions, not Korea's.
    client = Client()
    client.force_login(User.objects.get(username="norway.donor"))
    with translation.override("en"):
        html = client.get(reverse("funding:overview")).content.decode()
    assert "Norway (Ministry of Foreign Affairs)" in html
    assert "Republic of Korea (Ministry" not in html
    assert "15,000,000.00" in html
    assert Decimal("15000000.00") in {c.amount for c in Contribution.objects.all()}
