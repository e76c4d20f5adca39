"""Each API operation, through the real URLs with a bearer token."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pveplan.api.tests.helpers import ApiClient, client_for, secret_of
from pveplan.core.models import AuditEvent
from pveplan.plans import actions as plan_actions
from pveplan.plans.models import Plan, PlanNode, Status
from pveplan.support.tests import helpers as support
from pveplan.taxonomy.models import PriorityArea
from pveplan.testing import World, org, plan_input

pytestmark = pytest.mark.django_db


def _node(world: World, plan: str = "a_confidential", **values: Any) -> PlanNode:
    data = {"texts": {"en": "Prevention", "ar": "الوقاية"}, "code": "P1", **values}
    return plan_actions.node_add(
        plan=world.plans[plan],
        by=world.users["admin"],
        parent=None,
        data=plan_actions.NodeInput(**data),
    )


def _path(node: PlanNode) -> str:
    return f"/plans/{node.plan_id}/nodes/{node.pk}"


# --- /me ---------------------------------------------------------------------------------


def test_me_names_the_owner_their_memberships_and_the_token(world: World) -> None:
    answer = client_for(world, "a_editor").get("/me")
    assert answer.status_code == 200
    body = answer.json()
    assert body["username"] == "a_editor"
    assert body["memberships"] == [
        {
            "organization": {
                "code": "jor",
                "name": "Jordan",
                "kind": "member_state",
                "country": "JOR",
            },
            "role": "editor",
            "role_label": "Editor",
            "is_global": False,
        }
    ]
    assert body["permissions_everywhere"] == []
    assert body["token"]["name"] == "a_editor test"


def test_me_shows_the_global_permissions_of_unoct(world: World) -> None:
    body = client_for(world, "unoct").get("/me").json()
    assert body["memberships"][0]["is_global"] is True
    assert "plans:approve" in body["permissions_everywhere"]


# --- /plans ------------------------------------------------------------------------------


def _codes(answer: Any) -> set[str]:
    return {item["code"] for item in answer.json()["items"]}


def test_plans_lists_only_what_the_owner_may_see(world: World) -> None:
    codes = {name: plan.code for name, plan in world.plans.items()}
    a_plans = {codes["a_confidential"], codes["a_partners"], codes["a_public"]}
    assert _codes(client_for(world, "a_viewer").get("/plans")) == a_plans
    assert _codes(client_for(world, "b_editor").get("/plans")) == {
        codes["b_confidential"],
        codes["a_public"],
    }
    assert _codes(client_for(world, "donor").get("/plans")) == {
        codes["a_partners"],
        codes["a_public"],
    }
    assert _codes(client_for(world, "outsider").get("/plans")) == {codes["a_public"]}
    assert _codes(client_for(world, "unoct").get("/plans")) == set(codes.values())


def test_a_listed_plan_has_its_facts(world: World) -> None:
    plan = world.plans["a_partners"]
    answer = client_for(world, "a_viewer").get("/plans", status="drafting", scope="national")
    item = next(i for i in answer.json()["items"] if i["id"] == plan.pk)
    assert item["titles"]["en"] == "National plan to prevent violent extremism"
    assert item["title"] == "National plan to prevent violent extremism"
    assert item["sensitivity"] == "partners"
    assert item["status"] == "drafting"
    assert item["owner"]["country"] == "JOR"
    assert (item["period_start"], item["period_end"]) == (2024, 2028)
    assert item["priority_areas"] == [4]
    assert item["version"] == plan.version


def test_plans_filter_by_country_status_and_scope(world: World) -> None:
    unoct = client_for(world, "unoct")
    lebanon = unoct.get("/plans", country="lbn").json()
    assert [i["code"] for i in lebanon["items"]] == [world.plans["b_confidential"].code]
    assert lebanon["count"] == 1
    implementing = unoct.get("/plans", status="implementing").json()["items"]
    assert [i["code"] for i in implementing] == [world.plans["a_public"].code]
    assert unoct.get("/plans", scope="regional").json() == {"items": [], "count": 0}


def test_a_filter_value_outside_its_choices_is_refused(world: World) -> None:
    unoct = client_for(world, "unoct")
    assert unoct.get("/plans", status="dreaming").status_code == 422
    assert unoct.get("/plans", country="JORDAN").status_code == 422


def test_plans_are_paginated(world: World) -> None:
    unoct = client_for(world, "unoct")
    first = unoct.get("/plans", page_size=3).json()
    second = unoct.get("/plans", page_size=3, page=2).json()
    assert first["count"] == second["count"] == 4
    assert len(first["items"]) == 3 and len(second["items"]) == 1
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def _queries(client: ApiClient, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_plan_list_takes_as_many_queries_for_many_rows_as_for_few(world: World) -> None:
    client = client_for(world, "a_viewer")
    client.get("/me")  # the token's first use writes last_used_at; later ones within a minute don't
    few = _queries(client, "/plans")
    area = PriorityArea.objects.get(number=2)
    for n in range(12):
        plan_actions.plan_create(
            by=world.users["admin"],
            data=plan_input(
                org("jor"), titles={"ar": f"خطة {n}", "en": f"Plan {n}"}, priority_areas=[area]
            ),
        )
    assert _queries(client, "/plans") == few
    assert few <= 6


# --- /plans/{id} -------------------------------------------------------------------------


def test_one_plan_by_id_or_code(world: World) -> None:
    plan = world.plans["a_confidential"]
    client = client_for(world, "a_editor")
    by_id = client.get(f"/plans/{plan.pk}")
    assert by_id.status_code == 200
    assert by_id.json()["summaries"] == {"en": "A plan."}
    assert client.get(f"/plans/{plan.code}").json()["id"] == plan.pk


def test_a_plan_outside_sight_is_not_found_and_says_nothing_more(world: World) -> None:
    plan = world.plans["a_confidential"]
    answer = client_for(world, "b_editor").get(f"/plans/{plan.pk}")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not found."}
    assert client_for(world, "b_editor").get("/plans/999999").json() == answer.json()


# --- /plans/{id}/nodes -------------------------------------------------------------------


def test_nodes_are_the_plan_structure_with_tags(world: World) -> None:
    pillar = _node(world, priority_areas=[PriorityArea.objects.get(number=3)])
    action = plan_actions.node_add(
        plan=world.plans["a_confidential"],
        by=world.users["admin"],
        parent=pillar,
        data=plan_actions.NodeInput(texts={"en": "Train teachers"}, currency="JOD"),
    )
    answer = client_for(world, "a_viewer").get(f"/plans/{pillar.plan_id}/nodes")
    assert answer.status_code == 200
    nodes = answer.json()
    assert [(n["id"], n["parent"], n["level"], n["tier"]) for n in nodes] == [
        (pillar.pk, None, 1, "Pillar"),
        (action.pk, pillar.pk, 2, "Objective"),
    ]
    assert nodes[0]["texts"] == {"ar": "الوقاية", "en": "Prevention"}
    assert nodes[0]["priority_areas"] == [3]
    assert nodes[1]["currency"] == "JOD" and nodes[1]["version"] == 1


def test_nodes_of_a_plan_outside_sight_are_not_found(world: World) -> None:
    node = _node(world)
    assert client_for(world, "donor").get(f"/plans/{node.plan_id}/nodes").status_code == 404


def test_the_node_list_takes_as_many_queries_for_many_nodes_as_for_few(world: World) -> None:
    client = client_for(world, "a_viewer")
    client.get("/me")
    pillar = _node(world)
    path = f"/plans/{pillar.plan_id}/nodes"
    few = _queries(client, path)
    area = PriorityArea.objects.get(number=5)
    for n in range(10):
        plan_actions.node_add(
            plan=world.plans["a_confidential"],
            by=world.users["admin"],
            parent=pillar,
            data=plan_actions.NodeInput(texts={"en": f"Action {n}"}, priority_areas=[area]),
        )
    assert _queries(client, path) == few


# --- PATCH /plans/{id}/nodes/{node_id} ---------------------------------------------------


def test_an_editor_changes_an_action_through_the_structure_action(world: World) -> None:
    node = _node(world, target_groups="Youth")
    answer = client_for(world, "a_editor").patch(
        _path(node),
        {
            "version": node.version,
            "texts": {"en": "Prevention first", "fr": "La prévention d'abord"},
            "priority_areas": [1, 7],
            "estimated_cost": "1500.50",
            "status": "ongoing",
        },
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["texts"] == {
        "ar": "الوقاية",
        "en": "Prevention first",
        "fr": "La prévention d'abord",
    }
    assert body["priority_areas"] == [1, 7]
    assert body["status"] == "ongoing"
    assert body["target_groups"] == "Youth"  # left out, so kept
    assert body["version"] == node.version + 1
    node.refresh_from_db()
    assert str(node.estimated_cost) == "1500.50"
    event = AuditEvent.objects.filter(action="node.update").latest("sequence")
    assert event.actor == world.users["a_editor"]
    assert event.object_id == str(node.pk)
    assert event.after["status"] == "ongoing"
    assert event.before["status"] == "planned"


def test_an_empty_text_removes_that_language(world: World) -> None:
    node = _node(world)
    body = (
        client_for(world, "a_editor")
        .patch(_path(node), {"version": node.version, "texts": {"ar": ""}})
        .json()
    )
    assert body["texts"] == {"en": "Prevention"}


def test_bodies_are_named_by_code_and_must_belong_to_the_plans_country(world: World) -> None:
    node = _node(world)
    client = client_for(world, "a_editor")
    answer = client.patch(_path(node), {"version": node.version, "lead_body": "lbn"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "lead_body"]
    node.refresh_from_db()
    assert node.lead_body is None and node.version == 1


def test_a_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    node = _node(world)
    client = client_for(world, "a_editor")
    first = client.patch(_path(node), {"version": node.version, "code": "P1.1"})
    assert first.status_code == 200
    again = client.patch(_path(node), {"version": node.version, "code": "P9"})
    assert again.status_code == 409
    assert "changed" in again.json()["detail"]
    node.refresh_from_db()
    assert node.code == "P1.1"


def test_a_viewer_sees_the_node_but_may_not_change_it(world: World) -> None:
    node = _node(world)
    answer = client_for(world, "a_viewer").patch(_path(node), {"version": 1, "code": "X"})
    assert answer.status_code == 403
    node.refresh_from_db()
    assert node.code == "P1"


def test_an_editor_of_another_country_gets_404(world: World) -> None:
    node = _node(world)
    answer = client_for(world, "b_editor").patch(_path(node), {"version": 1, "code": "X"})
    assert answer.status_code == 404


def test_a_node_addressed_under_another_plan_is_not_found(world: World) -> None:
    node = _node(world)
    other = world.plans["a_partners"]
    answer = client_for(world, "a_editor").patch(
        f"/plans/{other.pk}/nodes/{node.pk}", {"version": 1, "code": "X"}
    )
    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"code": "X" * 31}, ["body", "code"]),
        ({"currency": "usd"}, ["body", "currency"]),
        ({"estimated_cost": "-1"}, ["body", "estimated_cost"]),
        ({"estimated_cost": "1.234"}, ["body", "estimated_cost"]),
        ({"status": "dreaming"}, ["body", "status"]),
        ({"texts": {"xx": "text"}}, ["body", "texts", "xx", "[key]"]),
        ({"target_groups": "y" * 501}, ["body", "target_groups"]),
        ({"colour": "red"}, ["body", "colour"]),
        ({"priority_areas": [8]}, ["body", "priority_areas"]),
        ({"drivers": ["no-such-driver"]}, ["body", "drivers"]),
        ({"start_date": "2027-01-01", "end_date": "2026-01-01"}, ["body", "end_date"]),
        ({"texts": {"ar": "", "en": ""}}, ["body", "texts", "ar"]),
    ],
)
def test_invalid_data_is_refused_with_field_messages(
    world: World, body: dict[str, Any], where: list[str]
) -> None:
    node = _node(world)
    answer = client_for(world, "a_editor").patch(_path(node), {"version": 1, **body})
    assert answer.status_code == 422, answer.content
    errors = answer.json()["detail"]
    assert any(error["loc"] == where for error in errors), errors
    assert all(error["msg"] for error in errors)
    node.refresh_from_db()
    assert node.version == 1


def test_the_version_is_required(world: World) -> None:
    node = _node(world)
    answer = client_for(world, "a_editor").patch(_path(node), {"code": "X"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "version"]


# --- /support-requests -------------------------------------------------------------------


def test_support_requests_follow_the_visibility_rule(world: World) -> None:
    support.submitted(world, title="submitted")
    support.opened(world, title="shared", shared=True)
    support.submitted(world, "lbn", title="lebanon")

    def titles(persona: str) -> set[str]:
        answer = client_for(world, persona).get("/support-requests")
        assert answer.status_code == 200
        return {item["title"] for item in answer.json()["items"]}

    assert titles("a_viewer") == {"submitted", "shared"}
    assert titles("b_editor") == {"lebanon"}
    assert titles("donor") == {"shared"}
    assert titles("outsider") == set()
    assert titles("unoct") == {"submitted", "shared", "lebanon"}


def test_a_support_request_has_its_facts_and_filters_by_status(world: World) -> None:
    support.opened(world, title="shared", shared=True)
    support.submitted(world, title="submitted")
    answer = client_for(world, "a_editor").get("/support-requests", status="open")
    [item] = answer.json()["items"]
    assert item["title"] == "shared"
    assert item["requester"]["code"] == "jor"
    assert item["priority_areas"] == [4]
    assert item["languages"] == ["ar", "en"]
    assert item["modality"] == "drafting"


def test_the_support_request_list_takes_as_many_queries_for_many_rows(world: World) -> None:
    client = client_for(world, "a_editor")
    client.get("/me")
    support.submitted(world)
    few = _queries(client, "/support-requests")
    for n in range(8):
        support.submitted(world, title=f"request {n}")
    assert _queries(client, "/support-requests") == few


# --- /taxonomy/priority-areas ------------------------------------------------------------


def test_priority_areas_are_public(world: World) -> None:
    answer = ApiClient().get("/taxonomy/priority-areas")
    assert answer.status_code == 200
    areas = answer.json()
    assert [a["number"] for a in areas] == [1, 2, 3, 4, 5, 6, 7]
    assert all(a["names"]["ar"] and a["names"]["en"] and a["label"] for a in areas)


def test_priority_area_labels_follow_the_accept_language(world: World) -> None:
    client = ApiClient()
    english = client.get("/taxonomy/priority-areas")
    french = client.client.get("/api/v1/taxonomy/priority-areas", headers={"Accept-Language": "fr"})
    assert french.json()[0]["label"] == french.json()[0]["names"]["fr"]
    assert english.json()[0]["label"] == english.json()[0]["names"]["en"]


def test_an_adopted_plan_reads_the_same_through_the_api_as_in_the_registry(world: World) -> None:
    plan = Plan.objects.get(pk=world.plans["a_public"].pk)
    body = client_for(world, "outsider").get(f"/plans/{plan.pk}").json()
    assert body["status"] == Status.IMPLEMENTING
    assert body["adoption_body"] == "Council of Ministers"
    assert body["adoption_date"] == "2019-05-01"
    assert secret_of(world, "outsider")  # anyone with an account may hold a token
