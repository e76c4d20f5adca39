"""The structure editor pages: the tree, in-page htmx editing, and the same without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pveplan.accounts import actions as account_actions
from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.core.models import AuditEvent
from pveplan.plans import actions
from pveplan.plans.models import Plan, PlanNode
from pveplan.plans.views_structure import tier_names
from pveplan.taxonomy.models import Country, Driver, GCTSPillar, PriorityArea, SDGTarget
from pveplan.testing import World

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def body(country: str, code: str, name: str) -> Organization:
    return account_actions.organization_create(
        by=None,
        organization=Organization(
            kind=OrganizationKind.GOVERNMENT_BODY,
            code=code,
            country=Country.objects.get(code=country),
            name_en=name,
        ),
    )


def add(
    world: World,
    parent: PlanNode | None = None,
    text: str = "x",
    plan: str = "a_confidential",
    **extra: Any,
) -> PlanNode:
    return actions.node_add(
        plan=world.plans[plan],
        by=world.users["admin"],
        parent=parent,
        data=actions.NodeInput(texts={"en": text}, **extra),
    )


def fresh(node: PlanNode) -> PlanNode:
    return PlanNode.objects.get(pk=node.pk)


def url(name: str, pk: int, lang: str = "en") -> str:
    path = {
        "structure": "plans/{}/structure/",
        "node_add": "plans/{}/structure/add/",
        "node_edit": "plans/nodes/{}/edit/",
        "node_delete": "plans/nodes/{}/delete/",
        "node_move": "plans/nodes/{}/move/",
    }[name]
    return f"/{lang}/" + path.format(pk)


def form_data(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "text_en": "Community resilience",
        "currency": "USD",
        "status": "planned",
    }
    values.update(overrides)
    return values


# -- reading ------------------------------------------------------------------------------------


def test_the_page_shows_the_tree_with_tier_names_tags_and_facts(world: World) -> None:
    ministry = body("JOR", "jor-moy", "Ministry of Youth")
    pillar = add(world, text="Youth", code="P1")
    add(
        world,
        pillar,
        "Sports clubs",
        code="P1.O1",
        priority_areas=[PriorityArea.objects.get(number=4)],
        gcts_pillars=[GCTSPillar.objects.get(numeral="I")],
        sdg_targets=[SDGTarget.objects.get(code="SDG4.7")],
        lead_body=ministry,
        estimated_cost=1250000,
        is_ddr_related=True,
        status="ongoing",
    )
    html = (
        world.client("a_viewer")
        .get(url("structure", world.plans["a_confidential"].pk))
        .content.decode()
    )
    assert "<html" in html
    for text in ("Pillar", "Objective", "P1.O1", "Sports clubs", "PoA 4", "GCTS I", "SDG4.7"):
        assert text in html, text
    assert "Ministry of Youth" in html and "1,250,000 USD" in html and "DDR" in html
    assert "ongoing" in html


def test_a_viewer_sees_no_editing_controls_and_an_editor_does(world: World) -> None:
    node = add(world)
    plan_url = url("structure", world.plans["a_confidential"].pk)
    viewer = world.client("a_viewer").get(plan_url).content.decode()
    editor = world.client("a_editor").get(plan_url).content.decode()
    assert url("node_edit", node.pk) not in viewer and "node-move" not in viewer
    assert url("node_edit", node.pk) in editor and url("node_move", node.pk) in editor


def test_anyone_reads_the_structure_of_a_public_plan(world: World) -> None:
    add(world, text="Public pillar", plan="a_public")
    response = world.client("anonymous").get(url("structure", world.plans["a_public"].pk))
    assert response.status_code == 200 and "Public pillar" in response.content.decode()


def test_an_htmx_request_gets_only_the_tree_fragment(world: World) -> None:
    add(world, text="Only me")
    response = world.client("a_editor").get(
        url("structure", world.plans["a_confidential"].pk), headers=HTMX
    )
    html = response.content.decode().strip()
    assert response.status_code == 200
    assert html.startswith('<section id="structure-tree"') and html.endswith("</section>")
    assert "<html" not in html and "Only me" in html
    assert "HX-Request" in response["Vary"]


def test_the_arabic_page_is_right_to_left(world: World) -> None:
    node = add(world)
    client = world.client("a_editor")
    page = client.get(url("structure", world.plans["a_confidential"].pk, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    form = client.get(url("node_edit", node.pk, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in form
    assert 'name="text_ar"' in form and 'lang="ar" dir="rtl"' in form


def test_the_plan_can_name_its_own_tiers(world: World) -> None:
    plan = world.plans["a_confidential"]
    # Test set-up: the plan form does not edit tier names yet.
    Plan.objects.filter(pk=plan.pk).update(tier_names=[{"en": "Axis", "ar": "محور"}, "Goal"])
    add(world, add(world, text="A"), text="B")
    html = world.client("a_editor").get(url("structure", plan.pk)).content.decode()
    assert '<span class="tier">Axis</span>' in html and '<span class="tier">Goal</span>' in html
    assert '<span class="tier">Pillar</span>' not in html
    assert tier_names(Plan.objects.get(pk=plan.pk)) == ["Axis", "Goal", "Action", "Sub-action"]


def _grow(world: World, actions_per_objective: int, pillars: list[PlanNode]) -> None:
    """Give each of the 5 pillars 2 objectives, each with `actions_per_objective` actions."""
    ministry = Organization.objects.get(code="jor-mop")
    area = PriorityArea.objects.get(number=4)
    driver = Driver.objects.get(code="PUSH1")
    for pillar in pillars:
        objectives = list(PlanNode.objects.filter(parent=pillar).order_by("position"))
        while len(objectives) < 2:
            objectives.append(add(world, pillar, "Objective", code="O"))
        for objective in objectives:
            have = PlanNode.objects.filter(parent=objective).count()
            for index in range(have, actions_per_objective):
                add(
                    world,
                    objective,
                    f"Action {index}",
                    code=f"A{index}",
                    priority_areas=[area],
                    drivers=[driver],
                    lead_body=ministry,
                    partner_bodies=[ministry],
                    estimated_cost=1000,
                )


def test_the_page_takes_the_same_number_of_queries_for_10_and_300_actions(world: World) -> None:
    body("JOR", "jor-mop", "Ministry of Planning")
    plan = world.plans["a_confidential"]
    pillars = [add(world, text=f"Pillar {n}", code=f"P{n}") for n in range(1, 6)]
    client = world.client("a_editor")
    page = url("structure", plan.pk)
    client.get(page)  # warm up per-process caches (content types, templates)

    counts = {}
    for total, per_objective in ((10, 1), (300, 30)):
        _grow(world, per_objective, pillars)
        assert PlanNode.objects.filter(plan=plan, level=3).count() == total
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code == 200
        assert response.content.decode().count('class="node level-3"') == total
        counts[total] = len(queries)
    print(f"structure page queries: {counts}")
    assert counts[10] == counts[300], counts
    # Session, user, scope, plan, nodes, 4 tag kinds, partner bodies, national/regional links,
    # legal instruments, consultation inputs, unread notifications...: a fixed set.
    assert counts[300] <= 18, counts


# -- editing with htmx ---------------------------------------------------------------------------


def test_adding_a_top_tier_node_with_htmx_answers_the_new_tree(world: World) -> None:
    plan = world.plans["a_confidential"]
    client = world.client("a_editor")
    form = client.get(url("node_add", plan.pk), headers=HTMX).content.decode()
    assert form.lstrip().startswith("<form") and "<html" not in form
    response = client.post(url("node_add", plan.pk), form_data(code="P9"), headers=HTMX)
    html = response.content.decode().strip()
    assert response.status_code == 200 and html.startswith('<section id="structure-tree"')
    assert response["HX-Retarget"] == "#structure-tree" and response["HX-Reswap"] == "outerHTML"
    node = PlanNode.objects.get(plan=plan)
    assert node.level == 1 and node.code == "P9" and "Community resilience" in html
    assert "The item was added." in html


def test_adding_a_child_with_htmx_puts_it_under_its_parent(world: World) -> None:
    plan = world.plans["a_confidential"]
    parent = add(world, text="Pillar")
    client = world.client("a_editor")
    form = client.get(f"{url('node_add', plan.pk)}?parent={parent.pk}", headers=HTMX)
    assert f'name="parent" value="{parent.pk}"' in form.content.decode()
    assert "Objective" in form.content.decode()
    client.post(url("node_add", plan.pk), form_data(parent=parent.pk), headers=HTMX)
    child = PlanNode.objects.get(parent=parent)
    assert child.level == 2


def test_a_parent_from_another_plan_or_country_answers_404(world: World) -> None:
    plan = world.plans["a_confidential"]
    elsewhere = add(world, plan="a_public")
    lebanese = add(world, plan="b_confidential")
    client = world.client("a_editor")
    for parent in (elsewhere.pk, lebanese.pk, "abc"):
        response = client.post(url("node_add", plan.pk), form_data(parent=parent))
        assert response.status_code == 404
    assert not PlanNode.objects.filter(plan=plan).exists()


def test_an_invalid_form_shows_errors_inline_and_saves_nothing(world: World) -> None:
    node = add(world, text="Before")
    client = world.client("a_editor")
    response = client.post(
        url("node_edit", node.pk),
        form_data(text_en="After", start_date="2026-01-01", end_date="2025-01-01", version=1),
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith("<form")
    assert "The end cannot come before the start." in html and "Nothing was saved" in html
    assert 'name="version" value="1"' in html
    assert fresh(node).text["en"]["text"] == "Before" and fresh(node).version == 1


def test_a_node_without_any_text_is_refused(world: World) -> None:
    plan = world.plans["a_confidential"]
    response = world.client("a_editor").post(
        url("node_add", plan.pk), form_data(text_en=""), headers=HTMX
    )
    assert "Write the text in at least one language." in response.content.decode()
    assert not PlanNode.objects.filter(plan=plan).exists()


def test_the_body_lists_offer_only_the_plans_own_country(world: World) -> None:
    own = body("JOR", "jor-moi", "Ministry of Interior (Jordan)")
    other = body("LBN", "lbn-moi", "Ministry of Interior (Lebanon)")
    node = add(world)
    client = world.client("a_editor")
    form = client.get(url("node_edit", node.pk)).context["form"]
    assert list(form.fields["lead_body"].queryset) == [own]
    assert list(form.fields["partner_bodies"].queryset) == [own]
    response = client.post(url("node_edit", node.pk), form_data(lead_body=other.pk, version=1))
    assert "lead_body" in response.context["form"].errors
    assert fresh(node).lead_body is None and fresh(node).version == 1


def test_editing_with_htmx_saves_and_answers_the_tree(world: World) -> None:
    node = add(world, text="Before")
    area = PriorityArea.objects.get(number=2)
    client = world.client("a_editor")
    form = client.get(url("node_edit", node.pk), headers=HTMX).content.decode()
    assert "Before" in form and 'name="version" value="1"' in form
    response = client.post(
        url("node_edit", node.pk),
        form_data(
            text_en="After",
            text_ar="بعد",
            rationale_en="Because",
            priority_areas=[area.pk],
            version=1,
        ),
        headers=HTMX,
    )
    assert response["HX-Retarget"] == "#structure-tree"
    node = fresh(node)
    assert node.text["en"]["text"] == "After" and node.text["ar"]["provenance"] == "original"
    assert node.rationale["en"]["text"] == "Because" and list(node.priority_areas.all()) == [area]
    assert node.version == 2


def test_a_conflicting_edit_says_so_and_shows_the_node_as_it_is_now(world: World) -> None:
    node = add(world, text="Before")
    actions.node_update(
        node=fresh(node),
        by=world.users["a_focal"],
        data=actions.NodeInput(texts={"en": "Changed by the focal point"}),
        expected_version=1,
    )
    client = world.client("a_editor")
    response = client.post(
        url("node_edit", node.pk), form_data(text_en="Mine", version=1), headers=HTMX
    )
    html = response.content.decode()
    assert "Someone else changed this item" in html
    assert "Changed by the focal point" in html and 'name="version" value="2"' in html
    assert fresh(node).text["en"]["text"] == "Changed by the focal point"


def test_a_conflicting_edit_without_javascript_redirects_to_the_current_form(world: World) -> None:
    node = add(world, text="Before")
    actions.node_update(
        node=fresh(node),
        by=world.users["a_focal"],
        data=actions.NodeInput(texts={"en": "Theirs"}),
        expected_version=1,
    )
    client = world.client("a_editor")
    response = client.post(url("node_edit", node.pk), form_data(text_en="Mine", version=1))
    assert response.status_code == 302 and response["Location"] == url("node_edit", node.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Someone else changed this item" in page and "Theirs" in page


def test_deleting_asks_first_then_removes_the_subtree(world: World) -> None:
    plan = world.plans["a_confidential"]
    pillar = add(world, text="Pillar")
    add(world, add(world, pillar), text="deep")
    client = world.client("a_editor")
    confirm = client.get(url("node_delete", pillar.pk), headers=HTMX).content.decode()
    assert confirm.lstrip().startswith("<form") and "2 items under it" in confirm
    assert PlanNode.objects.filter(plan=plan).count() == 3
    response = client.post(url("node_delete", pillar.pk), {"version": 1}, headers=HTMX)
    assert response.status_code == 200 and "The item was deleted." in response.content.decode()
    assert not PlanNode.objects.filter(plan=plan).exists()


def test_a_stale_delete_keeps_the_node_and_says_why(world: World) -> None:
    node = add(world, text="Keep me")
    response = world.client("a_editor").post(
        url("node_delete", node.pk), {"version": 0}, headers=HTMX
    )
    html = response.content.decode()
    assert "Someone else changed this item first." in html and "Keep me" in html
    assert PlanNode.objects.filter(pk=node.pk).exists()


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ("up", [("B", 1), ("A", 1), ("C", 1)]),
        ("down", [("A", 1), ("C", 1), ("B", 1)]),
        ("indent", [("A", 1), ("B", 2), ("C", 1)]),
    ],
)
def test_moving_with_htmx_reorders_and_answers_the_tree(
    world: World, direction: str, expected: list[tuple[str, int]]
) -> None:
    _, b, _ = (add(world, text=t) for t in "ABC")
    response = world.client("a_editor").post(
        url("node_move", b.pk), {"direction": direction, "version": 1}, headers=HTMX
    )
    assert response.status_code == 200 and response["HX-Retarget"] == "#structure-tree"
    assert "The item was moved." in response.content.decode()
    nodes = PlanNode.objects.filter(plan=world.plans["a_confidential"])
    ordered = sorted(nodes, key=lambda n: (n.parent.position if n.parent else n.position, n.level))
    assert [(n.text["en"]["text"], n.level) for n in ordered] == expected


def test_outdenting_without_javascript_redirects_back_to_the_node(world: World) -> None:
    pillar = add(world, text="Pillar")
    child = add(world, pillar, "Child")
    client = world.client("a_editor")
    response = client.post(url("node_move", child.pk), {"direction": "outdent", "version": 1})
    structure = url("structure", world.plans["a_confidential"].pk)
    assert response.status_code == 302 and response["Location"] == f"{structure}#node-{child.pk}"
    child = fresh(child)
    assert (child.level, child.parent_id, child.position) == (1, None, 1)
    assert "The item was moved." in client.get(structure).content.decode()


@pytest.mark.parametrize(
    ("direction", "message"),
    [
        ("up", "already the first"),
        ("outdent", "cannot be outdented"),
        ("indent", "can be indented"),
        ("sideways", "Choose up, down, indent or outdent."),
    ],
)
def test_an_impossible_move_changes_nothing_and_says_why(
    world: World, direction: str, message: str
) -> None:
    node = add(world, text="Only")
    response = world.client("a_editor").post(
        url("node_move", node.pk), {"direction": direction, "version": 1}, headers=HTMX
    )
    assert message in response.content.decode()
    assert fresh(node).version == 1
    assert not AuditEvent.objects.filter(action="node.move").exists()


def test_without_javascript_the_forms_post_and_redirect(world: World) -> None:
    plan = world.plans["a_confidential"]
    client = world.client("a_editor")
    page = client.get(url("node_add", plan.pk))
    assert "<html" in page.content.decode()
    response = client.post(url("node_add", plan.pk), form_data())
    node = PlanNode.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == f"{url('structure', plan.pk)}#node-{node.pk}"
    invalid = client.post(url("node_edit", node.pk), form_data(currency="dollars", version=1))
    assert invalid.status_code == 200 and "<html" in invalid.content.decode()
    assert "currency" in invalid.context["form"].errors
    deleted = client.post(url("node_delete", node.pk), {"version": 1})
    assert deleted.status_code == 302 and not PlanNode.objects.filter(plan=plan).exists()


# -- who may ------------------------------------------------------------------------------------


def _every_structure_request(plan: Plan, node: PlanNode) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("get", url("structure", plan.pk), {}),
        ("get", url("node_add", plan.pk), {}),
        ("post", url("node_add", plan.pk), form_data()),
        ("get", url("node_edit", node.pk), {}),
        ("post", url("node_edit", node.pk), form_data(version=1)),
        ("get", url("node_delete", node.pk), {}),
        ("post", url("node_delete", node.pk), {"version": 1}),
        ("post", url("node_move", node.pk), {"direction": "down", "version": 1}),
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_an_editor_of_another_country_gets_404_on_every_structure_url(
    world: World, htmx: bool
) -> None:
    plan = world.plans["a_confidential"]
    node = add(world, text="Secret")
    client = world.client("b_editor")
    for method, address, data in _every_structure_request(plan, node):
        response = getattr(client, method)(address, data, headers=HTMX if htmx else {})
        assert response.status_code == 404, f"{method} {address}"
    assert PlanNode.objects.filter(plan=plan).count() == 1 and fresh(node).version == 1


def test_a_viewer_gets_403_on_every_write(world: World) -> None:
    plan = world.plans["a_confidential"]
    node = add(world, text="Read only")
    client = world.client("a_viewer")
    requests = _every_structure_request(plan, node)
    assert client.get(requests[0][1]).status_code == 200
    for method, address, data in requests[1:]:
        response = getattr(client, method)(address, data)
        assert response.status_code == 403, f"{method} {address}"
    assert PlanNode.objects.filter(plan=plan).count() == 1 and fresh(node).version == 1


def test_the_move_and_delete_urls_refuse_other_methods(world: World) -> None:
    node = add(world)
    client = world.client("a_editor")
    assert client.get(url("node_move", node.pk)).status_code == 405
    assert client.post(url("structure", world.plans["a_confidential"].pk)).status_code == 405
