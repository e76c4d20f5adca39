"""The IDDRS safeguard checklist a DDR-linked plan node answers.

The integrated DDR standards (IDDRS 2.11) draw a red line: people listed by the Security Council,
or suspected of terrorist acts, cannot be DDR programme participants; DDR-related tools may still
support people leaving designated groups, but only within a legal framework. A node flagged as
DDR-related records an answer to each question below; the plan page flags unanswered questions
and answers that cross the red line.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Answer(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    NOT_APPLICABLE = "na", _("not applicable")


@dataclass(frozen=True)
class Question:
    key: str
    text: Promise
    # The answer that keeps the node within the safeguards; any other needs attention.
    safe: str


QUESTIONS = (
    Question(
        "screening",
        _(
            "Are participants screened against the Security Council sanctions lists "
            "before they enter the programme?"
        ),
        Answer.YES,
    ),
    Question(
        "no_listed_participants",
        _(
            "Are people listed by the Security Council, or suspected of terrorist acts, "
            "excluded from DDR programme participation?"
        ),
        Answer.YES,
    ),
    Question(
        "legal_framework",
        _(
            "Are DDR-related tools for people leaving designated groups used only within "
            "a national legal framework that provides for them?"
        ),
        Answer.YES,
    ),
    Question(
        "human_rights",
        _(
            "Is there a human-rights due-diligence assessment of the partners who will "
            "carry out the action?"
        ),
        Answer.YES,
    ),
)
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)


@dataclass(frozen=True)
class SafeguardRow:
    question: Question
    answer: str
    note: str
    by: str
    at: str

    @property
    def answered(self) -> bool:
        return bool(self.answer)

    @property
    def needs_attention(self) -> bool:
        return self.answered and self.answer not in (self.question.safe, Answer.NOT_APPLICABLE)

    @property
    def answer_label(self) -> str:
        return str(Answer(self.answer).label) if self.answer in Answer.values else ""


def safeguard_rows(answers: dict[str, dict[str, str]]) -> list[SafeguardRow]:
    """One row per question, with the recorded answer (blank when not answered yet)."""
    rows = []
    for question in QUESTIONS:
        given = answers.get(question.key) or {}
        rows.append(
            SafeguardRow(
                question=question,
                answer=given.get("answer", ""),
                note=given.get("note", ""),
                by=given.get("by", ""),
                at=given.get("at", ""),
            )
        )
    return rows


def open_safeguards(answers: dict[str, dict[str, str]]) -> int:
    """How many questions are unanswered or answered outside the safeguards."""
    return sum(1 for row in safeguard_rows(answers) if not row.answered or row.needs_attention)
