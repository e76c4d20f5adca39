"""Assessments for tests, made through the actions like everything else."""

from __future__ import annotations

import datetime
from typing import Any

from pveplan.assessments import actions
from pveplan.assessments.dimensions import ORDER
from pveplan.assessments.models import Assessment, Question, Response
from pveplan.testing import World, org


def make_assessment(
    world: World,
    *,
    owner: str = "jor",
    by: str = "a_editor",
    on: datetime.date = datetime.date(2025, 5, 1),
    title: str = "Assessment 2025",
    language: str = "en",
) -> Assessment:
    return actions.assessment_create(
        by=world.users[by],
        data=actions.AssessmentInput(
            owner=org(owner), title=title, assessed_on=on, language=language
        ),
    )


def answer(
    assessment: Assessment,
    by: Any,
    levels: dict[str, list[int | None]] | None = None,
    *,
    fill: int | None = 2,
) -> Assessment:
    """Answer every question but DDR's at level `fill` (none when None), and the dimensions in
    `levels` with their own levels (one per question, in order)."""
    plan: dict[str, list[int | None]] = {}
    if fill is not None:
        for code in ORDER:
            if code != "ddr":
                count = Question.objects.filter(
                    template=assessment.template, dimension=code
                ).count()
                plan[code] = [fill] * count
    plan.update(levels or {})
    for dimension, values in plan.items():
        responses = list(
            Response.objects.filter(assessment=assessment, question__dimension=dimension)
            .select_related("question")
            .order_by("question__position")
        )
        actions.response_set(
            assessment=assessment,
            dimension=dimension,
            answers=[
                actions.AnswerInput(r.question_id, level, expected_version=r.version)
                for r, level in zip(responses, values, strict=False)
            ],
            by=by,
        )
    assessment.refresh_from_db()
    return assessment


def submitted(
    world: World,
    *,
    owner: str = "jor",
    by: str = "a_focal",
    levels: dict[str, list[int | None]] | None = None,
    **extra: Any,
) -> Assessment:
    """An assessment of `owner`, answered (level 2 everywhere but DDR, unless `levels` says
    otherwise) and submitted by `by`."""
    writer = world.users[by]
    assessment = make_assessment(world, owner=owner, by=by, **extra)
    answer(assessment, writer, levels)
    return actions.assessment_submit(
        assessment=assessment, by=writer, expected_version=assessment.version
    )
