"""A plan's legal framework page, the node page that links instruments, and the public queries
`framework_for` and `links_by_node`."""

from __future__ import annotations

from typing import Any

import pytest

from pveplan.core.models import AuditEvent
from pveplan.core.permissions import Role
from pveplan.instruments.models import NodeInstrumentLink
from pveplan.instruments.queries import framework_for, links_by_node
from pveplan.instruments.tests.helpers import make_instrument, make_link, make_node
from pveplan.plans import actions as plan_actions
from pveplan.testing import World, make_user, org, plan_input

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def framework_url(world: World, plan: str = "a_confidential") -> str:
    return f"/en/plans/{world.plans[plan].pk}/legal-framework/"


def node_url(node_pk: int) -> str:
    return f"/en/plans/nodes/{node_pk}/instruments/"


def _titled(world: World, title: str, **extra: Any) -> Any:
    return make_instrument(world, titles={"en": title}, original_language="en", **extra)


# -- the framework page --------------------------------------------------------------------------


def test_the_framework_groups_what_the_plan_relies_on_and_must_change(world: World) -> None:
    pillar = make_node(world, text="P1 Governance")
    action = make_node(world, parent=pillar, text="A1 Reform")
    law = _titled(world, "Counter-terrorism law", reference_number="55")
    strategy = _titled(world, "Youth strategy", type="strategy")
    make_link(world, pillar, strategy, "aligned")
    make_link(world, action, law, "conflicts", note="Article 3 criminalizes online speech.")
    make_link(world, pillar, law, "needs_amendment", note="Add a rehabilitation clause.")

    html = world.client("a_viewer").get(framework_url(world)).content.decode()
    must_change = html[html.index("Frameworks the plan must change") :]
    relies_on = html[html.index("Frameworks the plan relies on") :]
    must_change = must_change[: must_change.index("Frameworks the plan relies on")]
    assert "Counter-terrorism law" in must_change and "Youth strategy" not in must_change
    assert "Article 3 criminalizes online speech." in must_change
    assert "Add a rehabilitation clause." in must_change
    assert "conflicts" in must_change and "needs amendment" in must_change
    assert "Youth strategy" in relies_on and "Counter-terrorism law" not in relies_on
    # In the order of the plan's tree: the pillar before its action.
    assert must_change.index("P1 Governance") < must_change.index("A1 Reform")
    assert "2 instruments linked" in html


def test_the_framework_offers_writers_every_plan_item_to_link(world: World) -> None:
    pillar = make_node(world, text="P1 Governance")
    make_link(world, pillar, _titled(world, "Law"))
    make_node(world, text="P2 Youth")
    editor_html = world.client("a_editor").get(framework_url(world)).content.decode()
    assert f'href="{node_url(pillar.pk)}"' in editor_html
    assert "P2 Youth" in editor_html
    viewer_html = world.client("a_viewer").get(framework_url(world)).content.decode()
    assert "P2 Youth" not in viewer_html


def test_the_framework_takes_a_constant_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = world.client("a_viewer")
    pillar = make_node(world, text="P1")
    make_link(world, pillar, _titled(world, "First law"))
    client.get(framework_url(world))
    with django_assert_max_num_queries(10) as few:
        client.get(framework_url(world))
    instruments = [_titled(world, f"Law {n}", reference_number=str(n)) for n in range(8)]
    for n in range(6):
        node = make_node(world, parent=pillar, text=f"A{n}")
        for index, instrument in enumerate(instruments):
            harmonization = "aligned" if index % 2 else "conflicts"
            make_link(world, node, instrument, harmonization, note="why")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(framework_url(world)).content.decode()
    assert html.count("badge harmonization-conflicts") >= 24


def test_a_regional_plans_framework_hides_member_state_instruments_from_outsiders(
    world: World,
) -> None:
    plan = plan_actions.plan_create(
        by=world.users["admin"],
        data=plan_input(
            org("las"), scope="regional", original_language="en", titles={"en": "Arab plan"}
        ),
    )
    world.plans["regional"] = plan
    node = make_node(world, "regional", text="R1 Cooperation")
    make_link(world, node, _titled(world, "Arab convention", owner="las"))
    make_link(world, node, _titled(world, "Jordanian law"), "conflicts", note="Too broad.")
    las_editor = make_user("las-editor", ("las", Role.EDITOR))
    world.users["las_editor"] = las_editor

    regional_html = world.client("las_editor").get(framework_url(world, "regional")).content
    assert b"Arab convention" in regional_html
    assert b"Jordanian law" not in regional_html
    unoct_rows = framework_for(plan, world.users["unoct"])
    assert [row.instrument.shown_title.text for row in unoct_rows] == [
        "Arab convention",
        "Jordanian law",
    ]


# -- the public queries --------------------------------------------------------------------------


def test_framework_for_returns_rows_in_tree_order_in_two_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    first = make_node(world, text="P1")
    second = make_node(world, text="P2")
    child = make_node(world, parent=first, text="A1")
    law, decree = _titled(world, "Law"), _titled(world, "Decree", type="decree")
    make_link(world, second, law)
    make_link(world, child, decree, "needs_amendment", note="Update article 2.")
    make_link(world, first, law)
    plan = world.plans["a_confidential"]
    with django_assert_num_queries(2):
        rows = framework_for(plan)
        summary = [(row.node.shown_text.text, row.instrument.pk, row.harmonization) for row in rows]
    assert summary == [
        ("P1", law.pk, "aligned"),
        ("A1", decree.pk, "needs_amendment"),
        ("P2", law.pk, "aligned"),
    ]
    assert rows[1].note == "Update article 2." and rows[1].must_change


def test_links_by_node_groups_the_links_in_one_query(
    world: World, django_assert_num_queries: Any
) -> None:
    first, second = make_node(world, text="P1"), make_node(world, text="P2")
    law, decree = _titled(world, "Law"), _titled(world, "Decree", type="decree")
    make_link(world, first, law)
    make_link(world, first, decree, "conflicts", note="x")
    make_node(world, text="P3")
    with django_assert_num_queries(1):
        grouped = links_by_node(world.plans["a_confidential"])
        titles = {
            node: [link.instrument.shown_title.text for link in links]
            for node, links in grouped.items()
        }
    assert titles == {first.pk: ["Law", "Decree"]}
    assert second.pk not in grouped


# -- the node page -------------------------------------------------------------------------------


def test_the_node_page_shows_the_links_and_offers_only_linkable_instruments(world: World) -> None:
    node = make_node(world, text="P1 Governance")
    linked = _titled(world, "Counter-terrorism law")
    make_link(world, node, linked, "conflicts", note="Article 3 is too broad.")
    _titled(world, "Youth strategy", type="strategy")
    _titled(world, "Lebanese decree", owner="lbn")
    html = world.client("a_editor").get(node_url(node.pk)).content.decode()
    assert "Counter-terrorism law" in html and "Article 3 is too broad." in html
    start = html.index('name="instrument"')
    options = html[start : html.index("</select>", start)]
    assert "Youth strategy" in options
    assert "Counter-terrorism law" not in options  # already linked
    assert "Lebanese decree" not in options


def test_linking_from_the_node_page(world: World) -> None:
    node, law = make_node(world), _titled(world, "Counter-terrorism law")
    response = world.client("a_editor").post(
        node_url(node.pk),
        {"instrument": law.pk, "harmonization": "needs_amendment", "note": "Add safeguards."},
        follow=True,
    )
    assert "The instrument was linked." in response.content.decode()
    link = NodeInstrumentLink.objects.get()
    assert (link.node, link.instrument, link.note) == (node, law, "Add safeguards.")


def test_linking_without_a_note_when_not_aligned_shows_the_error(world: World) -> None:
    node, law = make_node(world), _titled(world, "Counter-terrorism law")
    response = world.client("a_editor").post(
        node_url(node.pk), {"instrument": law.pk, "harmonization": "conflicts", "note": " "}
    )
    assert response.status_code == 200
    assert "Say why the plan must change this instrument." in response.content.decode()
    assert not NodeInstrumentLink.objects.exists()


def test_linking_another_countrys_instrument_by_its_id_is_refused(world: World) -> None:
    node, lebanese = make_node(world), _titled(world, "Lebanese decree", owner="lbn")
    response = world.client("a_editor").post(
        node_url(node.pk), {"instrument": lebanese.pk, "harmonization": "aligned"}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not NodeInstrumentLink.objects.exists()


def test_htmx_linking_answers_the_fresh_list_with_a_notice(world: World) -> None:
    node, law = make_node(world), _titled(world, "Counter-terrorism law")
    response = world.client("a_editor").post(
        node_url(node.pk), {"instrument": law.pk, "harmonization": "aligned"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="node-instruments"' in html
    assert "The instrument was linked." in html
    assert 'class="badge harmonization-aligned"' in html


def test_changing_and_unlinking_from_the_node_page(world: World) -> None:
    node, law = make_node(world), _titled(world, "Counter-terrorism law")
    link = make_link(world, node, law)
    client = world.client("a_editor")
    response = client.post(
        f"/en/plans/instrument-links/{link.pk}/edit/",
        {"harmonization": "conflicts", "note": "Now conflicts.", "version": link.version},
        headers=HTMX,
    )
    assert "The link was saved." in response.content.decode()
    link.refresh_from_db()
    assert (link.harmonization, link.note) == ("conflicts", "Now conflicts.")
    stale = client.post(
        f"/en/plans/instrument-links/{link.pk}/edit/",
        {"harmonization": "aligned", "note": "", "version": link.version - 1},
        follow=True,
    )
    assert "Someone else changed this link first." in stale.content.decode()
    response = client.post(
        f"/en/plans/instrument-links/{link.pk}/delete/", {"version": link.version}, follow=True
    )
    assert "The link was removed." in response.content.decode()
    assert not NodeInstrumentLink.objects.exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="node_instrument.").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "node_instrument.link",
        "node_instrument.update",
        "node_instrument.unlink",
    ]


def test_a_viewer_sees_the_links_without_forms(world: World) -> None:
    node = make_node(world)
    make_link(world, node, _titled(world, "Counter-terrorism law"))
    html = world.client("a_viewer").get(node_url(node.pk)).content.decode()
    assert "Counter-terrorism law" in html
    assert '<form method="post"' not in html.split('id="node-instruments"')[1]


def test_the_plan_page_leads_to_the_framework_only_for_those_who_may_read_it(
    world: World,
) -> None:
    plan = world.plans["a_partners"]
    link = f'href="/en/plans/{plan.pk}/legal-framework/"'
    assert link in world.client("a_viewer").get(f"/en/plans/{plan.pk}/").content.decode()
    donor_page = world.client("donor").get(f"/en/plans/{plan.pk}/")
    assert donor_page.status_code == 200
    assert link not in donor_page.content.decode()
