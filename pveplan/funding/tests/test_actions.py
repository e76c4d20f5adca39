"""The funding actions: who may record, what the sums and earmarks allow, and the database's own
refusals. A refused action changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent
from pveplan.funding import actions
from pveplan.funding.models import Allocation, Contribution, ExchangeRate, Expenditure
from pveplan.funding.tests.factories import (
    DAY,
    allocation,
    contribution,
    expenditure,
    rate,
    support_request,
)
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def _input(**overrides: object) -> actions.ContributionInput:
    values: dict[str, object] = {
        "donor": org("test-donor"),
        "amount": Decimal("1000.00"),
        "currency": "NOK",
        "date": DAY,
        "status": "received",
    }
    values.update(overrides)
    return actions.ContributionInput(**values)  # type: ignore[arg-type]


def _messages(error: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(error.value.message_dict[field])


# --- Recording contributions ------------------------------------------------------------------


def test_unoct_records_a_contribution_with_one_audit_event(world: World) -> None:
    before = AuditEvent.objects.count()
    made = contribution(world, countries=("JOR",), areas=(4, 5))
    assert made.amount == Decimal("1000000.00") and made.currency == "NOK"
    assert [c.code for c in made.countries.all()] == ["JOR"]
    event = AuditEvent.objects.get(sequence__gt=before)  # exactly one
    assert event.action == "contribution.record"
    assert event.after["countries"] == ["JOR"] and event.after["priority_areas"] == [4, 5]
    assert event.after["amount"] == "1000000.00"


@pytest.mark.parametrize("persona", ["donor", "a_focal", "un_staff", "outsider"])
def test_only_funding_managers_record_and_refusals_are_audited(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.contribution_record(by=world.users[persona], data=_input())
    assert not Contribution.objects.exists()
    assert AuditEvent.objects.latest("sequence").outcome == "denied"


@pytest.mark.parametrize("amount", ["0", "-5.00", "0.001", "1000000000000.00", None])
def test_an_amount_must_be_positive_to_the_cent(world: World, amount: str | None) -> None:
    value = Decimal(amount) if amount is not None else None
    with pytest.raises(ValidationError) as error:
        actions.contribution_record(by=world.users["unoct"], data=_input(amount=value))
    assert "amount" in error.value.message_dict
    assert not Contribution.objects.exists()


def test_an_unknown_currency_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        actions.contribution_record(by=world.users["unoct"], data=_input(currency="XYZ"))
    assert "known currency" in _messages(error, "currency")


def test_the_donor_must_be_a_donor_or_a_un_entity(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        actions.contribution_record(by=world.users["unoct"], data=_input(donor=org("jor")))
    assert "donor" in error.value.message_dict


def test_a_contribution_is_not_received_in_the_future(world: World) -> None:
    later = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError):
        actions.contribution_record(by=world.users["unoct"], data=_input(date=later))
    pledge = actions.contribution_record(
        by=world.users["unoct"], data=_input(date=later, status="pledged")
    )
    assert pledge.status == "pledged"


# --- The database's own refusals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"amount": Decimal("0")}, "contribution_amount_positive"),
        ({"amount": Decimal("-1")}, "contribution_amount_positive"),
        ({"currency": "XYZ"}, "contribution_currency_known"),
        ({"status": "promised"}, "contribution_status_known"),
    ],
)
def test_the_database_refuses_bad_contributions(
    world: World, fields: dict[str, object], constraint: str
) -> None:
    values: dict[str, object] = {
        "donor": org("test-donor"),
        "amount": Decimal("10"),
        "currency": "USD",
        "date": DAY,
        "status": "received",
    }
    values.update(fields)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Contribution.objects.create(**values)


def test_the_database_refuses_non_positive_allocations_expenditure_and_rates(world: World) -> None:
    source = contribution(world)
    made = allocation(world, source)
    with pytest.raises(IntegrityError, match="allocation_amount_positive"), transaction.atomic():
        Allocation.objects.create(
            contribution=source, recipient=org("jor"), amount=Decimal("-1"), date=DAY, purpose="x"
        )
    with pytest.raises(IntegrityError, match="expenditure_amount_positive"), transaction.atomic():
        Expenditure.objects.create(allocation=made, amount=Decimal("0"), date=DAY, description="x")
    with pytest.raises(IntegrityError, match="rate_positive"), transaction.atomic():
        ExchangeRate.objects.create(currency="EUR", date=DAY, usd_per_unit=0, source="x")
    with pytest.raises(IntegrityError, match="rate_currency_known_not_usd"), transaction.atomic():
        ExchangeRate.objects.create(currency="USD", date=DAY, usd_per_unit=1, source="x")


# --- Allocations ------------------------------------------------------------------------------


def test_allocations_never_exceed_their_contribution(world: World) -> None:
    source = contribution(world, amount="1000.00")
    allocation(world, source, amount="600.00")
    allocations, events = Allocation.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        allocation(world, source, recipient="lbn", amount="400.01")
    assert "Only 400.00 NOK of this contribution is unallocated." in _messages(error, "amount")
    assert (Allocation.objects.count(), AuditEvent.objects.count()) == (allocations, events)
    allocation(world, source, recipient="lbn", amount="400.00")  # exactly what is left
    with pytest.raises(ValidationError):
        allocation(world, source, amount="0.01")


def test_allocations_go_to_member_states_or_regional_organizations(world: World) -> None:
    source = contribution(world)
    with pytest.raises(ValidationError) as error:
        allocation(world, source, recipient="undp")
    assert "recipient" in error.value.message_dict
    assert allocation(world, source, recipient="asean").recipient.code == "asean"


def test_an_earmark_to_countries_is_respected(world: World) -> None:
    source = contribution(world, countries=("JOR",))
    for recipient in ("lbn", "asean"):
        with pytest.raises(ValidationError) as error:
            allocation(world, source, recipient=recipient)
        assert "earmarked to Jordan" in _messages(error, "recipient")
    assert not Allocation.objects.exists()
    assert allocation(world, source, recipient="jor").recipient.code == "jor"


def test_an_earmark_to_areas_is_respected_by_support_requests(world: World) -> None:
    source = contribution(world, areas=(5,))
    with pytest.raises(ValidationError) as error:
        allocation(world, source, request=support_request("jor", areas=(4,)))
    assert "priority areas 5." in _messages(error, "support_request")
    made = allocation(world, source, request=support_request("jor", areas=(4, 5)))
    assert made.support_request is not None


def test_a_support_request_must_be_the_recipients_own(world: World) -> None:
    source = contribution(world)
    with pytest.raises(ValidationError) as error:
        allocation(world, source, recipient="jor", request=support_request("lbn"))
    assert "support_request" in error.value.message_dict


def test_only_funding_managers_allocate(world: World) -> None:
    source = contribution(world)
    with pytest.raises(PermissionDenied):
        actions.allocation_make(
            by=world.users["donor"],
            data=actions.AllocationInput(
                contribution=source,
                recipient=org("jor"),
                amount=Decimal("1"),
                date=DAY,
                purpose="x",
            ),
        )
    assert not Allocation.objects.exists()


# --- Expenditure ------------------------------------------------------------------------------


def test_expenditure_never_exceeds_its_allocation(world: World) -> None:
    target = allocation(world, contribution(world), amount="500.00")
    expenditure(world, target, amount="300.00")
    spent, events = Expenditure.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        expenditure(world, target, amount="200.01")
    assert "Only 200.00 NOK of this allocation remains" in _messages(error, "amount")
    assert (Expenditure.objects.count(), AuditEvent.objects.count()) == (spent, events)
    expenditure(world, target, amount="200.00")
    assert sum(e.amount for e in target.expenditures.all()) == Decimal("500.00")


def test_nothing_is_spent_from_a_pledge(world: World) -> None:
    target = allocation(world, contribution(world, status="pledged"))
    with pytest.raises(ValidationError) as error:
        expenditure(world, target)
    assert "pledge" in " ".join(error.value.messages)
    assert not Expenditure.objects.exists()


def test_expenditure_needs_a_positive_amount_and_a_description(world: World) -> None:
    target = allocation(world, contribution(world))
    with pytest.raises(ValidationError) as error:
        expenditure(world, target, amount="-1", description=" ")
    assert set(error.value.message_dict) == {"amount", "description"}


# --- Corrections ------------------------------------------------------------------------------


def test_a_stale_version_is_a_conflict(world: World) -> None:
    source = contribution(world)
    actions.contribution_update(
        contribution=source,
        by=world.users["unoct"],
        data=_input(amount=Decimal("2000.00")),
        expected_version=1,
    )
    with pytest.raises(ConflictError):
        actions.contribution_update(
            contribution=source,
            by=world.users["unoct"],
            data=_input(amount=Decimal("3000.00")),
            expected_version=1,
        )
    assert Contribution.objects.get().amount == Decimal("2000.00")


def test_a_correction_keeps_within_what_was_allocated_and_spent(world: World) -> None:
    source = contribution(world, amount="1000.00")
    expenditure(world, allocation(world, source, recipient="jor", amount="600.00"), amount="10")
    cases = [
        (_input(amount=Decimal("599.99")), "amount"),
        (_input(amount=Decimal("1000.00"), currency="EUR"), "currency"),
        (_input(amount=Decimal("1000.00"), donor=org("unoct")), "donor"),
        (_input(amount=Decimal("1000.00"), countries=[org("lbn").country]), "countries"),
        (_input(amount=Decimal("1000.00"), status="pledged"), "status"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as error:
            actions.contribution_update(
                contribution=source, by=world.users["unoct"], data=data, expected_version=1
            )
        assert field in error.value.message_dict, field
    fine = actions.contribution_update(
        contribution=source,
        by=world.users["unoct"],
        data=_input(amount=Decimal("600.00"), countries=[org("jor").country]),
        expected_version=1,
    )
    assert fine.version == 2
    event = AuditEvent.objects.latest("sequence")
    assert event.action == "contribution.update"
    assert event.before == {"amount": "1000.00", "countries": []}
    assert event.after == {"amount": "600.00", "countries": ["JOR"]}


# --- Exchange rates ---------------------------------------------------------------------------


def test_a_rate_is_set_once_a_day_and_changed_with_its_version(world: World) -> None:
    first = rate(world, "NOK", DAY, "0.0912")
    with pytest.raises(ValidationError) as error:
        rate(world, "NOK", DAY, "0.0913")
    assert "already has a rate" in _messages(error, "date")
    changed = actions.rate_set(
        by=world.users["unoct"],
        currency="NOK",
        date=DAY,
        usd_per_unit=Decimal("0.0913"),
        source="corrected",
        expected_version=first.version,
    )
    assert changed.version == 2 and changed.usd_per_unit == Decimal("0.0913")
    event = AuditEvent.objects.latest("sequence")
    assert event.before == {"usd_per_unit": "0.0912000000", "source": "UN operational rate"}
    with pytest.raises(ConflictError):
        actions.rate_set(
            by=world.users["unoct"],
            currency="NOK",
            date=DAY,
            usd_per_unit=Decimal("1"),
            source="x",
            expected_version=first.version,
        )


@pytest.mark.parametrize(
    ("currency", "value", "field"),
    [("USD", "1", "currency"), ("XYZ", "1", "currency"), ("EUR", "0", "usd_per_unit")],
)
def test_bad_rates_are_refused(world: World, currency: str, value: str, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        rate(world, currency, DAY, value)
    assert field in error.value.message_dict
    assert not ExchangeRate.objects.exists()


def test_donors_do_not_set_rates(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.rate_set(
            by=world.users["donor"],
            currency="NOK",
            date=DAY,
            usd_per_unit=Decimal("0.1"),
            source="x",
        )
