"""Reviewing a read document: the page, accepting, editing, rejecting, corrections kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent
from pveplan.documents import review
from pveplan.documents.models import ReviewStatus, Segment, SegmentKind, TrainingExample
from pveplan.documents.tests.factories import Seg, french_plan, make_document
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def _segment(document: Any, position: int) -> Segment:
    return Segment.objects.get(document=document, position=position)


def _changes(segment: Segment, **overrides: Any) -> review.SegmentChanges:
    values: dict[str, Any] = {
        "kind": segment.kind,
        "text": segment.text,
        "parent": segment.parent,
        "areas": list(segment.areas),
        "pillars": list(segment.pillars),
        "drivers": list(segment.drivers),
        "lead_body": segment.lead_body,
        "timeframe": segment.timeframe,
        "cost": segment.cost,
    }
    values.update(overrides)
    return review.SegmentChanges(**values)


def test_accepting_a_segment_records_the_decision_and_one_audit_event(world: World) -> None:
    document = french_plan()
    segment = _segment(document, 2)
    events = AuditEvent.objects.count()
    done = review.segment_review(
        segment=segment, by=world.users["a_editor"], decision="accept", version=segment.version
    )
    assert done.review == ReviewStatus.ACCEPTED
    assert done.reviewed_by == world.users["a_editor"]
    assert done.version == segment.version + 1
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None and event.action == "segment.review"
    # Accepted as suggested: nothing to learn from.
    assert not TrainingExample.objects.exists()


def test_a_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    document = french_plan()
    segment = _segment(document, 2)
    with pytest.raises(ConflictError):
        review.segment_review(
            segment=segment,
            by=world.users["a_editor"],
            decision="reject",
            version=segment.version - 1,
        )
    assert _segment(document, 2).review == ReviewStatus.PENDING


def test_changed_areas_are_kept_as_a_training_example(world: World) -> None:
    document = french_plan()
    segment = _segment(document, 2)
    review.segment_review(
        segment=segment,
        by=world.users["a_editor"],
        decision="edit",
        version=segment.version,
        changes=_changes(segment, areas=[4, 6]),
    )
    example = TrainingExample.objects.get()
    assert example.labels == [4, 6]
    assert example.language == "fr"
    assert example.text == "Créer des conseils de jeunes"
    assert example.created_by == world.users["a_editor"]
    # A later correction updates the same example.
    segment = _segment(document, 2)
    review.segment_review(
        segment=segment,
        by=world.users["a_focal"],
        decision="edit",
        version=segment.version,
        changes=_changes(segment, areas=[6], text="Créer des conseils de jeunes élus"),
    )
    example = TrainingExample.objects.get()
    assert example.labels == [6]
    assert example.text == "Créer des conseils de jeunes élus"


def test_a_parent_must_come_earlier_and_be_of_a_higher_tier(world: World) -> None:
    from django.core.exceptions import ValidationError

    document = french_plan()
    objective = _segment(document, 1)
    action = _segment(document, 2)
    with pytest.raises(ValidationError) as later:
        review.segment_review(
            segment=objective,
            by=world.users["a_editor"],
            decision="edit",
            version=objective.version,
            changes=_changes(objective, parent=action),
        )
    assert "parent" in later.value.message_dict
    pillar_two = _segment(document, 3)
    other = _segment(document, 5)
    with pytest.raises(ValidationError):
        review.segment_review(
            segment=other,
            by=world.users["a_editor"],
            decision="edit",
            version=other.version,
            changes=_changes(other, kind=SegmentKind.PILLAR, parent=pillar_two),
        )


def test_a_viewer_cannot_review(world: World) -> None:
    document = french_plan()
    segment = _segment(document, 2)
    response = world.client("a_viewer").post(
        reverse("documents:segment_decide", kwargs={"pk": segment.pk}),
        {"decision": "accept", "version": segment.version},
    )
    assert response.status_code == 403
    assert _segment(document, 2).review == ReviewStatus.PENDING


def test_the_review_page_shows_the_arabic_page_right_to_left_beside_its_segments(
    world: World,
) -> None:
    document = make_document(
        title="الخطة الوطنية",
        language="ar",
        pages=["الركيزة الأولى: الشباب\n1. إنشاء مجالس للشباب"],
        segments=[
            Seg(SegmentKind.PILLAR, "الركيزة الأولى: الشباب", number="1", labels=[4]),
            Seg(
                SegmentKind.ACTION,
                "إنشاء مجالس للشباب",
                number="1.1",
                parent=0,
                labels=[4],
                areas={"4": 0.83, "3": 0.12, "1": 0.02},
                pillars=[("GCTS-I", 0.61)],
                drivers=[("PULL1", 0.44)],
                lead_body="وزارة الشباب",
            ),
        ],
    )
    response = world.client("a_viewer").get(
        reverse("documents:review", kwargs={"pk": document.pk}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="page-text" lang="ar" dir="rtl">' in html
    assert 'lang="ar" dir="rtl">إنشاء مجالس للشباب</p>' in html
    assert "83&#8239;%" in html and "12&#8239;%" in html  # the areas with their confidence
    assert "GCTS I" in html and "61&#8239;%" in html and "PULL1 44&#8239;%" in html
    assert "Youth centres run dialogue clubs." in html  # the nearest example
    assert "وزارة الشباب" in html
    # A viewer sees no buttons to change anything.
    assert "documents/segments/" not in html


def test_the_review_page_takes_the_same_queries_whatever_the_segments(
    world: World, django_assert_max_num_queries: Any
) -> None:
    few = make_document(segments=[Seg(SegmentKind.ACTION, "Une action", labels=[1])])
    many = make_document(
        segments=[
            Seg(SegmentKind.PILLAR, "Pilier", labels=[2]),
            *[
                Seg(SegmentKind.ACTION, f"Action {n}", parent=0, labels=[n % 7 + 1])
                for n in range(30)
            ],
        ]
    )
    client = world.client("a_editor")
    client.get(reverse("documents:review", kwargs={"pk": few.pk}))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("documents:review", kwargs={"pk": few.pk}))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("documents:review", kwargs={"pk": many.pk}))
    assert response.content.decode().count('class="segment kind-') == 31


def test_accepting_with_htmx_answers_the_fresh_card(world: World) -> None:
    document = french_plan()
    segment = _segment(document, 2)
    response = world.client("a_editor").post(
        reverse("documents:segment_decide", kwargs={"pk": segment.pk}),
        {"decision": "accept", "version": segment.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#segment-{segment.pk}"
    html = response.content.decode()
    assert html.lstrip().startswith("<li") and "review-accepted" in html
    assert f'name="version" value="{segment.version + 1}"' in html


def test_a_stale_form_without_javascript_redirects_with_the_conflict_message(
    world: World,
) -> None:
    document = french_plan()
    segment = _segment(document, 2)
    client = world.client("a_editor")
    url = reverse("documents:segment_decide", kwargs={"pk": segment.pk})
    client.post(url, {"decision": "accept", "version": segment.version})
    response = client.post(url, {"decision": "reject", "version": segment.version}, follow=True)
    assert "Someone else changed this segment first" in response.content.decode()
    assert _segment(document, 2).review == ReviewStatus.ACCEPTED


def test_editing_through_the_form_saves_and_keeps_the_correction(world: World) -> None:
    document = french_plan()
    segment = _segment(document, 2)
    client = world.client("a_editor")
    url = reverse("documents:segment_edit", kwargs={"pk": segment.pk})
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert 'lang="fr" dir="ltr"' in form.content.decode()
    response = client.post(
        url,
        {
            "kind": "action",
            "text": "Créer des conseils locaux de jeunes",
            "parent": str(_segment(document, 1).pk),
            "areas": ["4", "3"],
            "pillars": ["GCTS-I"],
            "drivers": ["PULL1", "PUSH2"],
            "lead_body": "Ministère de la Jeunesse",
            "timeframe": "2025-2026",
            "cost": "USD 100 000",
            "version": str(segment.version),
        },
    )
    assert response.status_code == 302
    saved = _segment(document, 2)
    assert saved.review == ReviewStatus.EDITED
    assert saved.areas == [3, 4]
    assert saved.drivers == ["PULL1", "PUSH2"]
    assert TrainingExample.objects.get(segment=saved).labels == [3, 4]


def test_the_form_rejects_an_unknown_area(world: World) -> None:
    document = french_plan()
    segment = _segment(document, 2)
    response = world.client("a_editor").post(
        reverse("documents:segment_edit", kwargs={"pk": segment.pk}),
        {"kind": "action", "text": "x", "areas": ["9"], "version": str(segment.version)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["areas"]
    assert _segment(document, 2).review == ReviewStatus.PENDING


def test_accept_above_accepts_only_confident_pending_structure(world: World) -> None:
    document = make_document(
        segments=[
            Seg(SegmentKind.PILLAR, "Sûr", labels=[4], areas={"4": 0.9}),
            Seg(SegmentKind.ACTION, "Incertain", labels=[4], areas={"4": 0.4}),
            Seg(SegmentKind.OTHER, "Texte", labels=[4], areas={"4": 0.95}),
        ]
    )
    response = world.client("a_editor").post(
        reverse("documents:accept_above", kwargs={"pk": document.pk}), {"threshold": "80"}
    )
    assert response.status_code == 302
    reviews = list(Segment.objects.filter(document=document).values_list("review", flat=True))
    assert reviews == [ReviewStatus.ACCEPTED, ReviewStatus.PENDING, ReviewStatus.PENDING]
    assert AuditEvent.objects.filter(action="document.accept_suggestions").count() == 1
