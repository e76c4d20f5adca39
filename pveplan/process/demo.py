"""Illustrative process data (demo only): Jordan's revision draft is being drafted."""

from __future__ import annotations

import datetime

from pveplan.accounts.models import Organization, User
from pveplan.plans.models import Plan
from pveplan.process.actions import PhaseInput, checklist_answer_set, phase_update
from pveplan.process.guidance import guidance_for
from pveplan.process.models import PlanPhase
from pveplan.taxonomy.models import PlanPhase as Phase

PLAN = "demo-jor-revision-draft-2027"
# Phase code -> (status, start, end); the checklist of each done phase is ticked.
PHASES = {
    "PH0": ("done", datetime.date(2025, 9, 1), datetime.date(2025, 10, 15)),
    "PH1": ("done", datetime.date(2025, 10, 1), datetime.date(2025, 12, 20)),
    "PH2": ("done", datetime.date(2025, 11, 1), datetime.date(2026, 3, 31)),
    "PH3": ("in_progress", datetime.date(2026, 2, 1), None),
    "PH4": ("in_progress", datetime.date(2026, 4, 1), None),
}


def seed_demo() -> list[str]:
    plan = Plan.objects.filter(code=PLAN).select_related("owner").first()
    if plan is None or PlanPhase.objects.filter(plan=plan).exists():
        return []
    editor = User.objects.get(username="jordan.editor")
    body = Organization.objects.filter(code="jor-cpbu").first() or plan.owner
    phases = {p.code: p for p in Phase.objects.filter(code__in=PHASES)}
    for code, (status, start, end) in PHASES.items():
        phase = phases[code]
        phase_update(
            plan=plan,
            phase=phase,
            by=editor,
            data=PhaseInput(status=status, start_date=start, end_date=end, responsible_body=body),
            expected_version=0,
        )
        if status == "done":
            for key in guidance_for(code).item_keys():
                checklist_answer_set(
                    plan=plan, phase=phase, item_key=key, done=True, by=editor, expected_version=0
                )
    return [f"  process: {len(PHASES)} phases recorded for {PLAN}"]
