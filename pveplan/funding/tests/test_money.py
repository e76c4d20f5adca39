"""USD at dated rates: exact decimals, the latest rate on or before the day, banker's rounding,
and a clear error (never a zero) when no rate is known."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from pveplan.funding import balances
from pveplan.funding.money import MissingRate, rates_on, usd
from pveplan.funding.tests.factories import allocation, contribution, expenditure, rate
from pveplan.testing import World

pytestmark = pytest.mark.django_db

JAN, JUN = datetime.date(2025, 1, 1), datetime.date(2025, 6, 1)


@pytest.fixture
def nok(world: World) -> World:
    rate(world, "NOK", JAN, "0.09")
    rate(world, "NOK", JUN, "0.1")
    return world


def test_usd_amounts_are_returned_to_the_cent_without_a_rate(db: None) -> None:
    assert usd(Decimal("1234.5"), "USD", JAN) == Decimal("1234.50")


def test_the_latest_rate_on_or_before_the_day_applies(nok: World) -> None:
    assert usd(Decimal("1000"), "NOK", datetime.date(2025, 5, 31)) == Decimal("90.00")
    assert usd(Decimal("1000"), "NOK", JUN) == Decimal("100.00")
    assert usd(Decimal("1000"), "NOK", datetime.date(2030, 1, 1)) == Decimal("100.00")


def test_a_day_before_the_first_rate_is_an_error_not_a_zero(nok: World) -> None:
    with pytest.raises(MissingRate) as error:
        usd(Decimal("1000"), "NOK", datetime.date(2024, 12, 31))
    with translation.override("en"):
        assert error.value.message == "No USD rate for NOK on or before 2024-12-31."
    with pytest.raises(MissingRate):
        usd(Decimal("1"), "EUR", JUN)


def test_conversion_rounds_half_to_even(world: World) -> None:
    rate(world, "EUR", JAN, "0.5")
    assert usd(Decimal("0.05"), "EUR", JAN) == Decimal("0.02")  # 0.025 -> 0.02
    assert usd(Decimal("0.15"), "EUR", JAN) == Decimal("0.08")  # 0.075 -> 0.08
    assert usd(Decimal("0.07"), "EUR", JAN) == Decimal("0.04")  # 0.035 -> 0.04


def test_decimals_stay_exact_where_floats_would_drift(world: World) -> None:
    rate(world, "SEK", JAN, "0.1")
    # In floats 0.1 * 3 is 0.30000000000000004; here it is exactly 0.30.
    assert usd(Decimal("3"), "SEK", JAN) == Decimal("0.30")
    assert rates_on(JAN).usd(Decimal("0.10"), "SEK") + usd(Decimal("0.20"), "USD", JAN) == Decimal(
        "0.21"
    )


def test_one_query_loads_the_rates_of_every_currency(
    world: World, django_assert_num_queries: object
) -> None:
    for code, value in [("NOK", "0.09"), ("EUR", "1.08"), ("GBP", "1.27"), ("JPY", "0.0067")]:
        rate(world, code, JAN, value)
        rate(world, code, JUN, value)
    with django_assert_num_queries(1):  # type: ignore[operator]
        book = rates_on(JUN)
    assert sorted(book.rates) == ["EUR", "GBP", "JPY", "NOK"]
    assert book.rate("GBP").date == JUN


def test_balances_add_up_across_currencies_at_the_report_dates_rates(world: World) -> None:
    rate(world, "NOK", JAN, "0.0912")
    rate(world, "EUR", JAN, "1.0834")
    rate(world, "NOK", JUN, "0.1")
    day = datetime.date(2025, 2, 1)
    norway = contribution(world, amount="1000000.00", currency="NOK", day=day)
    contribution(world, donor="test-donor", amount="500000.00", currency="USD", day=day)
    contribution(world, donor="unoct", amount="250000.00", currency="EUR", day=day)
    jordan = allocation(world, norway, amount="300000.00", day=day)
    expenditure(world, jordan, amount="100000.00", day=day)

    report = balances.overview(world.users["unoct"], datetime.date(2025, 3, 1))
    assert report.missing == []
    by_currency = {row.currency: row for row in report.donors}
    assert by_currency["NOK"].usd.contributed == Decimal("91200.00")
    assert by_currency["NOK"].usd.allocated == Decimal("27360.00")
    assert by_currency["NOK"].usd.spent == Decimal("9120.00")
    assert by_currency["NOK"].usd.unallocated == Decimal("63840.00")
    assert by_currency["NOK"].figures.unallocated == Decimal("700000.00")
    assert by_currency["EUR"].usd.contributed == Decimal("270850.00")
    assert report.donor_total.contributed == Decimal("862050.00")
    [jordan_row] = report.countries
    assert jordan_row.usd.remaining == Decimal("18240.00")

    # The same records in June, at June's NOK rate.
    later = balances.overview(world.users["unoct"], JUN)
    assert {r.currency: r for r in later.donors}["NOK"].usd.contributed == Decimal("100000.00")
    # Before the records' date, nothing is counted.
    assert balances.overview(world.users["unoct"], datetime.date(2025, 1, 31)).donors == []


def test_a_currency_without_a_rate_leaves_its_usd_empty_and_says_so(world: World) -> None:
    contribution(world, amount="1000.00", currency="NOK")
    contribution(world, amount="500.00", currency="USD")
    report = balances.overview(world.users["unoct"], datetime.date(2026, 1, 10))
    nok = next(row for row in report.donors if row.currency == "NOK")
    assert nok.usd is None
    assert report.incomplete
    assert report.donor_total.contributed == Decimal("500.00")
    with translation.override("en"):
        assert [m.message for m in report.missing] == [
            "No USD rate for NOK on or before 2026-01-10."
        ]
