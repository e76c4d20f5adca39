from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pveplan.plans import actions
from pveplan.plans.models import Sensitivity
from pveplan.taxonomy.models import PriorityArea, Region
from pveplan.testing import World, org, plan_input

pytestmark = pytest.mark.django_db


def _titles(response: Any) -> list[int]:
    return sorted(plan.pk for plan in response.context["page"].object_list)


def test_anonymous_visitors_see_only_public_plans(world: World) -> None:
    response = world.client("anonymous").get("/en/")
    assert _titles(response) == [world.plans["a_public"].pk]


def test_country_b_never_sees_country_a_confidential_plan(world: World) -> None:
    response = world.client("b_editor").get("/en/")
    shown = _titles(response)
    assert world.plans["a_confidential"].pk not in shown
    assert world.plans["b_confidential"].pk in shown
    assert world.plans["a_partners"].pk not in shown


def test_the_unoct_officer_sees_every_plan(world: World) -> None:
    response = world.client("unoct").get("/en/")
    assert _titles(response) == sorted(p.pk for p in world.plans.values())


def test_partners_see_plans_shared_with_partners(world: World) -> None:
    shown = _titles(world.client("donor").get("/en/"))
    assert world.plans["a_partners"].pk in shown and world.plans["a_confidential"].pk not in shown


def test_the_sensitivity_filter_offers_only_levels_you_can_see(world: World) -> None:
    anonymous = world.client("anonymous").get("/en/").context["form"]
    assert [c for c, _ in anonymous.fields["sensitivity"].choices] == ["", "public"]
    donor = world.client("donor").get("/en/").context["form"]
    assert [c for c, _ in donor.fields["sensitivity"].choices] == ["", "public", "partners"]


def test_filters_by_status_scope_region_and_priority_area(world: World) -> None:
    client = world.client("unoct")
    western_asia = Region.objects.get(countries__code="JOR")
    youth = PriorityArea.objects.get(number=4)
    assert _titles(client.get("/en/", {"status": "implementing"})) == [world.plans["a_public"].pk]
    assert _titles(client.get("/en/", {"priority_area": youth.pk})) == [
        world.plans["a_partners"].pk
    ]
    assert len(_titles(client.get("/en/", {"region": western_asia.pk}))) == 4
    assert len(_titles(client.get("/en/", {"region": western_asia.parent_id}))) == 4
    assert _titles(client.get("/en/", {"scope": "regional"})) == []
    assert len(_titles(client.get("/en/", {"country": "LBN"}))) == 1


def test_search_finds_plans_by_title_in_any_language(world: World) -> None:
    client = world.client("unoct")
    assert world.plans["b_confidential"].pk in _titles(client.get("/en/", {"q": "خطة لبنان"}))
    assert world.plans["b_confidential"].pk in _titles(client.get("/en/", {"q": "Lebanon"}))


def test_an_invalid_filter_is_ignored_not_an_error(world: World) -> None:
    response = world.client("unoct").get("/en/", {"region": "not-a-number"})
    assert response.status_code == 200


def test_the_map_colours_each_country_by_its_latest_national_plan(world: World) -> None:
    response = world.client("unoct").get("/en/")
    rows = {row["iso3"]: row for row in response.context["map_rows"]}
    assert rows["JOR"]["plans"] == 3 and rows["LBN"]["plans"] == 1
    assert rows["JOR"]["m49"] == "400"
    body = response.content.decode()
    data = json.loads(body.split('id="map-data" type="application/json">')[1].split("</script>")[0])
    assert {row["iso3"] for row in data} == {"JOR", "LBN"}
    assert "The map as a table" in body


def test_the_map_shows_outsiders_nothing_confidential(world: World) -> None:
    rows = world.client("b_editor").get("/en/").context["map_rows"]
    jordan = next(row for row in rows if row["iso3"] == "JOR")
    assert jordan["plan"] == world.plans["a_public"].pk and jordan["plans"] == 1


def test_an_htmx_request_gets_only_the_results_fragment(world: World) -> None:
    response = world.client("unoct").get("/en/", {"status": "drafting"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="map-data"' in body


def test_the_registry_in_arabic_is_right_to_left_and_translated(world: World) -> None:
    body = world.client("unoct").get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "الخطة الوطنية لمنع التطرف العنيف" in body


def test_the_registry_runs_the_same_number_of_queries_for_few_or_many_plans(world: World) -> None:
    client: Client = world.client("a_focal")
    client.get("/en/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get("/en/").status_code == 200
    areas = list(PriorityArea.objects.all()[:3])
    for i in range(60):
        owner = org("lbn" if i % 2 else "jor")
        actions.plan_create(
            by=world.users["admin"],
            data=plan_input(owner, sensitivity=Sensitivity.PUBLIC, priority_areas=areas),
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get("/en/").status_code == 200
    assert len(many) == len(few) <= 12
