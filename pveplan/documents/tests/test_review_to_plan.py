"""Turning the accepted segments of a document into a draft plan, or into new items of a plan."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pveplan.core.errors import ConflictError
from pveplan.core.i18n import texts_of
from pveplan.core.models import AuditEvent
from pveplan.documents import review
from pveplan.documents.models import DocumentStatus, ReviewStatus, Segment, SourceDocument
from pveplan.documents.tests.factories import french_plan
from pveplan.plans.models import Plan, PlanNode, Sensitivity, Status
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def _accept(document: SourceDocument, *positions: int) -> None:
    Segment.objects.filter(document=document, position__in=positions).update(
        review=ReviewStatus.ACCEPTED
    )


def _text(node: PlanNode, language: str = "fr") -> str:
    return texts_of(node.text)[language]


def _convert(world: World, document: SourceDocument, **extra: Any) -> Plan:
    document.refresh_from_db()
    return review.document_to_plan(
        document=document, by=world.users["a_editor"], version=document.version, **extra
    )


def test_a_new_draft_plan_keeps_the_tiers_tags_and_links_back(world: World) -> None:
    document = french_plan()
    _accept(document, 0, 1, 2, 3, 4, 5, 6)
    plan = _convert(world, document)

    assert plan.status == Status.DRAFTING
    assert plan.sensitivity == Sensitivity.CONFIDENTIAL
    assert plan.original_language == "fr"
    assert plan.owner.code == "jor"
    assert texts_of(plan.title) == {"fr": "Stratégie nationale"}
    assert (plan.period_start, plan.period_end) == (2025, 2027)  # from the timeframes

    nodes = {_text(n): n for n in PlanNode.objects.filter(plan=plan)}
    pillar, objective, action = (
        nodes["Jeunesse et dialogue"],
        nodes["Renforcer la participation des jeunes"],
        nodes["Créer des conseils de jeunes"],
    )
    assert (pillar.level, objective.parent, action.parent) == (1, pillar, objective)
    assert action.level == 3 and action.code == "1)"
    assert [a.number for a in action.priority_areas.all()] == [4]
    assert [p.code for p in action.gcts_pillars.all()] == ["GCTS-I"]
    assert [d.code for d in action.drivers.all()] == ["PULL1"]
    assert action.estimated_cost == Decimal("250000") and action.currency == "USD"
    assert (action.start_date, action.end_date) == (
        datetime.date(2025, 1, 1),
        datetime.date(2027, 12, 31),
    )
    note = texts_of(action.rationale)["fr"]
    assert "Stratégie nationale, page 1" in note and "Ministère de la Jeunesse" in note

    # "Campagne en ligne" sits right under pillar 2: it goes under an "Imported items"
    # objective of that pillar; "Former des imams" has no parent: under the "Imported items"
    # pillar's objective. Other text never becomes an item.
    campaign = nodes["Campagne en ligne"]
    assert campaign.level == 3
    assert campaign.parent is not None and campaign.parent.parent == nodes["Communication"]
    orphan = nodes["Former des imams"]
    assert orphan.level == 3 and orphan.parent is not None
    assert orphan.parent.parent is not None and orphan.parent.parent.parent is None
    assert "Consultation des communautés en 2024." not in nodes
    assert PlanNode.objects.filter(plan=plan).count() == 9  # 6 items + 3 holders

    for segment in Segment.objects.filter(document=document).exclude(position=6):
        assert segment.node is not None and segment.node.plan == plan
    document.refresh_from_db()
    assert document.status == DocumentStatus.CONVERTED and document.plan == plan
    assert AuditEvent.objects.filter(action="document.to_plan").count() == 1


def test_rejected_and_pending_segments_stay_out(world: World) -> None:
    document = french_plan()
    _accept(document, 2)
    Segment.objects.filter(document=document, position=1).update(review=ReviewStatus.REJECTED)
    plan = _convert(world, document)
    action = PlanNode.objects.get(plan=plan, level=3)
    # Its objective was rejected and its pillar not reviewed: under the holders.
    assert _text(action) == "Créer des conseils de jeunes"
    assert PlanNode.objects.filter(plan=plan).count() == 3


def test_nothing_accepted_is_refused_with_a_message(world: World) -> None:
    document = french_plan()
    with pytest.raises(ValidationError) as refused:
        _convert(world, document)
    assert "Accept at least one" in refused.value.messages[0]
    assert not Plan.objects.filter(source_documents=document).exists()


def test_a_failure_leaves_nothing_half_made(world: World) -> None:
    document = french_plan()
    _accept(document, 0, 1, 2)
    # Without a title (neither given nor the document's), plan_create refuses the new plan.
    SourceDocument.objects.filter(pk=document.pk).update(title="")
    plans, nodes = Plan.objects.count(), PlanNode.objects.count()
    with pytest.raises(ValidationError):
        _convert(world, document)
    assert (Plan.objects.count(), PlanNode.objects.count()) == (plans, nodes)
    assert not Segment.objects.filter(document=document, node__isnull=False).exists()
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY and document.plan is None


def test_a_stale_document_version_is_a_conflict(world: World) -> None:
    document = french_plan()
    _accept(document, 0)
    with pytest.raises(ConflictError):
        review.document_to_plan(
            document=document, by=world.users["a_editor"], version=document.version + 1
        )


def test_new_items_go_into_an_existing_plan_of_the_same_library(world: World) -> None:
    plan = world.plans["a_confidential"]
    document = french_plan()
    _accept(document, 0, 1, 2)
    same = _convert(world, document, plan=plan)
    assert same == plan
    assert PlanNode.objects.filter(plan=plan).count() == 3
    # A second pass adds what was accepted since, under the items made the first time.
    _accept(document, 4, 3)
    _convert(world, document, plan=plan)
    campaign = PlanNode.objects.get(plan=plan, code="2)")
    assert campaign.parent is not None and campaign.parent.parent is not None
    assert _text(campaign.parent.parent) == "Communication"


def test_another_librarys_plan_is_refused(world: World) -> None:
    document = french_plan()
    _accept(document, 0)
    with pytest.raises(ValidationError):
        review.document_to_plan(
            document=document,
            by=world.users["admin"],
            version=document.version,
            plan=world.plans["b_confidential"],
        )


def test_the_page_makes_the_plan_and_opens_its_structure(world: World) -> None:
    document = french_plan()
    _accept(document, 0, 1, 2)
    client = world.client("a_editor")
    url = reverse("documents:to_plan", kwargs={"pk": document.pk})
    page = client.get(url)
    assert "3 accepted segments will become plan items" in page.content.decode()
    response = client.post(
        url, {"target": "new", "title": "Plan jordanien importé", "version": document.version}
    )
    plan = Plan.objects.get(source_documents=document)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:structure", kwargs={"pk": plan.pk})
    assert texts_of(plan.title) == {"fr": "Plan jordanien importé"}
    structure = client.get(response["Location"]).content.decode()
    assert "Créer des conseils de jeunes" in structure and "PoA 4" in structure


def test_the_page_refuses_when_nothing_is_accepted(world: World) -> None:
    document = french_plan()
    response = world.client("a_editor").post(
        reverse("documents:to_plan", kwargs={"pk": document.pk}),
        {"target": "new", "version": document.version},
    )
    assert response.status_code == 200
    assert "Accept at least one" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("USD 250 000", (Decimal("250000"), "USD")),
        ("1.200.000 €", (Decimal("1200000"), "EUR")),
        ("250,000.50 $", (Decimal("250000.50"), "USD")),
        ("75000", (Decimal("75000"), "USD")),
        ("12,5", (Decimal("12.5"), "USD")),
        ("à déterminer", None),
        ("100 000 - 200 000 USD", None),
        ("", None),
    ],
)
def test_costs_are_read_only_when_clearly_one_amount(text: str, parsed: Any) -> None:
    assert review.parse_cost(text) == parsed


def test_years_are_read_between_1990_and_2100() -> None:
    assert review.years_in("2024–2028, puis 1985 et 2150; 2100") == [2024, 2028, 2100]


def test_the_structure_page_links_each_item_back_to_its_page_for_the_library_team(
    world: World,
) -> None:
    document = french_plan()
    _accept(document, 0, 1, 2)
    plan = _convert(world, document, title="Plan importé")
    plan.sensitivity = Sensitivity.PARTNERS
    plan.save(update_fields=["sensitivity"])
    url = reverse("plans:structure", kwargs={"pk": plan.pk})
    review_url = reverse("documents:review", kwargs={"pk": document.pk})
    team = world.client("a_viewer").get(url).content.decode()
    assert f"{review_url}?page=1#segment-" in team and "From “" in team
    # A partner sees the shared plan, not the country's document library.
    partner = world.client("donor").get(url)
    assert partner.status_code == 200 and review_url not in partner.content.decode()
