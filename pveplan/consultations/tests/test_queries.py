"""Inclusion figures, the annex and inputs per node: their arithmetic, what they never reveal,
and a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pveplan.consultations import queries
from pveplan.consultations.tests import helpers as h
from pveplan.plans import actions as plan_actions
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def test_inclusion_figures_add_up_over_every_event(world: World) -> None:
    first, second = h.event(world), h.event(world, title="Women's forum")
    h.set_counts(
        world,
        first,
        {
            ("youth_org", "women", "18_29"): 6,  # woman, youth, civil society
            ("cso", "men", "30_59"): 4,  # civil society
            ("media", "other", "undisclosed"): 2,
        },
    )
    h.set_counts(
        world,
        second,
        {
            ("womens_org", "women", "30_59"): 5,  # woman, civil society
            ("academia", "men", "18_29"): 3,  # youth
        },
    )
    # Another plan's counts do not leak in.
    h.set_counts(world, h.event(world, "a_public"), {("cso", "women", "18_29"): 50})
    figures = queries.inclusion_figures(h.plan(world))
    assert (figures.total, figures.women, figures.youth, figures.cso) == (20, 11, 9, 15)
    assert figures.share_women == 55.0
    assert figures.share_youth == 45.0
    assert figures.share_cso == 75.0


def test_shares_are_rounded_to_one_decimal_and_count_the_undisclosed(world: World) -> None:
    h.set_counts(
        world,
        h.event(world),
        {("cso", "women", "undisclosed"): 1, ("other", "other", "undisclosed"): 2},
    )
    figures = queries.inclusion_figures(h.plan(world))
    assert figures.share_women == 33.3
    assert figures.share_youth == 0.0


def test_without_participants_there_is_no_share(world: World) -> None:
    figures = queries.inclusion_figures(h.plan(world))
    assert figures.total == 0
    assert figures.share_women is None and figures.share_cso is None


def test_inputs_by_node_groups_a_plans_inputs_in_one_query(world: World) -> None:
    p1, p2 = h.node(world, code="P1"), h.node(world, code="P2")
    first = h.consultation_input(world, node=p1)
    second = h.consultation_input(world, node=p1, text="Second")
    third = h.consultation_input(world, node=p2)
    h.consultation_input(world)  # about the plan as a whole
    with CaptureQueriesContext(connection) as captured:
        found = queries.inputs_by_node(h.plan(world))
        stakeholders = [item.stakeholder for items in found.values() for item in items]
    assert len(captured) == 1
    assert found == {p1.pk: [first, second], p2.pk: [third]}
    assert stakeholders == [None, None, None]


def _populate(world: World, events: int, inputs: int) -> None:
    parent = h.node(world, code="P1")
    anonymous = h.stakeholder(world, pseudonymous=True)
    for index in range(events):
        event = h.event(world, title=f"Event {index}")
        h.set_counts(world, event, {("cso", "women", "18_29"): index + 1})
    for index in range(inputs):
        item = h.consultation_input(
            world, text=f"Input {index}", node=parent, stakeholder=anonymous
        )
        h.respond(world, item, "accepted", f"Response {index}")


@pytest.mark.parametrize(("events", "inputs"), [(2, 2), (20, 20)])
def test_the_annex_takes_the_same_queries_however_big(
    world: World, django_assert_max_num_queries: Any, events: int, inputs: int
) -> None:
    _populate(world, events, inputs)
    with django_assert_max_num_queries(4):
        built = queries.annex(h.plan(world), language="en")
    assert len(built.events) == events and len(built.inputs) == inputs


def test_the_annex_lists_events_participants_and_inputs_in_plan_order(world: World) -> None:
    p1 = h.node(world, code="P1", text="Prevention")
    p2 = h.node(world, code="P2", text="Resilience")
    child = plan_actions.node_add(
        plan=h.plan(world),
        by=h.admin(world),
        parent=p1,
        data=plan_actions.NodeInput(texts={"en": "Schools"}, code="P1.O1"),
    )
    event = h.event(world)
    h.set_counts(world, event, {("youth_org", "women", "18_29"): 4, ("cso", "men", "60_plus"): 1})
    named = h.stakeholder(world)
    general = h.consultation_input(world, text="General remark")
    on_p2 = h.consultation_input(world, text="On resilience", node=p2, event=event)
    on_child = h.consultation_input(world, text="On schools", node=child, stakeholder=named)
    h.respond(world, on_p2, "declined", "Outside the plan's mandate.")
    h.respond(world, on_child, "partly", "Pilot in ten schools.")
    h.respond(world, general, "pending", "Draft answer, not for publication")

    built = queries.annex(h.plan(world), language="en")

    [shown_event] = built.events
    assert shown_event.title.text == "Youth dialogue"
    assert shown_event.participants.total == 5
    assert shown_event.participants.by_type == [
        ("civil-society organization", 1),
        ("youth organization", 4),
    ]
    assert dict(shown_event.participants.by_sex) == {
        "women": 4,
        "men": 1,
        "other or undisclosed": 0,
    }
    assert built.figures.total == 5 and built.figures.youth == 4
    # Depth first: P1's objective, then P2, then the plan as a whole.
    assert [row.text.text for row in built.inputs] == [
        "On schools",
        "On resilience",
        "General remark",
    ]
    assert [row.node_code for row in built.inputs] == ["P1.O1", "P2", ""]
    assert [row.number for row in built.inputs] == [1, 2, 3]
    assert built.inputs[0].stakeholder == "Jordanian Women's Union (women's organization)"
    assert built.inputs[0].disposition_label == "partly accepted"
    assert built.inputs[1].response.text == "Outside the plan's mandate."
    assert built.inputs[1].event is not None and built.inputs[1].event.text == "Youth dialogue"
    # A pending input's draft response is not published.
    assert built.inputs[2].response.text == ""
    assert dict((value, count) for value, _label, count in built.dispositions) == {
        "pending": 1,
        "accepted": 0,
        "partly": 1,
        "declined": 1,
    }


def test_the_annex_names_a_pseudonymous_stakeholder_by_pseudonym_only(world: World) -> None:
    anonymous = h.stakeholder(world, pseudonymous=True)
    nameless = h.stakeholder(world, pseudonymous=True, name="Another Real Person", pseudonym="")
    h.consultation_input(world, stakeholder=anonymous)
    h.consultation_input(world, stakeholder=nameless)
    built = queries.annex(h.plan(world), language="en")
    assert [row.stakeholder for row in built.inputs] == [
        f"{h.PSEUDONYM} (women's organization)",
        "Anonymous (women's organization)",
    ]
    everything = repr(built)
    for secret in (h.REAL_NAME, "Another Real Person", h.EMAIL, h.PHONE, h.ADDRESS):
        assert secret not in everything


def test_the_annex_is_built_in_the_language_asked_for(world: World) -> None:
    h.respond(world, h.consultation_input(world), "accepted", "Yes.")
    h.event(world)
    built = queries.annex(h.plan(world), language="ar")
    assert built.events[0].title.text == "حوار الشباب"
    assert not built.events[0].title.is_fallback
    # No Arabic text for the input: it falls back visibly to English.
    assert built.inputs[0].text.language == "en" and built.inputs[0].text.is_fallback
