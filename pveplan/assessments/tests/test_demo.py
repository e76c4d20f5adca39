"""The illustrative assessments of the demo: seeded once, however often seed_demo runs."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from pveplan.assessments.demo import seed_demo
from pveplan.assessments.models import Assessment, AssessmentStatus, Need
from pveplan.assessments.report import comparison, scores_of

pytestmark = pytest.mark.django_db


def test_the_demo_adds_two_jordan_assessments_and_two_needs_once() -> None:
    assert seed_demo() == ["assessments: skipped (run seed_demo for the demo accounts first)"]
    out = StringIO()
    call_command("seed_demo", stdout=out)  # which seeds the assessments too
    lines = out.getvalue().splitlines()
    assert sum(line.strip().startswith("need from a gap") for line in lines) == 2
    assert seed_demo() == []
    first, second = Assessment.objects.filter(owner__code="jor").order_by("assessed_on")
    assert first.status == AssessmentStatus.VALIDATED and first.is_illustrative
    assert first.validated_by.username == "unoct.officer"
    assert first.submitted_by.username == "jordan.focal"
    assert second.status == AssessmentStatus.DRAFT
    needs = Need.objects.filter(assessment=first).order_by("dimension")
    assert [n.dimension for n in needs] == ["costing", "monitoring"]
    assert needs[0].title.startswith("تقدير التكاليف")
    # 2026 improves on 2025 in most dimensions: the comparison has something to show.
    result = comparison(first, second)
    assert sum(row.change.direction == "up" for row in result.rows) >= 7
    assert result.overall.direction == "up"
    assert scores_of(second).overall is not None
