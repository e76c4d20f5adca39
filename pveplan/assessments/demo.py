"""Illustrative assessments for the demo: Jordan assessed in 2025 (submitted by its focal point,
validated by UNOCT, two gaps made needs) and again in 2026 (a draft with improvements), so the
comparison shows changes. Everything goes through the actions, as a user would do it.

`seed_demo()` is idempotent; it needs the demo accounts of `python manage.py seed_demo`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from pveplan.accounts.models import Organization, User
from pveplan.assessments import actions
from pveplan.assessments.models import Assessment, AssessmentStatus, Need, Question, Response

OWNER = "jor"
FIRST = datetime.date(2025, 4, 10)
SECOND = datetime.date(2026, 3, 15)
TITLES = {
    FIRST: "تقييم الاحتياجات من القدرات لعام 2025",
    SECOND: "تقييم الاحتياجات من القدرات لعام 2026",
}
# Levels per dimension, one per question in order; DDR is left out (not relevant in Jordan's
# plan, in this illustration).
LEVELS: dict[datetime.date, dict[str, list[int]]] = {
    FIRST: {
        "institutions": [2, 2, 1, 1],
        "evidence": [1, 0, 1],
        "legal": [3, 2, 2],
        "society": [2, 1, 1],
        "gender_youth": [1, 1, 2],
        "monitoring": [1, 0, 1, 0],
        "costing": [0, 0, 1],
        "communications": [2, 1, 2],
        "localization": [1, 0, 1],
    },
    SECOND: {
        "institutions": [3, 3, 2, 2],
        "evidence": [2, 1, 2],
        "legal": [3, 3, 2],
        "society": [2, 2, 1],
        "gender_youth": [2, 1, 2],
        "monitoring": [2, 1, 1, 1],
        "costing": [1, 0, 1],
        "communications": [2, 1, 2],
        "localization": [1, 1, 1],
    },
}
EVIDENCE = {
    ("institutions", 1): "قرار مجلس الوزراء بتكليف وحدة تنسيق وطنية (مثال توضيحي).",
    ("legal", 1): "الخطة الوطنية معتمدة بقرار حكومي (مثال توضيحي).",
    ("monitoring", 2): "تقارير سنوية غير منتظمة من بعض الوزارات فقط.",
    ("costing", 3): "لا توجد استراتيجية لتعبئة الموارد بعد؛ دعم متفرق من الجهات المانحة.",
}
NEEDS_FROM = ("costing", "monitoring")


def _answer(assessment: Assessment, levels: dict[str, list[int]], by: Any) -> None:
    questions = Question.objects.filter(template=assessment.template)
    versions = dict(
        Response.objects.filter(assessment=assessment).values_list("question_id", "version")
    )
    for dimension, values in levels.items():
        mine = sorted((q for q in questions if q.dimension == dimension), key=lambda q: q.position)
        answers = [
            actions.AnswerInput(
                question_id=question.pk,
                maturity=level,
                evidence=EVIDENCE.get((dimension, question.position), ""),
                expected_version=versions[question.pk],
            )
            for question, level in zip(mine, values, strict=False)
        ]
        actions.response_set(assessment=assessment, dimension=dimension, answers=answers, by=by)


def _assessment(
    owner: Organization, key: datetime.date, by: Any, on: datetime.date | None = None
) -> tuple[Assessment, bool]:
    """The illustrative assessment `key` (TITLES, LEVELS), made and answered if missing."""
    title = TITLES[key]
    found = Assessment.objects.filter(owner=owner, is_illustrative=True, title=title).first()
    if found is not None:
        return found, False
    assessment = actions.assessment_create(
        by=by,
        data=actions.AssessmentInput(
            owner=owner, title=title, assessed_on=on or key, language="ar", is_illustrative=True
        ),
    )
    _answer(assessment, LEVELS[key], by)
    return assessment, True


def seed_demo() -> list[str]:
    """Add the illustrative Jordan assessments and needs that are missing; say what was added."""
    owner = Organization.objects.filter(code=OWNER).first()
    needed = ("jordan.editor", "jordan.focal", "unoct.officer")
    users = {u.username: u for u in User.objects.filter(username__in=needed)}
    if owner is None or any(name not in users for name in needed):
        return ["assessments: skipped (run seed_demo for the demo accounts first)"]
    editor, focal, officer = (users[name] for name in needed)
    lines: list[str] = []
    with transaction.atomic():
        first, new = _assessment(owner, FIRST, editor)
        if new:
            lines.append(f"assessment: {first.title} ({owner.code})")
        if first.status == AssessmentStatus.DRAFT:
            first = actions.assessment_submit(
                assessment=first, by=focal, expected_version=first.version
            )
        if first.status == AssessmentStatus.SUBMITTED:
            first = actions.assessment_validate(
                assessment=first,
                by=officer,
                expected_version=first.version,
                note="Validated for the demo (illustrative).",
            )
        for dimension in NEEDS_FROM:
            if not Need.objects.filter(assessment=first, dimension=dimension).exists():
                need = actions.need_from_gap(assessment=first, dimension=dimension, by=focal)
                lines.append(f"need from a gap: {need.title}")
        # Not in the future, wherever the clock stands.
        second_on = min(SECOND, timezone.localdate())
        if second_on > FIRST:
            second, new = _assessment(owner, SECOND, editor, on=second_on)
            if new:
                lines.append(f"assessment: {second.title} ({owner.code}, draft)")
    return lines
