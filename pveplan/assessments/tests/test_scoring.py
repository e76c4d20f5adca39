"""Scores, gaps and comparisons: the arithmetic, without the database."""

from __future__ import annotations

from decimal import Decimal

from pveplan.assessments.scoring import Answer, compare, rounded, score


def answers(**levels: list[int | None]) -> list[Answer]:
    return [Answer(dimension, level) for dimension, values in levels.items() for level in values]


def test_a_dimension_score_is_the_mean_of_its_answered_questions_to_one_place() -> None:
    scores = score(answers(institutions=[2, 2, 1, 1], evidence=[1, 0, 1], legal=[3, None, 2]))
    by = scores.by_dimension
    assert by["institutions"].score == Decimal("1.5")
    assert by["evidence"].score == Decimal("0.7")  # 2/3 = 0.666...
    # The unanswered question does not count: (3 + 2) / 2.
    assert by["legal"].score == Decimal("2.5")
    assert (by["legal"].answered, by["legal"].total) == (2, 3)


def test_rounding_is_half_up_not_to_even() -> None:
    from fractions import Fraction

    assert rounded(Fraction(9, 4)) == Decimal("2.3")  # 2.25
    assert rounded(Fraction(5, 4)) == Decimal("1.3")  # 1.25, banker's rounding would give 1.2
    assert score(answers(monitoring=[1, 1, 2, 1])).by_dimension["monitoring"].score == Decimal(
        "1.3"
    )


def test_the_gap_is_four_minus_the_rounded_score() -> None:
    by = score(answers(evidence=[1, 0, 1], costing=[4, 4, 4])).by_dimension
    assert by["evidence"].gap == Decimal("3.3")
    assert by["evidence"].score + by["evidence"].gap == 4
    assert by["costing"].gap == Decimal("0.0")


def test_a_dimension_without_answers_has_no_score_and_no_gap() -> None:
    by = score(answers(ddr=[None, None, None], legal=[1])).by_dimension
    assert by["ddr"].score is None and by["ddr"].gap is None
    assert by["localization"].total == 0 and by["localization"].score is None


def test_the_overall_score_weighs_each_dimension_the_same() -> None:
    # Per question it would be (4+4+4+4+0)/5 = 3.2; per dimension it is (4 + 0) / 2 = 2.0.
    scores = score(answers(institutions=[4, 4, 4, 4], costing=[0], ddr=[None]))
    assert scores.overall == Decimal("2.0")
    assert scores.overall_gap == Decimal("2.0")


def test_the_overall_score_is_rounded_once_from_the_exact_means() -> None:
    # Exact means 0.15 and 0.25 give 0.2; averaging the rounded 0.2 and 0.3 would give 0.3.
    institutions: list[int | None] = [0] * 17 + [1, 0, 2]
    scores = score(answers(institutions=institutions, legal=[1, 0, 0, 0]))
    assert scores.by_dimension["institutions"].score == Decimal("0.2")  # 3/20 = 0.15
    assert scores.by_dimension["legal"].score == Decimal("0.3")  # 1/4 = 0.25
    assert scores.overall == Decimal("0.2")


def test_gaps_are_ranked_largest_first_then_in_dimension_order() -> None:
    scores = score(
        answers(
            institutions=[3],
            evidence=[1],
            legal=[1],
            society=[4],
            monitoring=[0],
            ddr=[None],
        )
    )
    ranked = [d.dimension for d in scores.ranked_gaps()]
    # monitoring 4.0; evidence and legal 3.0 each, in the dimensions' order; institutions 1.0;
    # society has no gap, DDR is not assessed.
    assert ranked == ["monitoring", "evidence", "legal", "institutions"]


def test_the_weakest_questions_are_those_at_the_lowest_level() -> None:
    entry = score(answers(monitoring=[1, 0, 2, 0, None])).by_dimension["monitoring"]
    assert [a.maturity for a in entry.weakest] == [0, 0]


def test_a_comparison_gives_before_after_and_the_direction_of_each_change() -> None:
    before = score(answers(institutions=[1, 2], evidence=[3], legal=[2], ddr=[None]))
    after = score(answers(institutions=[3, 2], evidence=[2], legal=[2], ddr=[1]))
    result = compare(before, after)
    rows = {row.dimension: row for row in result.rows}
    assert rows["institutions"].before == Decimal("1.5")
    assert rows["institutions"].after == Decimal("2.5")
    assert rows["institutions"].delta == Decimal("1.0")
    assert rows["institutions"].direction == "up"
    assert rows["evidence"].direction == "down" and rows["evidence"].delta == Decimal("-1.0")
    assert rows["legal"].direction == "same"
    assert rows["ddr"].direction == "" and rows["ddr"].delta is None
    assert result.overall.before == Decimal("2.2")  # (1.5 + 3 + 2) / 3 = 2.1666...
    assert result.overall.after == Decimal("1.9")  # (2.5 + 2 + 2 + 1) / 4 = 1.875
    assert result.overall.direction == "down"
