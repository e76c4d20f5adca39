"""`process_summary`: the current and next phase, counts and rows, in at most three queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pveplan.process import actions
from pveplan.process.queries import process_summary
from pveplan.process.tests.helpers import body, pdf_bytes, phase, update
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def summary(world: World, plan: str = "a_confidential") -> Any:
    return process_summary(world.plans[plan])


def test_a_plan_with_nothing_recorded_starts_at_the_mandate(world: World) -> None:
    result = summary(world)
    assert [row.code for row in result.rows] == [f"PH{n}" for n in range(10)]
    assert (result.current.code, result.next.code) == ("PH0", "PH1")
    assert (result.done, result.skipped, result.total) == (0, 0, 10)
    assert all(row.status == "not_started" and row.version == 0 for row in result.rows)
    assert result.rows[3].checklist_total == 5 and result.rows[3].checklist_done == 0


def test_the_current_phase_is_the_first_not_done_when_none_is_in_progress(world: World) -> None:
    update(world, "PH0", status="done")
    update(world, "PH1", status="skipped", skip_reason="Unit exists")
    update(world, "PH3", status="done")
    result = summary(world)
    assert (result.current.code, result.next.code) == ("PH2", "PH4")
    assert (result.done, result.skipped) == (2, 1)


def test_the_current_phase_is_the_furthest_in_progress_and_next_skips_settled_ones(
    world: World,
) -> None:
    update(world, "PH3", status="in_progress")
    update(world, "PH4", status="in_progress")
    update(world, "PH5", status="done")
    result = summary(world)
    assert (result.current.code, result.next.code) == ("PH4", "PH6")
    assert [row.code for row in result.in_progress] == ["PH3", "PH4"]


def test_when_every_phase_is_settled_there_is_no_current_nor_next(world: World) -> None:
    for n in range(10):
        update(world, f"PH{n}", status="done")
    result = summary(world)
    assert result.current is None and result.next is None and result.done == 10


def test_the_last_phase_in_progress_has_no_next(world: World) -> None:
    update(world, "PH9", status="in_progress")
    result = summary(world)
    assert result.current.code == "PH9" and result.next is None


def test_rows_carry_what_exports_need_in_three_queries_at_most(
    world: World, django_assert_max_num_queries: Any
) -> None:
    ministry = body("JOR", "jor-moi", "Ministry of Interior")
    update(
        world,
        "PH2",
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2023, 12, 31),
        responsible_body=ministry,
        notes="Drivers study by the university",
    )
    for key, done in [
        ("evidence_drivers", True),
        ("evidence_mapping", True),
        ("evidence_legal", False),
    ]:
        actions.checklist_answer_set(
            plan=world.plans["a_confidential"],
            phase=phase("PH2"),
            item_key=key,
            done=done,
            by=world.users["a_editor"],
            expected_version=0,
        )
    for title in ("Study", "Mapping"):
        actions.evidence_add(
            plan=world.plans["a_confidential"],
            phase=phase("PH2"),
            by=world.users["a_editor"],
            title=title,
            file=SimpleUploadedFile("f.pdf", pdf_bytes()),
        )
    with django_assert_max_num_queries(3):
        result = summary(world)
        row = result.row("PH2")
        labels = [
            (r.phase.label, r.status_label, str(r.responsible_body or "")) for r in result.rows
        ]
    assert labels[2] == ("Evidence and mapping", "in progress", "Ministry of Interior")
    assert (row.checklist_done, row.checklist_total, row.evidence_count) == (2, 5, 2)
    assert (row.start_date, row.end_date) == (
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 31),
    )
    assert row.notes == "Drivers study by the university"


def test_a_plans_summary_does_not_count_another_plans_records(world: World) -> None:
    update(world, "PH0", plan="a_public", status="done")
    assert summary(world).done == 0 and summary(world, "a_public").done == 1
