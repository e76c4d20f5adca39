"""DDR-linked nodes answer the IDDRS safeguards; national actions link to regional actions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent
from pveplan.plans import actions
from pveplan.plans.actions import links
from pveplan.plans.models import PlanNode, Scope, Sensitivity
from pveplan.testing import World, org, plan_input

pytestmark = pytest.mark.django_db


def _node(world: World, plan: str = "a_confidential", ddr: bool = True) -> PlanNode:
    return actions.node_add(
        plan=world.plans[plan],
        by=world.users["admin"],
        parent=None,
        data=actions.NodeInput(texts={"ar": "إعادة الإدماج"}, code="P4", is_ddr_related=ddr),
    )


def test_answers_are_recorded_with_who_and_audited(world: World) -> None:
    node = _node(world)
    node = links.node_answer_ddr_safeguards(
        node=node,
        by=world.users["a_editor"],
        answers={"screening": ("yes", ""), "no_listed_participants": ("yes", "Checked")},
        expected_version=node.version,
    )
    assert node.ddr_safeguards["screening"]["answer"] == "yes"
    assert node.ddr_safeguards["no_listed_participants"]["by"] == "a_editor"
    event = AuditEvent.objects.filter(action="node.ddr_safeguards").get()
    assert event.after == {"screening": "yes", "no_listed_participants": "yes"}


def test_an_answer_outside_the_safeguards_needs_a_note(world: World) -> None:
    node = _node(world)
    with pytest.raises(ValidationError) as caught:
        links.node_answer_ddr_safeguards(
            node=node,
            by=world.users["a_editor"],
            answers={"screening": ("no", "  ")},
            expected_version=node.version,
        )
    assert "screening" in caught.value.message_dict
    node.refresh_from_db()
    assert node.ddr_safeguards == {}


def test_a_node_not_linked_to_ddr_has_no_checklist_and_versions_are_checked(
    world: World,
) -> None:
    node = _node(world, ddr=False)
    with pytest.raises(ValidationError):
        links.node_answer_ddr_safeguards(
            node=node, by=world.users["a_editor"], answers={}, expected_version=node.version
        )
    ddr_node = _node(world)
    with pytest.raises(ConflictError):
        links.node_answer_ddr_safeguards(
            node=ddr_node, by=world.users["a_editor"], answers={}, expected_version=99
        )
    with pytest.raises(PermissionDenied):
        links.node_answer_ddr_safeguards(
            node=ddr_node, by=world.users["a_viewer"], answers={}, expected_version=1
        )


def test_the_checklist_page_shows_questions_and_records_answers(world: World) -> None:
    node = _node(world)
    client = world.client("a_editor")
    url = reverse("plans:node_ddr", kwargs={"pk": node.pk})
    page = client.get(url).content.decode()
    assert "Security Council sanctions lists" in page and "Not answered yet." in page
    response = client.post(
        url,
        {
            "version": node.version,
            "screening-answer": "no",
            "screening-note": "",
            "legal_framework-answer": "yes",
        },
    )
    assert response.status_code == 200
    assert "Explain an answer outside the safeguards" in response.content.decode()
    response = client.post(
        url,
        {
            "version": node.version,
            "screening-answer": "no",
            "screening-note": "Screening starts in 2027",
            "legal_framework-answer": "yes",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Outside the safeguards: needs attention." in text
    structure = client.get(reverse("plans:structure", kwargs={"pk": node.plan_id}))
    assert "3 safeguards to check" in structure.content.decode()


def _regional_plan(world: World) -> PlanNode:
    """A public plan of the League of Arab States, of which Jordan and Lebanon are members."""
    plan = actions.plan_create(
        by=world.users["admin"],
        data=plan_input(
            org("las"),
            scope=Scope.REGIONAL,
            sensitivity=Sensitivity.PUBLIC,
            titles={"ar": "الخطة الإقليمية", "en": "Regional plan"},
        ),
    )
    return actions.node_add(
        plan=plan,
        by=world.users["admin"],
        parent=None,
        data=actions.NodeInput(texts={"en": "Regional cooperation on youth"}, code="R1"),
    )


def test_a_national_action_links_to_an_action_of_its_regions_plan(world: World) -> None:
    regional = _regional_plan(world)
    national = _node(world, ddr=False)
    assert regional.pk in {
        c.pk for c in links.regional_candidates(national, world.users["a_editor"])
    }
    national = links.node_link_regional(
        node=national,
        by=world.users["a_editor"],
        regional=regional,
        expected_version=national.version,
    )
    assert list(regional.contributions.all()) == [national]
    assert AuditEvent.objects.filter(action="node.link_regional").count() == 1
    # The regional plan shows the contribution to Jordan's team, not to Lebanon's editor.
    url = reverse("plans:structure", kwargs={"pk": regional.plan_id})
    assert "National actions contributing:" in world.client("a_viewer").get(url).content.decode()
    assert "National actions contributing:" not in (
        world.client("b_editor").get(url).content.decode()
    )
    links.node_unlink_regional(
        node=national,
        by=world.users["a_editor"],
        regional=regional,
        expected_version=national.version,
    )
    assert not regional.contributions.exists()


def test_a_link_to_a_node_outside_the_region_is_refused(world: World) -> None:
    national = _node(world, ddr=False)
    other_national = _node(world, plan="b_confidential", ddr=False)
    with pytest.raises(ValidationError):
        links.node_link_regional(
            node=national,
            by=world.users["a_editor"],
            regional=other_national,
            expected_version=national.version,
        )


def test_the_regional_links_page_links_and_unlinks(world: World) -> None:
    regional = _regional_plan(world)
    national = _node(world, ddr=False)
    client = world.client("a_editor")
    url = reverse("plans:node_regional", kwargs={"pk": national.pk})
    assert "Regional cooperation on youth" in client.get(url).content.decode()
    client.post(url, {"regional": regional.pk, "version": national.version, "action": "link"})
    national.refresh_from_db()
    assert list(national.contributes_to.all()) == [regional]
    page = client.get(url).content.decode()
    assert "Remove the link" in page
