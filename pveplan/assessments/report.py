"""The gap report and the comparison of two assessments, as the pages and the PDF show them.

Each is built in a constant number of queries whatever the number of questions or needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from pveplan.assessments.dimensions import dimension_name
from pveplan.assessments.models import Assessment, AssessmentStatus, Need, Response
from pveplan.assessments.radar import Series, radar_svg
from pveplan.assessments.scoring import Change, Comparison, DimensionScore, Scores, compare
from pveplan.assessments.scoring import score_responses as _score_responses
from pveplan.core.i18n import Shown


def responses_of(assessment: Assessment) -> list[Response]:
    return list(
        Response.objects.filter(assessment=assessment)
        .select_related("question", "answered_by")
        .order_by("question__dimension", "question__position")
    )


def scores_of(assessment: Assessment) -> Scores:
    return _score_responses(responses_of(assessment))


@dataclass
class Row:
    """One dimension in the scores table."""

    entry: DimensionScore
    need: Need | None = None

    @property
    def name(self) -> Shown:
        return dimension_name(self.entry.dimension)


@dataclass
class GapReport:
    assessment: Assessment
    scores: Scores
    rows: list[Row]
    gaps: list[Row]
    radar: SafeString
    # Whether gaps may become needs now (the assessment is submitted or validated).
    needs_open: bool = False
    earlier: list[Assessment] = field(default_factory=list)


def _series_label(assessment: Assessment) -> str:
    return f"{assessment.title} ({assessment.assessed_on.year})"


def gap_report(assessment: Assessment, user: Any) -> GapReport:
    """Scores per dimension, the gaps ranked, the needs already made from them, the radar
    chart, and the other assessments of the same owner `user` may compare it with."""
    scores = scores_of(assessment)
    needs = {n.dimension: n for n in Need.objects.filter(assessment=assessment)}
    rows = [Row(entry, needs.get(entry.dimension)) for entry in scores.dimensions]
    by_dimension = {row.entry.dimension: row for row in rows}
    radar = radar_svg(
        [Series(_series_label(assessment), {d.dimension: d.score for d in scores.dimensions})],
        title=_("Radar chart of the scores per dimension, from 0 at the centre to 4"),
        rtl=get_language_bidi(),
    )
    return GapReport(
        assessment=assessment,
        scores=scores,
        rows=rows,
        gaps=[by_dimension[d.dimension] for d in scores.ranked_gaps()],
        radar=radar,
        needs_open=assessment.status != AssessmentStatus.DRAFT,
        earlier=others_of(assessment, user),
    )


def others_of(assessment: Assessment, user: Any) -> list[Assessment]:
    """The other assessments of the same owner that `user` sees, newest first."""
    return list(
        Assessment.objects.visible_to(user)
        .filter(owner_id=assessment.owner_id)
        .exclude(pk=assessment.pk)
        .order_by("-assessed_on", "-pk")
    )


def default_earlier(assessment: Assessment, others: list[Assessment]) -> Assessment | None:
    """The assessment just before this one (by date, then by creation), if any."""
    earlier = [a for a in others if (a.assessed_on, a.pk) < (assessment.assessed_on, assessment.pk)]
    return earlier[0] if earlier else None


@dataclass
class ComparisonRow:
    change: Change

    @property
    def name(self) -> Shown:
        return dimension_name(self.change.dimension)

    @property
    def delta(self) -> Decimal | None:
        return self.change.delta


@dataclass
class ComparisonReport:
    before: Assessment
    after: Assessment
    rows: list[ComparisonRow]
    overall: Change
    radar: SafeString

    @property
    def improved(self) -> int:
        return sum(1 for row in self.rows if row.change.direction == "up")

    @property
    def worsened(self) -> int:
        return sum(1 for row in self.rows if row.change.direction == "down")


def comparison(one: Assessment, other: Assessment) -> ComparisonReport:
    """The two assessments side by side, the older one first, in two queries."""
    before, after = sorted([one, other], key=lambda a: (a.assessed_on, a.pk))
    responses = list(
        Response.objects.filter(Q(assessment=before) | Q(assessment=after)).select_related(
            "question"
        )
    )
    before_scores = _score_responses(r for r in responses if r.assessment_id == before.pk)
    after_scores = _score_responses(r for r in responses if r.assessment_id == after.pk)
    result: Comparison = compare(before_scores, after_scores)
    radar = radar_svg(
        [
            Series(
                _series_label(before),
                {d.dimension: d.score for d in before_scores.dimensions},
                kind="earlier",
            ),
            Series(_series_label(after), {d.dimension: d.score for d in after_scores.dimensions}),
        ],
        title=_("Radar chart of the scores of both assessments, from 0 at the centre to 4"),
        rtl=get_language_bidi(),
    )
    return ComparisonReport(
        before=before,
        after=after,
        rows=[ComparisonRow(change) for change in result.rows],
        overall=result.overall,
        radar=radar,
    )
