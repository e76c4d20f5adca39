"""Who does what where: counts, filters, visibility, exports equal to the table, query count."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.providers.tests.factories import assigned, offer, support_request
from pveplan.providers.threew import Filters, matrix
from pveplan.support.models import Modality, Offer, OfferStatus, RequestStatus, SupportRequest
from pveplan.taxonomy.models import PriorityArea
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db
D = datetime.date


def _setup() -> None:
    assigned("jor", "undp", areas=(4, 5), start=D(2026, 1, 1), end=D(2026, 6, 30))
    assigned("jor", "unesco", areas=(4,), status=RequestStatus.IN_DELIVERY)
    assigned(
        "jor", "undp", areas=(4,), modality=Modality.DRAFTING, status=RequestStatus.CLOSED, rating=5
    )
    assigned("lbn", "un-women", areas=(5,), start=D(2027, 1, 1), shared_with_donors=True)
    assigned("asean", "unodc", areas=(2,), start=D(2025, 1, 1), end=D(2025, 12, 31))
    # Not support under way: a proposed offer, and a declined request.
    offer(support_request("jor", areas=(6,)), "ilo")
    support_request("jor", areas=(6,), status=RequestStatus.DECLINED, declined_reason="Covered.")


def _cells(data: Any) -> dict[tuple[str, int], tuple[list[str], int]]:
    return {
        (row.code, cell.area.number): (cell.providers, cell.engagements)
        for row in data.rows
        for cell in row.cells
        if cell.engagements
    }


def test_the_matrix_counts_providers_and_engagements_per_place_and_area(world: World) -> None:
    _setup()
    with translation.override("en"):
        data = matrix(world.users["unoct"], Filters())
    assert [row.code for row in data.rows] == ["JOR", "LBN", "ASEAN"]  # countries, then regions
    cells = _cells(data)
    assert cells == {
        ("JOR", 4): (
            [
                "United Nations Development Programme",
                "United Nations Educational, Scientific and Cultural Organization",
            ],
            3,
        ),
        ("JOR", 5): (["United Nations Development Programme"], 1),
        ("LBN", 5): (["United Nations Entity for Gender Equality and the Empowerment of Women"], 1),
        ("ASEAN", 2): (["United Nations Office on Drugs and Crime"], 1),
    }
    jordan = data.rows[0]
    assert (jordan.providers, jordan.engagements) == (2, 3)
    assert (data.providers, data.engagements) == (4, 5)
    assert jordan.cells[3].heat == 4 and jordan.cells[4].heat == 2 and jordan.cells[0].heat == 0


def test_filters_by_period_modality_status_and_provider(world: World) -> None:
    _setup()
    admin = world.users["admin"]

    def places(**filters: Any) -> set[tuple[str, int]]:
        return set(_cells(matrix(admin, Filters(**filters))))

    # In 2025 only ASEAN's support and the support without dates overlap.
    assert places(start=D(2025, 1, 1), end=D(2025, 12, 31)) == {("JOR", 4), ("ASEAN", 2)}
    assert places(start=D(2027, 6, 1)) == {("JOR", 4), ("LBN", 5)}
    assert places(modality=Modality.DRAFTING) == {("JOR", 4)}
    assert places(status="in_delivery") == {("JOR", 4)}
    assert places(status="delivered") == {("JOR", 4)}  # closed counts as delivered
    assert places(provider=org("undp")) == {("JOR", 4), ("JOR", 5)}


def test_only_support_the_user_may_see_is_counted(world: World) -> None:
    _setup()
    # Jordan's team sees Jordan's support; a donor only what is shared with donors.
    assert {code for code, _ in _cells(matrix(world.users["a_viewer"], Filters()))} == {"JOR"}
    assert set(_cells(matrix(world.users["donor"], Filters()))) == {("LBN", 5)}
    assert matrix(world.users["outsider"], Filters()).rows == []


def _table_rows(body: str) -> list[list[str]]:
    table = body.split('class="threew-table"')[1].split("</table>")[0]
    rows = []
    for tr in table.split("<tr>")[2:]:
        cells = [c.split(">", 1)[1] for c in tr.split("<td")[1:]]
        rows.append([c.split("</td>")[0] for c in cells])
    return rows


def test_the_page_shows_heat_map_and_table_and_the_exports_hold_the_same(world: World) -> None:
    _setup()
    client = world.client("unoct")
    with translation.override("en"):
        page = reverse("providers:three_w")
        xlsx = reverse("providers:three_w_xlsx")
        as_csv = reverse("providers:three_w_csv")
    query = "?status=assigned"
    body = client.get(page + query).content.decode()
    assert 'class="num heat-4"' in body and "Lebanon" in body
    assert "Jordan" in body and "Association of Southeast Asian Nations" in body
    assert f"{xlsx}?status=assigned" in body
    raw = client.get(as_csv + query).content
    assert raw.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0][0] == "Country or regional organization"
    assert len(lines) == 1 + 4  # JOR 4, JOR 5, LBN 5, ASEAN 2
    book = load_workbook(io.BytesIO(client.get(xlsx + query).content))
    sheet = book.active
    from_xlsx = [[str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert from_xlsx == lines
    assert not sheet.sheet_view.rightToLeft
    # The page's table shows the same lines (without the area number column).
    shown = _table_rows(body)
    assert [[r[0], r[3], r[4]] for r in shown] == [[x[0], x[4], x[5]] for x in lines[1:]]


def test_the_spreadsheet_reads_right_to_left_in_arabic(world: World) -> None:
    _setup()
    with translation.override("ar"):
        url = reverse("providers:three_w_xlsx")
        response = world.client("unoct").get(url)
    book = load_workbook(io.BytesIO(response.content))
    assert book.active.sheet_view.rightToLeft
    assert book.active["A2"].value == "الأردن"


def test_wrong_filters_are_refused_by_the_exports(world: World) -> None:
    client = world.client("unoct")
    with translation.override("en"):
        url = reverse("providers:three_w_csv")
    assert client.get(url + "?start=2026-05-01&end=2026-01-01").status_code == 400


def _support_everywhere(countries: list[Organization]) -> None:
    """One assigned request per country, written in bulk."""
    undp = org("undp")
    requests = SupportRequest.objects.bulk_create(
        SupportRequest(
            requester=country,
            title=f"Support {country.code}",
            modality=Modality.TRAINING,
            status=RequestStatus.ASSIGNED,
        )
        for country in countries
    )
    areas = list(PriorityArea.objects.order_by("number"))
    Through = SupportRequest.priority_areas.through
    Through.objects.bulk_create(
        Through(supportrequest_id=r.pk, priorityarea_id=areas[i % 7].pk)
        for i, r in enumerate(requests)
    )
    Offer.objects.bulk_create(
        Offer(request=r, provider=undp, status=OfferStatus.ACCEPTED) for r in requests
    )


def test_the_page_reads_as_many_queries_for_193_countries_as_for_3(world: World) -> None:
    states = list(Organization.objects.filter(kind=OrganizationKind.MEMBER_STATE).order_by("code"))
    assert len(states) == 193
    client = world.client("unoct")
    with translation.override("en"):
        url = reverse("providers:three_w")

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content.decode()
        return len(queries), body

    _support_everywhere(states[:3])
    few, body = count()
    assert body.count('<th scope="row">') == 3
    _support_everywhere(states[3:])
    many, body = count()
    assert body.count('<th scope="row">') == 193
    assert many == few, f"{few} queries for 3 countries, {many} for 193"
    print(f"3W page: {few} queries for 3 countries, {many} for 193")
