"""Scores, gaps and comparisons of assessments: plain arithmetic on the answers, no queries.

- A dimension's **score** is the mean maturity (0-4) of its answered questions, rounded half up
  to one decimal. Unanswered questions do not count; a dimension with no answer has no score
  ("not assessed", e.g. DDR where it is not relevant).
- The **overall** score is the mean of the dimension scores (each dimension weighs the same,
  however many questions it has), computed from the exact dimension means and rounded once.
- A dimension's **gap** is 4 minus its rounded score: the distance to level 4 ("sustained"),
  the top of the scale. A fixed target, rather than one each country sets, keeps gaps
  comparable across countries and over time; a country content with level 3 somewhere simply
  does not turn that gap into a need. Taking the rounded score makes score + gap = 4 on the page.
- **Ranked gaps**: the assessed dimensions with a gap above 0, largest first; ties in the
  dimensions' own order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from pveplan.assessments.dimensions import ORDER, dimension_number

TARGET_LEVEL = 4
ONE_PLACE = Decimal("0.1")


def rounded(value: Fraction) -> Decimal:
    """`value` as a decimal with one place, rounded half up (2.25 -> 2.3, not banker's 2.2)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Answer:
    """What scoring needs of one response."""

    dimension: str
    maturity: int | None
    question: Any = None  # the Question, for naming the weakest ones
    response: Any = None


@dataclass
class DimensionScore:
    dimension: str
    answered: int = 0
    total: int = 0
    exact: Fraction | None = None
    answers: list[Answer] = field(default_factory=list)

    @property
    def number(self) -> int:
        return dimension_number(self.dimension)

    @property
    def score(self) -> Decimal | None:
        return rounded(self.exact) if self.exact is not None else None

    @property
    def gap(self) -> Decimal | None:
        score = self.score
        return Decimal(TARGET_LEVEL) - score if score is not None else None

    @property
    def is_complete(self) -> bool:
        return self.answered == self.total

    @property
    def weakest(self) -> list[Answer]:
        """The answered questions at this dimension's lowest level (in question order)."""
        levels = [a.maturity for a in self.answers if a.maturity is not None]
        if not levels:
            return []
        low = min(levels)
        return [a for a in self.answers if a.maturity == low]


@dataclass
class Scores:
    dimensions: list[DimensionScore]

    @property
    def by_dimension(self) -> dict[str, DimensionScore]:
        return {d.dimension: d for d in self.dimensions}

    @property
    def assessed(self) -> list[DimensionScore]:
        return [d for d in self.dimensions if d.exact is not None]

    @property
    def overall(self) -> Decimal | None:
        means = [d.exact for d in self.assessed if d.exact is not None]
        if not means:
            return None
        return rounded(sum(means, Fraction(0)) / len(means))

    @property
    def overall_gap(self) -> Decimal | None:
        overall = self.overall
        return Decimal(TARGET_LEVEL) - overall if overall is not None else None

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.dimensions)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.dimensions)

    def ranked_gaps(self) -> list[DimensionScore]:
        gaps = [d for d in self.assessed if d.gap is not None and d.gap > 0]
        return sorted(gaps, key=lambda d: (-(d.gap or 0), ORDER.index(d.dimension)))


def score(answers: Iterable[Answer]) -> Scores:
    """Scores per dimension (every dimension, in order) and overall, from the answers."""
    by_dimension = {code: DimensionScore(code) for code in ORDER}
    sums: dict[str, int] = dict.fromkeys(ORDER, 0)
    for answer in answers:
        entry = by_dimension[answer.dimension]
        entry.total += 1
        entry.answers.append(answer)
        if answer.maturity is not None:
            entry.answered += 1
            sums[answer.dimension] += answer.maturity
    for code, entry in by_dimension.items():
        if entry.answered:
            entry.exact = Fraction(sums[code], entry.answered)
    return Scores([by_dimension[code] for code in ORDER])


def score_responses(responses: Iterable[Any]) -> Scores:
    """Scores of Response rows (with their questions loaded)."""
    return score(
        Answer(r.question.dimension, r.maturity, question=r.question, response=r) for r in responses
    )


@dataclass(frozen=True)
class Change:
    """One dimension before and after."""

    dimension: str
    before: Decimal | None
    after: Decimal | None

    @property
    def number(self) -> int:
        return dimension_number(self.dimension) if self.dimension else 0

    @property
    def delta(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def direction(self) -> str:
        """ "up", "down", "same", or "" when one side was not assessed."""
        delta = self.delta
        if delta is None:
            return ""
        return "up" if delta > 0 else "down" if delta < 0 else "same"


@dataclass(frozen=True)
class Comparison:
    rows: list[Change]
    overall: Change


def compare(before: Scores, after: Scores) -> Comparison:
    """Each dimension's rounded score in an earlier and a later assessment, and the overall."""
    earlier, later = before.by_dimension, after.by_dimension
    rows = [Change(code, earlier[code].score, later[code].score) for code in ORDER]
    return Comparison(rows, Change("", before.overall, after.overall))
