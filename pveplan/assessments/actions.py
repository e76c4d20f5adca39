"""Every change to assessments and needs: typed keyword-only functions, each in one transaction
with one audit event, a permission check and (for edits) an optimistic-locking version check.

Who may do what (core/permissions.py): the owner's team (assessments:write) creates an
assessment, answers it, submits it and turns its gaps into needs; UNOCT (assessments:validate)
validates a submitted assessment or returns it for more work, never one it submitted itself.
Refusals are audited too (by `require_permission`, or here for one's own submission).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.assessments.dimensions import (
    DIMENSION_PRIORITY_AREAS,
    OPTIONAL_DIMENSIONS,
    ORDER,
    dimension_name,
)
from pveplan.assessments.models import (
    Assessment,
    AssessmentStatus,
    AssessmentTemplate,
    Need,
    NeedStatus,
    Question,
    Response,
)
from pveplan.assessments.scoring import DimensionScore, score_responses
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import UN_LANGUAGES, django_language, texts_of
from pveplan.core.models import AuditOutcome
from pveplan.core.permissions import ASSESSMENTS_VALIDATE, ASSESSMENTS_WRITE
from pveplan.plans.actions.registry import require_permission
from pveplan.taxonomy.models import PriorityArea

OWNER_KINDS = (OrganizationKind.MEMBER_STATE, OrganizationKind.REGIONAL_ORG)
MAX_TEXT = 10_000
AUDITED_FIELDS = [
    "owner_id",
    "template_id",
    "title",
    "assessed_on",
    "language",
    "status",
    "is_illustrative",
    "submitted_by_id",
    "validated_by_id",
    "review_note",
]
NEED_FIELDS = ["owner_id", "title", "description", "dimension", "status", "assessment_id"]


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def default_template() -> AssessmentTemplate | None:
    """The newest edition of the active templates (the default for a new assessment)."""
    return AssessmentTemplate.objects.filter(is_active=True).order_by("-edition", "-pk").first()


# --- Assessments ------------------------------------------------------------------------------


@dataclass
class AssessmentInput:
    """What a user gives to start an assessment."""

    owner: Organization
    title: str
    assessed_on: datetime.date
    language: str
    template: AssessmentTemplate | None = None  # None: the default template
    is_illustrative: bool = False

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.owner.kind not in OWNER_KINDS:
            errors["owner"] = [_("Choose a Member State or a regional organization.")]
        if not self.title.strip():
            errors["title"] = [_("Give the assessment a title.")]
        elif len(self.title.strip()) > 200:
            errors["title"] = [_("A title has at most 200 characters.")]
        if self.language not in UN_LANGUAGES:
            errors["language"] = [_("Choose one of the six UN languages.")]
        if self.assessed_on > timezone.localdate():
            errors["assessed_on"] = [_("The date of the assessment cannot be in the future.")]
        if self.template is not None and not self.template.is_active:
            errors["template"] = [_("This template is no longer in use.")]
        return errors


def assessment_create(*, by: Any, data: AssessmentInput) -> Assessment:
    """Start an assessment of `data.owner`: a draft with one empty response per question."""
    on_behalf = require_permission(by, ASSESSMENTS_WRITE, data.owner, "assessment.create")
    errors = data.errors()
    template = data.template or default_template()
    if template is None:
        errors.setdefault("template", []).append(_("No assessment template is available."))
    if errors:
        raise ValidationError(errors)
    assert template is not None
    with transaction.atomic():
        assessment = Assessment.objects.create(
            owner=data.owner,
            template=template,
            title=data.title.strip(),
            assessed_on=data.assessed_on,
            language=data.language,
            is_illustrative=data.is_illustrative,
            created_by=_user(by),
        )
        questions = Question.objects.filter(template=template)
        Response.objects.bulk_create(
            Response(assessment=assessment, question=question) for question in questions
        )
        after = audit.snapshot(assessment, AUDITED_FIELDS)
        after["questions"] = len(questions)
        audit.record(
            action="assessment.create",
            actor=by,
            on_behalf_of=on_behalf,
            obj=assessment,
            after=after,
        )
    return assessment


def _locked(assessment: Assessment, expected_version: int | None = None) -> Assessment:
    current = (
        Assessment.objects.select_for_update()
        .select_related("owner", "template")
        .get(pk=assessment.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(assessment.pk)
    return current


@dataclass
class AnswerInput:
    """One question's answer as the user gives it, with the response version they loaded."""

    question_id: int
    maturity: int | None
    evidence: str = ""
    comments: str = ""
    expected_version: int = 1


def _question_key(question: Question) -> str:
    return f"{question.dimension}.{question.position}"


def _answer_of(response: Response) -> dict[str, Any]:
    return {
        "maturity": response.maturity,
        "evidence": response.evidence,
        "comments": response.comments,
    }


def response_set(
    *, assessment: Assessment, dimension: str, answers: list[AnswerInput], by: Any
) -> list[Response]:
    """Save the answers to one dimension's questions, all or nothing.

    Raises ConflictError (saving nothing) when any response changed since the user loaded it,
    ValidationError for a question outside the dimension, a level outside 0-4, or an
    assessment that is no longer a draft. Questions not in `answers` keep their answers.
    """
    on_behalf = require_permission(
        by, ASSESSMENTS_WRITE, assessment.owner, "assessment.answer", assessment
    )
    if dimension not in ORDER:
        raise ValidationError({"dimension": [_("Choose a capacity dimension.")]})
    for answer in answers:
        if answer.maturity is not None and not 0 <= answer.maturity <= 4:
            raise ValidationError({"maturity": [_("Choose a level from 0 to 4.")]})
        if len(answer.evidence) > MAX_TEXT or len(answer.comments) > MAX_TEXT:
            raise ValidationError(
                {"evidence": [_("Keep each text under %(n)s characters.") % {"n": MAX_TEXT}]}
            )
    with transaction.atomic():
        current = _locked(assessment)
        if current.status != AssessmentStatus.DRAFT:
            raise ValidationError(
                {"status": [_("Only a draft can be answered. Ask UNOCT to return it.")]}
            )
        responses = {
            r.question_id: r
            for r in Response.objects.select_for_update()
            .filter(assessment=current, question__dimension=dimension)
            .select_related("question")
        }
        unknown = [a.question_id for a in answers if a.question_id not in responses]
        if unknown:
            raise ValidationError({"question": [_("A question is not part of this dimension.")]})
        if any(responses[a.question_id].version != a.expected_version for a in answers):
            raise ConflictError(current.pk)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        changed: list[Response] = []
        now = timezone.now()
        for answer in answers:
            response = responses[answer.question_id]
            old = _answer_of(response)
            response.maturity = answer.maturity
            response.evidence = answer.evidence.strip()
            response.comments = answer.comments.strip()
            new = _answer_of(response)
            if new == old:
                continue
            response.answered_by = _user(by)
            response.answered_at = now
            response.updated_at = now  # bulk_update leaves auto_now fields alone
            response.version += 1
            changed.append(response)
            key = _question_key(response.question)
            before[key], after[key] = audit.diff(old, new)
        Response.objects.bulk_update(
            changed,
            [
                "maturity",
                "evidence",
                "comments",
                "answered_by",
                "answered_at",
                "updated_at",
                "version",
            ],
        )
        audit.record(
            action="assessment.answer",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=before,
            after=after,
            rationale=dimension,
        )
    return sorted(responses.values(), key=lambda r: r.question.position)


def unfinished_dimensions(assessment: Assessment) -> list[DimensionScore]:
    """The dimensions that stop a submission: partly answered ones, and unanswered ones that
    may not be left out (all but DDR)."""
    responses = Response.objects.filter(assessment=assessment).select_related("question")
    scores = score_responses(responses)
    return [
        d
        for d in scores.dimensions
        if d.total and not d.is_complete and (d.answered or d.dimension not in OPTIONAL_DIMENSIONS)
    ]


def assessment_submit(*, assessment: Assessment, by: Any, expected_version: int) -> Assessment:
    """Submit a finished draft. Every question must be answered, except that a dimension that
    may be left out (DDR where it is not relevant) may stay wholly unanswered."""
    on_behalf = require_permission(
        by, ASSESSMENTS_WRITE, assessment.owner, "assessment.submit", assessment
    )
    with transaction.atomic():
        current = _locked(assessment, expected_version)
        if current.status != AssessmentStatus.DRAFT:
            raise ValidationError({"status": [_("Only a draft can be submitted.")]})
        unfinished = unfinished_dimensions(current)
        if unfinished:
            names = ", ".join(f"{d.number}. {dimension_name(d.dimension).text}" for d in unfinished)
            raise ValidationError(
                {
                    "status": [
                        _("Answer every question of these dimensions first: %(names)s.")
                        % {"names": names}
                    ]
                }
            )
        before = audit.snapshot(current, AUDITED_FIELDS)
        current.status = AssessmentStatus.SUBMITTED
        current.submitted_by = _user(by)
        current.submitted_at = timezone.now()
        current.review_note = ""
        current.version += 1
        current.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(current, AUDITED_FIELDS))
        audit.record(
            action="assessment.submit",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def assessment_validate(
    *, assessment: Assessment, by: Any, expected_version: int, note: str = ""
) -> Assessment:
    """Validate a submitted assessment (UNOCT). Nobody validates their own submission."""
    on_behalf = require_permission(
        by, ASSESSMENTS_VALIDATE, assessment.owner, "assessment.validate", assessment
    )
    with transaction.atomic():
        current = _locked(assessment, expected_version)
        if current.status != AssessmentStatus.SUBMITTED:
            raise ValidationError({"status": [_("Only a submitted assessment can be validated.")]})
        own = current.submitted_by_id is not None and current.submitted_by_id == by.pk
        if not own:
            before = audit.snapshot(current, AUDITED_FIELDS)
            current.status = AssessmentStatus.VALIDATED
            current.validated_by = _user(by)
            current.validated_at = timezone.now()
            current.review_note = note.strip()
            current.version += 1
            current.save()
            changed = audit.diff(before, audit.snapshot(current, AUDITED_FIELDS))
            audit.record(
                action="assessment.validate",
                actor=by,
                on_behalf_of=on_behalf,
                obj=current,
                before=changed[0],
                after=changed[1],
                rationale=note.strip(),
            )
    if own:
        # Recorded outside the refused transaction, so the refusal stays in the log.
        audit.record(
            action="assessment.validate",
            actor=by,
            obj=current,
            outcome=AuditOutcome.DENIED,
            rationale="own submission",
        )
        raise PermissionDenied(_("Nobody can validate their own submission."))
    return current


def assessment_return(
    *, assessment: Assessment, by: Any, expected_version: int, note: str
) -> Assessment:
    """Send a submitted assessment back to its team as a draft, saying why (UNOCT)."""
    on_behalf = require_permission(
        by, ASSESSMENTS_VALIDATE, assessment.owner, "assessment.return", assessment
    )
    if not note.strip():
        raise ValidationError({"note": [_("Say what the team should look at again.")]})
    with transaction.atomic():
        current = _locked(assessment, expected_version)
        if current.status != AssessmentStatus.SUBMITTED:
            raise ValidationError({"status": [_("Only a submitted assessment can be returned.")]})
        before = audit.snapshot(current, AUDITED_FIELDS)
        current.status = AssessmentStatus.DRAFT
        current.submitted_by = None
        current.submitted_at = None
        current.review_note = note.strip()
        current.version += 1
        current.save()
        changed = audit.diff(before, audit.snapshot(current, AUDITED_FIELDS))
        audit.record(
            action="assessment.return",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed[0],
            after=changed[1],
            rationale=note.strip(),
        )
    return current


# --- Needs ------------------------------------------------------------------------------------


def _areas_for(dimension: str) -> list[PriorityArea]:
    numbers = DIMENSION_PRIORITY_AREAS.get(dimension, ())
    return list(PriorityArea.objects.filter(number__in=numbers)) if numbers else []


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _gap_need_texts(assessment: Assessment, entry: DimensionScore) -> tuple[str, str]:
    """Title and description of the need for a gap, in the assessment's language."""
    language = assessment.language
    with translation.override(django_language(language)):
        name = dimension_name(entry.dimension, language).text
        weakest = [
            (texts_of(a.question.text).get(language) or a.question.shown_text.text).rstrip(". ")
            for a in entry.weakest
            if a.question is not None
        ]
        title = _("%(dimension)s: %(weakest)s") % {"dimension": name, "weakest": weakest[0]}
        lines = [
            _(
                "Gap found by the assessment “%(assessment)s” of %(date)s: "
                "score %(score)s of 4, gap %(gap)s."
            )
            % {
                "assessment": assessment.title,
                "date": formats.date_format(assessment.assessed_on),
                "score": formats.number_format(entry.score or 0, 1),
                "gap": formats.number_format(entry.gap or 0, 1),
            },
            "",
            _("Weakest points (level %(level)s of 4):")
            % {"level": entry.weakest[0].maturity if entry.weakest else ""},
            *[f"- {text}" for text in weakest],
        ]
    return _clip(title, 300), "\n".join(lines)


def need_from_gap(*, assessment: Assessment, dimension: str, by: Any) -> Need:
    """Turn the gap of one dimension of a submitted or validated assessment into an open need
    of the assessment's owner (one click): titled after the dimension and its weakest question,
    described with the score and the weakest points, linked back to the assessment.

    Refuses (ValidationError) a draft, a dimension without a gap, and a second need for the
    same assessment and dimension.
    """
    on_behalf = require_permission(
        by, ASSESSMENTS_WRITE, assessment.owner, "need.create_from_gap", assessment
    )
    with transaction.atomic():
        current = _locked(assessment)  # one need at a time per assessment
        if current.status == AssessmentStatus.DRAFT:
            raise ValidationError(
                {"status": [_("Submit the assessment before turning its gaps into needs.")]}
            )
        if Need.objects.filter(assessment=current, dimension=dimension).exists():
            raise ValidationError({"dimension": [_("This gap is already a need.")]})
        responses = Response.objects.filter(
            assessment=current, question__dimension=dimension
        ).select_related("question")
        entry = score_responses(responses).by_dimension.get(dimension)
        if entry is None or entry.gap is None or entry.gap <= 0 or not entry.weakest:
            raise ValidationError({"dimension": [_("This dimension has no gap to meet.")]})
        title, description = _gap_need_texts(current, entry)
        need = Need.objects.create(
            owner=current.owner,
            title=title,
            description=description,
            dimension=dimension,
            status=NeedStatus.OPEN,
            assessment=current,
            created_by=_user(by),
        )
        areas = _areas_for(dimension)
        need.priority_areas.set(areas)
        after = audit.snapshot(need, NEED_FIELDS)
        after["priority_areas"] = sorted(area.code for area in areas)
        after["score"] = entry.score
        audit.record(
            action="need.create_from_gap", actor=by, on_behalf_of=on_behalf, obj=need, after=after
        )
    return need


@dataclass
class NeedInput:
    """A need as a user writes it."""

    owner: Organization
    title: str
    description: str = ""
    dimension: str = ""
    priority_areas: list[PriorityArea] = field(default_factory=list)
    status: str = NeedStatus.OPEN

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.owner.kind not in OWNER_KINDS:
            errors["owner"] = [_("Choose a Member State or a regional organization.")]
        if not self.title.strip():
            errors["title"] = [_("Say what is needed.")]
        elif len(self.title.strip()) > 300:
            errors["title"] = [_("A title has at most 300 characters.")]
        if len(self.description) > MAX_TEXT:
            errors["description"] = [_("Keep each text under %(n)s characters.") % {"n": MAX_TEXT}]
        if self.dimension and self.dimension not in ORDER:
            errors["dimension"] = [_("Choose a capacity dimension.")]
        if self.status not in NeedStatus.values:
            errors["status"] = [_("Choose a status.")]
        return errors


def _need_snapshot(need: Need, areas: list[PriorityArea]) -> dict[str, Any]:
    data = audit.snapshot(need, NEED_FIELDS)
    data["priority_areas"] = sorted(area.code for area in areas)
    return data


def need_create(*, by: Any, data: NeedInput) -> Need:
    """Write down a need directly (not from an assessment)."""
    on_behalf = require_permission(by, ASSESSMENTS_WRITE, data.owner, "need.create")
    errors = data.errors()
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        need = Need.objects.create(
            owner=data.owner,
            title=data.title.strip(),
            description=data.description.strip(),
            dimension=data.dimension,
            status=data.status,
            created_by=_user(by),
        )
        need.priority_areas.set(data.priority_areas)
        audit.record(
            action="need.create",
            actor=by,
            on_behalf_of=on_behalf,
            obj=need,
            after=_need_snapshot(need, data.priority_areas),
        )
    return need


def need_update(*, need: Need, by: Any, data: NeedInput, expected_version: int) -> Need:
    """Change a need's text, tags or status; its owner stays, and a need made from a gap keeps
    its dimension. Fails with ConflictError if someone else changed it first."""
    on_behalf = require_permission(by, ASSESSMENTS_WRITE, need.owner, "need.update", need)
    errors = data.errors()
    if data.owner.pk != need.owner_id:
        errors["owner"] = [_("A need stays with its country or organization.")]
    if need.assessment_id is not None and data.dimension != need.dimension:
        errors["dimension"] = [_("A need made from a gap keeps the gap’s dimension.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Need.objects.select_for_update().get(pk=need.pk)
        if current.version != expected_version:
            raise ConflictError(need.pk)
        before = _need_snapshot(current, list(current.priority_areas.all()))
        current.title = data.title.strip()
        current.description = data.description.strip()
        current.dimension = data.dimension
        current.status = data.status
        current.version += 1
        current.save()
        current.priority_areas.set(data.priority_areas)
        changed_before, changed_after = audit.diff(
            before, _need_snapshot(current, data.priority_areas)
        )
        audit.record(
            action="need.update",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current
