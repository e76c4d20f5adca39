"""Possible duplicates: same place, overlapping PoA areas and overlapping time."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pveplan.providers.duplicates import overlaps
from pveplan.providers.matching import possible_duplicates
from pveplan.providers.tests.factories import assigned, offer, support_request
from pveplan.support import duplicates as support_duplicates
from pveplan.support.models import OfferStatus, RequestStatus
from pveplan.testing import World

pytestmark = pytest.mark.django_db
D = datetime.date


def _new(**fields: object) -> object:
    values: dict[str, object] = {
        "title": "New youth programme",
        "areas": (4, 5),
        "start": D(2026, 3, 1),
        "end": D(2026, 12, 31),
    }
    values.update(fields)
    return support_request("jor", **values)  # type: ignore[arg-type]


def test_support_in_the_same_country_areas_and_time_is_a_possible_duplicate(world: World) -> None:
    other = assigned(
        "jor", "undp", title="Youth resilience", areas=(4,), start=D(2026, 1, 1), end=D(2026, 6, 30)
    )
    with translation.override("en"):
        found = possible_duplicates(_new())
    assert [d.request.pk for d in found] == [other.pk]
    duplicate = found[0]
    assert [p.code for p in duplicate.providers] == ["undp"]
    assert [a.number for a in duplicate.areas] == [4]
    assert duplicate.sentence.startswith(
        "“Youth resilience” (Jordan) is assigned to United Nations Development Programme, "
        "in the same PoA areas 4 (Empowering youth), from "
    )
    assert str(duplicate) == duplicate.sentence


def test_disjoint_areas_time_or_countries_are_no_duplicates(world: World) -> None:
    assigned("jor", "undp", areas=(2,), start=D(2026, 1, 1))  # another area
    assigned("jor", "undp", areas=(4,), start=D(2025, 1, 1), end=D(2025, 12, 31))  # earlier
    assigned("jor", "undp", areas=(4,), start=D(2027, 1, 1))  # later
    assigned("lbn", "undp", areas=(4,), start=D(2026, 1, 1))  # another country
    assigned("jor", "undp", areas=(4,), status=RequestStatus.DELIVERED)  # over
    open_without_offers = support_request("jor", areas=(4,), status=RequestStatus.OPEN)
    assert open_without_offers.offers.count() == 0
    assert possible_duplicates(_new()) == []


def test_missing_dates_are_open_ended(world: World) -> None:
    no_end = assigned("jor", "undp", areas=(5,), start=D(2020, 1, 1))
    no_dates = assigned("jor", "unesco", areas=(4,), status=RequestStatus.IN_DELIVERY)
    found = possible_duplicates(_new())
    assert {d.request.pk for d in found} == {no_end.pk, no_dates.pk}
    assert overlaps(None, None, D(2026, 1, 1), D(2026, 1, 2))
    assert not overlaps(D(2026, 1, 3), None, None, D(2026, 1, 2))


def test_the_accepted_offers_dates_come_before_the_requests(world: World) -> None:
    # The request asked for all 2026, but the provider works only in 2025.
    assigned(
        "jor",
        "undp",
        areas=(4,),
        start=D(2026, 1, 1),
        end=D(2026, 12, 31),
        offer_start=D(2025, 1, 1),
        offer_end=D(2025, 12, 31),
    )
    assert possible_duplicates(_new()) == []


def test_open_requests_with_offers_are_planned_support(world: World) -> None:
    planned = support_request("jor", title="Planned", areas=(5,), status=RequestStatus.OPEN)
    offer(planned, "un-women")
    offer(planned, "unesco", status=OfferStatus.WITHDRAWN)
    with translation.override("en"):
        found = possible_duplicates(_new())
    assert [d.request.pk for d in found] == [planned.pk]
    assert [p.code for p in found[0].providers] == ["un-women"]
    assert "has offers from" in found[0].sentence


def test_the_support_app_uses_this_rule_before_an_assignment(world: World) -> None:
    other = assigned("jor", "undp", title="Youth resilience", areas=(4,))
    new = _new()
    found = support_duplicates.possible_duplicates(new)
    assert [d.request_pk for d in found] == [other.pk]
    assert "Youth resilience" in found[0].label and "United Nations" in found[0].label


def test_duplicates_read_a_constant_number_of_queries(world: World) -> None:
    new = _new()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            possible_duplicates(new)
        return len(queries)

    assigned("jor", "undp", areas=(4,))
    few = count()
    for code in ("unesco", "unodc", "unicef", "ilo"):
        assigned("jor", code, areas=(4, 5))
    assert len(possible_duplicates(new)) == 5
    assert count() == few
