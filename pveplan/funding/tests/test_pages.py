"""The funding pages: who sees which amounts, the forms' refusals, numbers in the user's language,
the XLSX export, and a constant number of queries however many donors there are."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from pveplan.funding.models import Allocation, Contribution, ExchangeRate, Expenditure
from pveplan.funding.tests.factories import (
    DAY,
    allocation,
    contribution,
    expenditure,
    other_donor,
    rate,
)
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en", **kwargs: object) -> str:
    with translation.override(language):
        return reverse(f"funding:{name}", kwargs=kwargs or None)


def page(world: World, persona: str, name: str, language: str = "en", **kwargs: object) -> str:
    response = world.client(persona).get(url(name, language, **kwargs))
    assert response.status_code == 200
    return response.content.decode()


# --- Who sees what ----------------------------------------------------------------------------


@pytest.fixture
def funded(world: World) -> World:
    """Test donor: NOK 1,111,111.00 (Jordan 333,333.00, Lebanon 444,444.00);
    another donor: USD 2,222,222.00."""
    rate(world, "NOK", DAY, "0.1")
    own = contribution(world, amount="1111111.00")
    allocation(world, own, recipient="jor", amount="333333.00", purpose="For Jordan")
    allocation(world, own, recipient="lbn", amount="444444.00", purpose="For Lebanon")
    contribution(world, donor=other_donor(), amount="2222222.00", currency="USD")
    return world


def test_unoct_sees_every_donor_and_country(funded: World) -> None:
    html = page(funded, "unoct", "overview")
    for text in ["1,111,111.00", "2,222,222.00", "Other donor", "Test donor", "333,333.00"]:
        assert text in html
    assert "444,444.00" in html and "Record a contribution" in html
    # USD totals: 111,111.10 + 2,222,222.00.
    assert "2,333,333.10" in html


def test_a_donor_sees_only_its_own_contributions(funded: World) -> None:
    html = page(funded, "donor", "overview")
    assert "1,111,111.00" in html and "Test donor" in html
    assert "2,222,222.00" not in html and "Other donor" not in html
    assert "Record a contribution" not in html
    client = funded.client("donor")
    own = Contribution.objects.get(donor__code="test-donor")
    other = Contribution.objects.get(donor__code="other-donor")
    assert client.get(url("contribution_detail", pk=own.pk)).status_code == 200
    assert client.get(url("contribution_detail", pk=other.pk)).status_code == 404
    assert client.get(url("contribution_edit", pk=own.pk)).status_code == 403
    assert client.get(url("contribution_edit", pk=other.pk)).status_code == 404


def test_a_country_team_sees_only_the_allocations_to_its_country(funded: World) -> None:
    html = page(funded, "a_viewer", "overview")
    assert "333,333.00" in html and "For Jordan" in html
    assert "444,444.00" not in html and "For Lebanon" not in html
    assert "1,111,111.00" not in html  # not the contribution it comes from
    jordan = Allocation.objects.get(recipient__code="jor")
    lebanon = Allocation.objects.get(recipient__code="lbn")
    client = funded.client("a_viewer")
    assert client.get(url("allocation_detail", pk=jordan.pk)).status_code == 200
    assert client.get(url("allocation_detail", pk=lebanon.pk)).status_code == 404
    assert client.get(url("contribution_detail", pk=jordan.contribution_id)).status_code == 404
    detail = page(funded, "a_viewer", "allocation_detail", pk=jordan.pk)
    assert "Test donor" in detail and "Record expenditure" not in detail
    assert url("contribution_detail", pk=jordan.contribution_id) not in detail


@pytest.mark.parametrize("persona", ["outsider", "un_staff", "b_editor"])
def test_others_see_no_amount_and_get_404(funded: World, persona: str) -> None:
    html = page(funded, persona, "overview")
    assert "1,111,111.00" not in html and "333,333.00" not in html
    jordan = Allocation.objects.get(recipient__code="jor")
    client = funded.client(persona)
    assert client.get(url("contribution_detail", pk=jordan.contribution_id)).status_code == 404
    assert client.get(url("allocation_detail", pk=jordan.pk)).status_code == 404


def test_the_overview_asks_for_an_account(world: World) -> None:
    response = world.client("anonymous").get(url("overview"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Numbers, dates and missing rates -----------------------------------------------------------


def test_numbers_follow_the_users_language(world: World) -> None:
    rate(world, "NOK", DAY, "0.1")
    contribution(world, amount="1234567.50")
    assert "1,234,567.50" in page(world, "unoct", "overview")
    assert "1\xa0234\xa0567,50" in page(world, "unoct", "overview", "fr")
    arabic = page(world, "unoct", "overview", "ar")
    assert "1234567,50" in arabic and 'dir="rtl"' in arabic


def test_a_missing_rate_is_shown_not_counted_as_zero(world: World) -> None:
    contribution(world, amount="1000.00", currency="NOK")
    response = world.client("unoct").get(url("overview"), {"on": "2026-01-10"})
    html = response.content.decode()
    assert "No USD rate for NOK on or before 2026-01-10." in html
    assert "leave out the amounts in a currency without a rate" in html


def test_the_report_date_picks_the_rate_and_the_records(world: World) -> None:
    rate(world, "NOK", datetime.date(2025, 1, 1), "0.09")
    rate(world, "NOK", datetime.date(2026, 1, 1), "0.1")
    contribution(world, amount="1000.00", day=datetime.date(2025, 6, 1))
    client = world.client("unoct")
    html = client.get(url("overview"), {"on": "2025-12-31"}).content.decode()
    assert "90.00" in html
    html = client.get(url("overview"), {"on": "2026-02-01"}).content.decode()
    assert "100.00" in html
    html = client.get(url("overview"), {"on": "2025-05-31"}).content.decode()
    assert "No contribution is dated on or before this day." in html


def test_the_date_filter_answers_htmx_with_the_report_only(world: World) -> None:
    rate(world, "NOK", DAY, "0.1")
    contribution(world, amount="1000.00")
    response = world.client("unoct").get(
        url("overview"), {"on": "2026-02-01"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html and "Balances per donor" in html and "100.00" in html


def test_a_contribution_page_shows_its_balance_and_marks_later_records(world: World) -> None:
    rate(world, "NOK", DAY, "0.1")
    source = contribution(world, amount="1000.00")
    allocation(world, source, amount="400.00", purpose="Early")
    later = allocation(world, source, amount="100.00", day=datetime.date(2026, 3, 1))
    expenditure(world, later, amount="25.00", day=datetime.date(2026, 3, 2))
    response = world.client("unoct").get(
        url("contribution_detail", pk=source.pk), {"on": "2026-02-01"}
    )
    html = response.content.decode()
    balance = dict((str(label), value) for label, value, _usd in response.context["balance"].lines)
    assert balance["Allocated"] == Decimal("400.00") and balance["Unallocated"] == Decimal("600.00")
    assert balance["Spent"] == Decimal("0.00")
    assert "after the report date" in html and "60.00" in html  # 600 NOK unallocated in USD


# --- Forms ------------------------------------------------------------------------------------


def _contribution_form(**overrides: str) -> dict[str, str]:
    data = {
        "donor": "",
        "amount": "1000.00",
        "currency": "NOK",
        "date": "2026-01-10",
        "status": "received",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        ("-5", "NOK", "Give an amount greater than zero."),
        ("0", "NOK", "Give an amount greater than zero."),
        ("12.345", "NOK", "two decimals at most"),
        ("100", "XYZ", "Select a valid choice."),
    ],
)
def test_the_contribution_form_refuses_bad_amounts_and_currencies(
    world: World, amount: str, currency: str, message: str
) -> None:
    from pveplan.testing import org

    data = _contribution_form(donor=str(org("test-donor").pk), amount=amount, currency=currency)
    response = world.client("unoct").post(url("contribution_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contribution.objects.exists()


def test_an_arabic_user_types_amounts_with_a_decimal_comma(world: World) -> None:
    from pveplan.testing import org

    data = _contribution_form(donor=str(org("test-donor").pk), amount="1234,56")
    response = world.client("unoct").post(url("contribution_create", "ar"), data)
    assert response.status_code == 302
    assert Contribution.objects.get().amount == Decimal("1234.56")


def test_the_contribution_form_records_and_edits(world: World) -> None:
    from pveplan.testing import org

    client = world.client("unoct")
    data = _contribution_form(
        donor=str(org("test-donor").pk), countries=[str(org("jor").country_id)]
    )
    response = client.post(url("contribution_create"), data)
    made = Contribution.objects.get()
    assert response["Location"] == url("contribution_detail", pk=made.pk)
    assert [c.code for c in made.countries.all()] == ["JOR"]
    edit = url("contribution_edit", pk=made.pk)
    assert 'value="1000.00"' in client.get(edit).content.decode()
    client.post(edit, {**data, "amount": "1500.00", "version": "1"})
    assert Contribution.objects.get().amount == Decimal("1500.00")
    stale = client.post(edit, {**data, "amount": "9.00", "version": "1"})
    assert stale.status_code == 302 and stale["Location"] == edit
    assert Contribution.objects.get().amount == Decimal("1500.00")


def test_the_allocation_form_refuses_more_than_is_unallocated(world: World) -> None:
    from pveplan.testing import org

    source = contribution(world, amount="1000.00")
    client = world.client("unoct")
    data = {"recipient": str(org("jor").pk), "amount": "1000.01", "date": "2026-01-10"}
    data["purpose"] = "Workshops"
    response = client.post(url("allocation_create", pk=source.pk), data)
    assert "Only 1,000.00 NOK of this contribution is unallocated." in response.content.decode()
    assert not Allocation.objects.exists()
    response = client.post(url("allocation_create", pk=source.pk), {**data, "amount": "1000"})
    made = Allocation.objects.get()
    assert response["Location"] == url("allocation_detail", pk=made.pk)


def test_the_allocation_form_offers_only_earmarked_countries(world: World) -> None:
    source = contribution(world, countries=("JOR",))
    form = world.client("unoct").get(url("allocation_create", pk=source.pk)).context["form"]
    assert [o.code for o in form.fields["recipient"].queryset] == ["jor"]


def test_the_expenditure_form_refuses_overspending(world: World) -> None:
    target = allocation(world, contribution(world), amount="500.00")
    client = world.client("unoct")
    data = {"amount": "500.01", "date": "2026-01-10", "description": "Workshop"}
    response = client.post(url("expenditure_create", pk=target.pk), data)
    assert "Only 500.00 NOK of this allocation remains to be spent." in response.content.decode()
    assert not Expenditure.objects.exists()
    response = client.post(url("expenditure_create", pk=target.pk), {**data, "amount": "500"})
    assert response.status_code == 302 and Expenditure.objects.get().amount == Decimal("500.00")


def test_rates_are_listed_for_everyone_and_set_by_unoct(world: World) -> None:
    client = world.client("unoct")
    data = {"currency": "NOK", "date": "2026-01-10", "usd_per_unit": "0.0912", "source": "UN"}
    assert client.post(url("rate_create"), data).status_code == 302
    again = client.post(url("rate_create"), data)
    assert "NOK already has a rate on 2026-01-10" in again.content.decode()
    made = ExchangeRate.objects.get()
    html = page(world, "a_viewer", "rates")
    assert "0.0912" in html and url("rate_edit", pk=made.pk) not in html
    assert world.client("a_viewer").get(url("rate_edit", pk=made.pk)).status_code == 403
    edit = url("rate_edit", pk=made.pk)
    client.post(edit, {"usd_per_unit": "0.0915", "source": "UN", "version": "1"})
    assert ExchangeRate.objects.get().usd_per_unit == Decimal("0.0915")
    stale = client.post(edit, {"usd_per_unit": "0.5", "source": "UN", "version": "1"})
    assert stale["Location"] == edit and ExchangeRate.objects.get().version == 2


# --- Export and query counts ------------------------------------------------------------------


def test_the_balances_export_as_xlsx(funded: World) -> None:
    response = funded.client("donor").get(url("export"), {"on": "2026-01-10"})
    assert response["Content-Disposition"] == 'attachment; filename="funding-2026-01-10.xlsx"'
    book = load_workbook(BytesIO(response.content))
    donors, countries = book.worksheets
    rows = [[cell.value for cell in row] for row in donors.iter_rows()]
    assert rows[0][:3] == ["Donor", "Currency", "Contributed"]
    assert rows[1][:5] == ["Test donor", "NOK", 1111111, 0, 777777]
    assert rows[1][7] == pytest.approx(111111.10)
    assert all("Other donor" not in str(row[0]) for row in rows)
    places = {row[0].value for row in countries.iter_rows(min_row=2) if row[1].value == "NOK"}
    assert places == {"Jordan", "Lebanon"}


def test_the_arabic_export_runs_right_to_left(funded: World) -> None:
    response = funded.client("unoct").get(url("export", "ar"))
    assert load_workbook(BytesIO(response.content)).worksheets[0].sheet_view.rightToLeft


def _donors_with_allocations(world: World, count: int) -> None:
    recipients = ["jor", "lbn", "mli", "asean"]
    for index in range(count):
        donor = other_donor(f"donor-{index}", f"Donor {index}")
        source = contribution(
            world, donor=donor, amount="1000.00", currency=["NOK", "USD", "EUR"][index % 3]
        )
        made = allocation(world, source, recipient=recipients[index % 4], amount="500.00")
        expenditure(world, made, amount="100.00")


def _queries(world: World, persona: str) -> int:
    client = world.client(persona)
    client.get(url("overview"))  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("overview")).status_code == 200
    return len(queries)


def test_the_overview_runs_the_same_queries_for_2_or_20_donors(
    world: World, django_assert_max_num_queries: object
) -> None:
    rate(world, "NOK", DAY, "0.1")
    rate(world, "EUR", DAY, "1.1")
    _donors_with_allocations(world, 2)
    few = _queries(world, "unoct")
    _donors_with_allocations(world, 18)
    assert Contribution.objects.count() == 20
    assert _queries(world, "unoct") == few
    client = world.client("unoct")
    client.get(url("overview"))
    # Session, user, its authenticator, memberships, unread notifications; 5 grouped sums, rates,
    # organizations; a page of contributions with their count and earmarks.
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        client.get(url("overview"))
    assert _queries(world, "a_viewer") <= few


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_page_renders_in_other_languages(funded: World, language: str) -> None:
    jordan = Allocation.objects.get(recipient__code="jor")
    rate_pk = ExchangeRate.objects.get().pk
    pages = [
        ("overview", {}),
        ("contribution_create", {}),
        ("contribution_detail", {"pk": jordan.contribution_id}),
        ("contribution_edit", {"pk": jordan.contribution_id}),
        ("allocation_create", {"pk": jordan.contribution_id}),
        ("allocation_detail", {"pk": jordan.pk}),
        ("expenditure_create", {"pk": jordan.pk}),
        ("rates", {}),
        ("rate_create", {}),
        ("rate_edit", {"pk": rate_pk}),
    ]
    for name, kwargs in pages:
        html = page(funded, "unoct", name, language, **kwargs)
        assert f'lang="{language}"' in html, name
    detail = page(funded, "unoct", "allocation_detail", "ar", pk=jordan.pk)
    assert "333333,00" in detail
