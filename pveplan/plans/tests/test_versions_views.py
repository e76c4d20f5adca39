"""The versions pages: list and publish, one frozen version, two versions side by side, and the
plans whose review is due."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pveplan.core.models import AuditEvent
from pveplan.plans import actions
from pveplan.plans.models import Plan, PlanNode, PlanVersion, Sensitivity
from pveplan.testing import World, org, plan_input

pytestmark = pytest.mark.django_db


def _add(world: World, parent: PlanNode | None, code: str, **texts: str) -> PlanNode:
    return actions.node_add(
        plan=world.plans["a_confidential"],
        by=world.users["a_editor"],
        parent=parent,
        data=actions.NodeInput(texts=texts, code=code),
    )


def _fresh(node: PlanNode) -> PlanNode:
    return PlanNode.objects.select_related("plan__owner").get(pk=node.pk)


def _publish(world: World, key: str = "a_confidential", reason: str = "adoption") -> PlanVersion:
    return actions.plan_publish_version(
        plan=world.plans[key], by=world.users["admin"], reason=reason
    )


def _two_versions(world: World) -> dict[str, PlanNode]:
    """Version 1, then an Arabic text change, an added, a moved and a removed node, version 2."""
    editor = world.users["a_editor"]
    nodes = {
        "p1": _add(world, None, "P1", ar="الوقاية", en="Prevention"),
        "p2": _add(world, None, "P2", ar="الصمود", en="Resilience"),
    }
    nodes["o1"] = _add(world, nodes["p1"], "P1.O1", ar="تعزيز القدرات", en="Build capacity")
    nodes["o2"] = _add(world, nodes["p1"], "P1.O2", en="Schools")
    nodes["a1"] = _add(world, nodes["o1"], "P1.O1.A1", en="Train teachers")
    _publish(world)
    o1 = _fresh(nodes["o1"])
    actions.node_update(
        node=o1,
        by=editor,
        data=actions.NodeInput(
            texts={"ar": "تعزيز قدرات المجتمعات", "en": "Build capacity"}, code="P1.O1"
        ),
        expected_version=o1.version,
    )
    nodes["o3"] = _add(world, nodes["p2"], "P2.O1", en="Youth")
    o2 = _fresh(nodes["o2"])
    actions.node_move(
        node=o2, by=editor, parent=nodes["p2"], position=1, expected_version=o2.version
    )
    a1 = _fresh(nodes["a1"])
    actions.node_delete(node=a1, by=editor, expected_version=a1.version)
    _publish(world, reason="biennial_review")
    return nodes


def _url(world: World, suffix: str = "", key: str = "a_confidential", lang: str = "en") -> str:
    return f"/{lang}/plans/{world.plans[key].pk}/versions/{suffix}"


# The list and the publish form.


def test_the_list_shows_number_reason_and_who_published(world: World) -> None:
    actions.plan_publish_version(
        plan=world.plans["a_confidential"],
        by=world.users["a_editor"],
        reason="other",
        reason_text="Merged two pillars",
    )
    response = world.client("a_viewer").get(_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Version 1" in body and "Other" in body and "Merged two pillars" in body
    assert "a_editor" in body
    assert response.context["form"] is None  # a viewer cannot publish


def test_an_editor_sees_the_publish_form(world: World) -> None:
    response = world.client("a_editor").get(_url(world))
    assert response.context["form"] is not None
    assert 'name="reason"' in response.content.decode()


def test_an_editor_publishes_a_version(world: World) -> None:
    _add(world, None, "P1", en="Prevention")
    response = world.client("a_editor").post(
        _url(world, "publish/"), {"reason": "threat_assessment", "reason_text": "  New report "}
    )
    version = PlanVersion.objects.get(plan=world.plans["a_confidential"])
    assert response.status_code == 302 and response["Location"] == _url(world, "1/")
    assert (version.number, version.reason, version.reason_text) == (
        1,
        "threat_assessment",
        "New report",
    )
    assert version.published_by == world.users["a_editor"]
    assert [n["code"] for n in version.nodes()] == ["P1"]
    assert AuditEvent.objects.filter(action="plan.publish_version", outcome="allowed").count() == 1


def test_versions_are_numbered_one_after_another(world: World) -> None:
    client = world.client("a_focal")
    for _ in range(3):
        client.post(_url(world, "publish/"), {"reason": "localization"})
    numbers = PlanVersion.objects.filter(plan=world.plans["a_confidential"]).values_list(
        "number", flat=True
    )
    assert sorted(numbers) == [1, 2, 3]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": "other", "reason_text": "   "}, "reason_text"),
        ({"reason": "other"}, "reason_text"),
        ({"reason": "whim"}, "reason"),
        ({}, "reason"),
        ({"reason": "adoption", "reason_text": "x" * 2001}, "reason_text"),
    ],
)
def test_a_bad_reason_shows_the_error_and_writes_nothing(
    world: World, data: dict[str, Any], field: str
) -> None:
    events = AuditEvent.objects.count()
    response = world.client("a_editor").post(_url(world, "publish/"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert not PlanVersion.objects.exists()
    # The only event is the refused request itself.
    new = list(AuditEvent.objects.order_by("sequence")[events:])
    assert [(e.action, e.outcome) for e in new] == [("request.rejected", "failed")]


def test_a_viewer_cannot_publish(world: World) -> None:
    response = world.client("a_viewer").post(_url(world, "publish/"), {"reason": "adoption"})
    assert response.status_code == 403
    assert not PlanVersion.objects.exists()


def test_publishing_needs_a_post(world: World) -> None:
    assert world.client("a_editor").get(_url(world, "publish/")).status_code == 405


def test_the_editor_of_another_country_gets_404_on_every_version_url(world: World) -> None:
    _two_versions(world)
    client = world.client("b_editor")
    for url in [
        _url(world),
        _url(world, "1/"),
        _url(world, "compare/"),
        _url(world, "compare/?from=1&to=current"),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(_url(world, "publish/"), {"reason": "adoption"}).status_code == 404
    assert PlanVersion.objects.count() == 2


# One frozen version.


def test_a_version_shows_the_frozen_tree_with_codes_in_the_users_language(world: World) -> None:
    _two_versions(world)
    response = world.client("a_viewer").get(_url(world, "1/", lang="ar"))
    assert response.status_code == 200
    body = response.content.decode()
    assert [(r["code"], r["depth"]) for r in response.context["rows"]] == [
        ("P1", 0),
        ("P1.O1", 1),
        ("P1.O1.A1", 2),
        ("P1.O2", 1),
        ("P2", 0),
    ]
    assert "تعزيز القدرات" in body and "تعزيز قدرات المجتمعات" not in body
    # No Arabic text: the English one, marked as a fallback.
    assert '<span lang="en" dir="ltr">Train teachers</span> <small class="fallback"' in body


def test_a_version_falls_back_visibly_from_french(world: World) -> None:
    _two_versions(world)
    body = world.client("a_viewer").get(_url(world, "2/", lang="fr")).content.decode()
    assert '<span lang="en" dir="ltr">Prevention</span> <small class="fallback"' in body
    assert "P1.O1.A1" not in body  # removed before version 2


def test_an_unknown_version_is_not_found(world: World) -> None:
    _publish(world)
    assert world.client("a_viewer").get(_url(world, "2/")).status_code == 404


def test_a_version_of_another_plan_is_not_reached_through_this_plan(world: World) -> None:
    _publish(world, key="a_public")
    assert world.client("a_viewer").get(_url(world, "1/")).status_code == 404


# Two versions side by side.


def test_compare_defaults_to_the_last_two_versions(world: World) -> None:
    nodes = _two_versions(world)
    response = world.client("a_viewer").get(_url(world, "compare/"))
    assert response.status_code == 200
    assert (response.context["from_key"], response.context["to_key"]) == ("1", "2")
    comparison = response.context["comparison"]
    assert [n.id for n in comparison.added] == [nodes["o3"].pk]
    assert [n.id for n in comparison.removed] == [nodes["a1"].pk]
    assert [n.id for n in comparison.moved] == [nodes["o2"].pk]
    assert [n.id for n in comparison.changed] == [nodes["o1"].pk]
    assert response.context["counts"] == {"added": 1, "removed": 1, "moved": 1, "changed": 1}


def test_compare_shows_badges_and_the_arabic_text_before_and_after(world: World) -> None:
    _two_versions(world)
    body = world.client("a_viewer").get(_url(world, "compare/?from=1&to=2")).content.decode()
    for badge in ("diff-added", "diff-removed", "diff-moved", "diff-changed"):
        assert f'<span class="badge {badge}">' in body
    assert '<del lang="ar" dir="rtl">تعزيز القدرات</del>' in body
    assert '<ins lang="ar" dir="rtl">تعزيز قدرات المجتمعات</ins>' in body
    assert "Text (Arabic)" in body
    assert "under P1, position 2" in body and "under P2, position 2" in body


def test_only_changes_hides_the_unchanged_nodes(world: World) -> None:
    _two_versions(world)
    body = world.client("a_viewer").get(_url(world, "compare/?changes=1")).content.decode()
    assert body.count('class="compare-node"') == 4 and "compare-node unchanged" not in body


def test_a_version_compares_with_the_current_draft(world: World) -> None:
    nodes = _two_versions(world)
    _add(world, nodes["p1"], "P1.O9", en="New objective")
    response = world.client("a_viewer").get(_url(world, "compare/?from=2&to=current"))
    assert response.status_code == 200
    assert [n.after["code"] for n in response.context["comparison"].added] == ["P1.O9"]
    assert response.context["to_label"] == "Current draft"


def test_with_one_version_compare_defaults_to_the_current_draft(world: World) -> None:
    _publish(world)
    response = world.client("a_viewer").get(_url(world, "compare/"))
    assert (response.context["from_key"], response.context["to_key"]) == ("1", "current")


def test_with_no_version_compare_says_so(world: World) -> None:
    response = world.client("a_viewer").get(_url(world, "compare/"))
    assert response.status_code == 200
    assert "No version has been published yet" in response.content.decode()


@pytest.mark.parametrize("query", ["from=1&to=7", "from=x&to=1", "from=-1&to=1", "to=1.0"])
def test_compare_with_an_unknown_version_is_not_found(world: World, query: str) -> None:
    _publish(world)
    assert world.client("a_viewer").get(_url(world, f"compare/?{query}")).status_code == 404


def test_compare_shows_changed_plan_facts(world: World) -> None:
    _publish(world)
    plan = world.plans["a_confidential"]
    actions.plan_change_status(
        plan=plan, by=world.users["a_editor"], to="consultation", expected_version=plan.version
    )
    response = world.client("a_viewer").get(_url(world, "compare/?from=1&to=current"))
    (change,) = response.context["plan_changes"]
    assert (change["before"], change["after"]) == ("drafting", "in consultation")


# Arabic pages are right to left.


@pytest.mark.parametrize("suffix", ["", "1/", "compare/"])
def test_arabic_version_pages_render_right_to_left(world: World, suffix: str) -> None:
    _two_versions(world)
    body = world.client("a_editor").get(_url(world, suffix, lang="ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "versions.css" in body


# Plans whose review is due.


def _review(plan: Plan, days: int | None) -> None:
    # No action edits the review date on its own yet; the plan form does, with the whole plan.
    date = None if days is None else timezone.localdate() + datetime.timedelta(days=days)
    Plan.objects.filter(pk=plan.pk).update(next_review_date=date)


def test_reviews_due_lists_overdue_and_due_plans_by_date(world: World) -> None:
    _review(world.plans["a_confidential"], 30)
    _review(world.plans["a_public"], -10)
    _review(world.plans["a_partners"], 200)  # not due yet
    _review(world.plans["b_confidential"], -400)  # another country's, confidential
    response = world.client("a_viewer").get("/en/plans/reviews/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["plan"].pk, r["overdue"], r["days"]) for r in rows] == [
        (world.plans["a_public"].pk, True, 10),
        (world.plans["a_confidential"].pk, False, 30),
    ]
    body = response.content.decode()
    assert "overdue by 10 days" in body and "due in 30 days" in body
    assert "Lebanon plan" not in body


def test_reviews_due_shows_every_country_to_unoct(world: World) -> None:
    _review(world.plans["b_confidential"], -1)
    _review(world.plans["a_confidential"], 0)
    rows = world.client("unoct").get("/en/plans/reviews/").context["rows"]
    assert [r["plan"].pk for r in rows] == [
        world.plans["b_confidential"].pk,
        world.plans["a_confidential"].pk,
    ]
    assert "due today" in world.client("unoct").get("/en/plans/reviews/").content.decode()


def test_reviews_due_shows_the_public_ones_to_anyone(world: World) -> None:
    _review(world.plans["a_public"], 5)
    _review(world.plans["a_confidential"], 5)
    rows = world.client("anonymous").get("/en/plans/reviews/").context["rows"]
    assert [r["plan"].pk for r in rows] == [world.plans["a_public"].pk]


def test_reviews_due_says_when_nothing_is_due(world: World) -> None:
    body = world.client("a_viewer").get("/en/plans/reviews/").content.decode()
    assert "No plan you can see is due for review." in body


def test_reviews_due_takes_the_same_number_of_queries_for_more_plans(world: World) -> None:
    client = world.client("a_viewer")
    _review(world.plans["a_public"], -3)
    with CaptureQueriesContext(connection) as few:
        client.get("/en/plans/reviews/")
    for index in range(5):
        actions.plan_create(
            by=world.users["admin"],
            data=plan_input(
                org("jor" if index % 2 else "lbn"),
                sensitivity=Sensitivity.PUBLIC,
                next_review_date=timezone.localdate() + datetime.timedelta(days=index),
            ),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get("/en/plans/reviews/")
    assert len(response.context["rows"]) == 6
    assert len(many) == len(few)


def test_the_arabic_review_list_renders_right_to_left(world: World) -> None:
    _review(world.plans["a_public"], -3)
    body = world.client("a_viewer").get("/ar/plans/reviews/").content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "الخطة الوطنية لمنع التطرف العنيف" in body
