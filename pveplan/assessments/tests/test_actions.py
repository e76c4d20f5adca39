"""The assessment workflow and needs, through the actions: permissions, versions, audit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from pveplan.assessments import actions
from pveplan.assessments.models import Assessment, AssessmentStatus, Need, NeedStatus, Response
from pveplan.assessments.tests.factories import answer, make_assessment, submitted
from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent, AuditOutcome
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


def events(action: str, **filters: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, **filters))


def test_a_new_assessment_is_a_draft_with_one_empty_response_per_question(world: World) -> None:
    assessment = make_assessment(world)
    assert assessment.status == AssessmentStatus.DRAFT
    responses = Response.objects.filter(assessment=assessment)
    assert responses.count() == assessment.template.questions.count() >= 30
    assert not responses.filter(maturity__isnull=False).exists()
    [event] = events("assessment.create")
    assert event.after["title"] == "Assessment 2025" and event.after["questions"] >= 30
    assert event.on_behalf_of.startswith("jor")


def test_the_default_template_has_three_or_four_questions_per_dimension_in_arabic_too(
    world: World,
) -> None:
    assessment = make_assessment(world)
    from collections import Counter

    questions = list(assessment.template.questions.all())
    per_dimension = Counter(q.dimension for q in questions)
    assert len(per_dimension) == 10 and set(per_dimension.values()) <= {3, 4}
    for question in questions:
        assert question.text["en"]["text"] and question.text["ar"]["text"]
        assert question.text["en"]["provenance"] == "original"


@pytest.mark.parametrize("persona", ["a_viewer", "unoct", "b_editor", "donor"])
def test_only_the_country_team_starts_an_assessment(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        make_assessment(world, by=persona)
    assert not Assessment.objects.exists()
    assert events("assessment.create", outcome=AuditOutcome.DENIED)


def test_an_assessment_dated_in_the_future_or_of_a_un_entity_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        make_assessment(world, on=datetime.date.today() + datetime.timedelta(days=2))
    assert "assessed_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_assessment(world, owner="undp", by="admin")
    assert "owner" in error.value.message_dict


def test_answers_to_a_dimension_are_saved_at_once_with_one_audit_event(world: World) -> None:
    assessment = make_assessment(world)
    answer(assessment, world.users["a_editor"], {"institutions": [2, 3, 1, 0]}, fill=None)
    levels = list(
        Response.objects.filter(assessment=assessment, question__dimension="institutions")
        .order_by("question__position")
        .values_list("maturity", "version", "answered_by__username")
    )
    assert levels == [
        (2, 2, "a_editor"),
        (3, 2, "a_editor"),
        (1, 2, "a_editor"),
        (0, 2, "a_editor"),
    ]
    [event] = events("assessment.answer")
    assert event.rationale == "institutions"
    assert event.after["institutions.2"] == {"maturity": 3}
    assert event.before["institutions.2"] == {"maturity": None}


def test_a_stale_answer_saves_nothing_of_the_dimension(world: World) -> None:
    assessment = make_assessment(world)
    editor = world.users["a_editor"]
    responses = list(
        Response.objects.filter(assessment=assessment, question__dimension="legal").order_by(
            "question__position"
        )
    )
    answer(assessment, world.users["a_focal"], {"legal": [None, None, 4]}, fill=None)
    stale = [actions.AnswerInput(r.question_id, 1, expected_version=r.version) for r in responses]
    with pytest.raises(ConflictError):
        actions.response_set(assessment=assessment, dimension="legal", answers=stale, by=editor)
    levels = list(
        Response.objects.filter(assessment=assessment, question__dimension="legal")
        .order_by("question__position")
        .values_list("maturity", flat=True)
    )
    assert levels == [None, None, 4]


def test_a_level_outside_zero_to_four_or_a_question_of_another_dimension_is_refused(
    world: World,
) -> None:
    assessment = make_assessment(world)
    legal = Response.objects.filter(assessment=assessment, question__dimension="legal").first()
    bad = [actions.AnswerInput(legal.question_id, 5)]
    with pytest.raises(ValidationError):
        actions.response_set(
            assessment=assessment, dimension="legal", answers=bad, by=world.users["a_editor"]
        )
    wrong = [actions.AnswerInput(legal.question_id, 2)]
    with pytest.raises(ValidationError):
        actions.response_set(
            assessment=assessment, dimension="costing", answers=wrong, by=world.users["a_editor"]
        )
    assert not Response.objects.filter(assessment=assessment, maturity__isnull=False).exists()


def test_a_partly_answered_assessment_cannot_be_submitted(world: World) -> None:
    assessment = make_assessment(world)
    answer(assessment, world.users["a_editor"], {"monitoring": [1, None, 1, 1]})
    with pytest.raises(ValidationError) as error:
        actions.assessment_submit(
            assessment=assessment, by=world.users["a_editor"], expected_version=assessment.version
        )
    assert "Monitoring and evaluation" in str(error.value)
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.DRAFT


def test_ddr_may_be_left_out_but_not_half_answered(world: World) -> None:
    assessment = submitted(world)  # every dimension but DDR answered
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == world.users["a_focal"]
    other = make_assessment(world)
    answer(other, world.users["a_editor"], {"ddr": [1, None, None]})
    with pytest.raises(ValidationError):
        actions.assessment_submit(
            assessment=other, by=world.users["a_editor"], expected_version=other.version
        )


def test_a_submitted_assessment_can_no_longer_be_answered(world: World) -> None:
    assessment = submitted(world)
    response = Response.objects.filter(assessment=assessment).first()
    with pytest.raises(ValidationError):
        actions.response_set(
            assessment=assessment,
            dimension=response.question.dimension,
            answers=[
                actions.AnswerInput(response.question_id, 4, expected_version=response.version)
            ],
            by=world.users["a_focal"],
        )


def test_unoct_validates_a_submitted_assessment(world: World) -> None:
    assessment = submitted(world)
    validated = actions.assessment_validate(
        assessment=assessment,
        by=world.users["unoct"],
        expected_version=assessment.version,
        note="ok",
    )
    assert validated.status == AssessmentStatus.VALIDATED
    assert validated.validated_by == world.users["unoct"] and validated.validated_at
    [event] = events("assessment.validate")
    assert event.after["status"] == "validated" and event.rationale == "ok"


def test_nobody_validates_their_own_submission(world: World) -> None:
    admin = world.users["admin"]  # holds every permission, and submits
    assessment = submitted(world, by="admin")
    with pytest.raises(PermissionDenied):
        actions.assessment_validate(
            assessment=assessment, by=admin, expected_version=assessment.version
        )
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED
    [refusal] = events("assessment.validate", outcome=AuditOutcome.DENIED)
    assert refusal.rationale == "own submission" and refusal.actor == admin


def test_the_database_also_refuses_a_validation_by_the_submitter(world: World) -> None:
    assessment = submitted(world, by="admin")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(
            status="validated",
            validated_by=world.users["admin"],
            validated_at=assessment.submitted_at,
        )


def test_the_country_team_cannot_validate(world: World) -> None:
    assessment = submitted(world)
    with pytest.raises(PermissionDenied):
        actions.assessment_validate(
            assessment=assessment, by=world.users["a_editor"], expected_version=assessment.version
        )


def test_validating_a_stale_version_is_a_conflict(world: World) -> None:
    assessment = submitted(world)
    with pytest.raises(ConflictError):
        actions.assessment_validate(
            assessment=assessment, by=world.users["unoct"], expected_version=assessment.version - 1
        )


def test_unoct_returns_an_assessment_with_a_note_and_the_team_answers_again(world: World) -> None:
    assessment = submitted(world)
    with pytest.raises(ValidationError):
        actions.assessment_return(
            assessment=assessment,
            by=world.users["unoct"],
            expected_version=assessment.version,
            note=" ",
        )
    returned = actions.assessment_return(
        assessment=assessment,
        by=world.users["unoct"],
        expected_version=assessment.version,
        note="Evidence missing for level 3 answers.",
    )
    assert returned.status == AssessmentStatus.DRAFT and returned.submitted_by is None
    assert returned.review_note.startswith("Evidence missing")
    answer(returned, world.users["a_editor"], {"legal": [3, 3, 3]}, fill=None)


# --- Needs --------------------------------------------------------------------------------


def test_a_gap_becomes_an_open_need_of_the_owner_in_one_click(world: World) -> None:
    assessment = submitted(world, levels={"monitoring": [1, 0, 2, 0], "gender_youth": [1, 1, 1]})
    need = actions.need_from_gap(
        assessment=assessment, dimension="monitoring", by=world.users["a_editor"]
    )
    assert need.owner == org("jor") and need.assessment == assessment
    assert need.status == NeedStatus.OPEN and need.dimension == "monitoring"
    # Titled after the dimension and its weakest question (level 0: the second one).
    assert need.title.startswith("Monitoring and evaluation: Responsible bodies report progress")
    assert "score 0.8 of 4, gap 3.2" in need.description
    assert "Data are broken down by sex" in need.description  # the other level-0 question
    gender = actions.need_from_gap(
        assessment=assessment, dimension="gender_youth", by=world.users["a_editor"]
    )
    assert sorted(gender.priority_areas.values_list("number", flat=True)) == [4, 5]
    [event, _] = events("need.create_from_gap")
    assert event.after["dimension"] == "monitoring"


def test_a_gap_becomes_a_need_only_once(world: World) -> None:
    assessment = submitted(world)
    actions.need_from_gap(assessment=assessment, dimension="legal", by=world.users["a_editor"])
    with pytest.raises(ValidationError):
        actions.need_from_gap(assessment=assessment, dimension="legal", by=world.users["a_focal"])
    assert Need.objects.filter(assessment=assessment).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.create(
            owner=org("jor"), title="again", dimension="legal", assessment=assessment
        )


def test_the_need_of_an_arabic_assessment_is_written_in_arabic(world: World) -> None:
    writer = world.users["a_focal"]
    assessment = make_assessment(world, by="a_focal", language="ar")
    answer(assessment, writer)
    actions.assessment_submit(assessment=assessment, by=writer, expected_version=assessment.version)
    need = actions.need_from_gap(assessment=assessment, dimension="costing", by=writer)
    assert need.title.startswith("تقدير التكاليف وتعبئة الموارد")


def test_drafts_and_dimensions_without_a_gap_make_no_need(world: World) -> None:
    draft = make_assessment(world)
    answer(draft, world.users["a_editor"])
    with pytest.raises(ValidationError):
        actions.need_from_gap(assessment=draft, dimension="legal", by=world.users["a_editor"])
    assessment = submitted(world, levels={"legal": [4, 4, 4]})
    with pytest.raises(ValidationError):
        actions.need_from_gap(assessment=assessment, dimension="legal", by=world.users["a_editor"])
    with pytest.raises(ValidationError):  # DDR left out: no score, no gap
        actions.need_from_gap(assessment=assessment, dimension="ddr", by=world.users["a_editor"])
    assert not Need.objects.exists()


@pytest.mark.parametrize("persona", ["unoct", "a_viewer", "b_editor"])
def test_only_the_country_team_turns_gaps_into_needs(world: World, persona: str) -> None:
    assessment = submitted(world)
    with pytest.raises(PermissionDenied):
        actions.need_from_gap(assessment=assessment, dimension="legal", by=world.users[persona])


def test_a_need_written_directly_and_edited_keeps_its_owner(world: World) -> None:
    editor = world.users["a_editor"]
    need = actions.need_create(
        by=editor, data=actions.NeedInput(owner=org("jor"), title="Training of trainers")
    )
    data = actions.NeedInput(owner=org("jor"), title="Training of trainers", status="requested")
    updated = actions.need_update(need=need, by=editor, data=data, expected_version=need.version)
    assert updated.status == "requested" and updated.version == 2
    with pytest.raises(ConflictError):
        actions.need_update(need=need, by=editor, data=data, expected_version=1)
    with pytest.raises(ValidationError):
        moved = actions.NeedInput(owner=org("lbn"), title="x")
        actions.need_update(need=updated, by=editor, data=moved, expected_version=2)
    [event] = events("need.update")
    assert event.before == {"status": "open"} and event.after == {"status": "requested"}
    with pytest.raises(PermissionDenied):
        actions.need_create(
            by=world.users["b_editor"], data=actions.NeedInput(owner=org("jor"), title="x")
        )
