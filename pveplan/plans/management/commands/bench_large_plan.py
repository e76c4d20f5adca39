"""Build a large illustrative Arabic plan to measure pages and exports against (benchmarks only).

    python manage.py bench_large_plan --actions 300
    /usr/bin/time -v python manage.py export_plan bench-300 --format pdf --language ar --output /tmp/p.pdf

Needs the demo accounts (`seed_demo`). Refuses to run twice for the same size.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from pveplan.accounts.models import Organization, User
from pveplan.plans import actions
from pveplan.plans.models import Plan, Scope, Sensitivity
from pveplan.taxonomy.models import Driver, PriorityArea

PILLARS = 5
OBJECTIVES = 2


class Command(BaseCommand):
    help = "Create an illustrative Arabic plan with N actions under 5 pillars (benchmarks only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--actions", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        size: int = options["actions"]
        code = f"bench-{size}"
        if Plan.objects.filter(code=code).exists():
            raise CommandError(f"{code} exists already")
        admin = User.objects.filter(username="admin").first()
        if admin is None:
            raise CommandError("run seed_demo first")
        per_objective = max(1, size // (PILLARS * OBJECTIVES))
        areas = list(PriorityArea.objects.order_by("number"))
        drivers = list(Driver.objects.order_by("code")[:3])
        jordan = Organization.objects.get(code="jor")
        with transaction.atomic():
            plan = actions.plan_create(
                by=admin,
                data=actions.PlanInput(
                    scope=Scope.NATIONAL,
                    owner=jordan,
                    original_language="ar",
                    titles={
                        "ar": f"خطة قياس الأداء ({size} إجراء)",
                        "en": f"Benchmark plan ({size} actions)",
                    },
                    sensitivity=Sensitivity.CONFIDENTIAL,
                    period_start=2027,
                    period_end=2031,
                    is_illustrative=True,
                ),
                code=code,
            )
            for p in range(1, PILLARS + 1):
                pillar = _add(
                    plan, admin, None, f"P{p}", f"الركيزة {p}: الوقاية والمرونة المجتمعية"
                )
                for o in range(1, OBJECTIVES + 1):
                    objective = _add(
                        plan,
                        admin,
                        pillar,
                        f"P{p}.O{o}",
                        f"الهدف {p}.{o}: تعزيز قدرات المؤسسات المحلية",
                    )
                    for a in range(1, per_objective + 1):
                        _add(
                            plan,
                            admin,
                            objective,
                            f"P{p}.O{o}.A{a}",
                            f"الإجراء {a}: تدريب المعلمين والأئمة والعاملين الشباب على مهارات التفكير النقدي والحوار",
                            areas=[areas[(p + a) % len(areas)]],
                            drivers=drivers[: 1 + a % 3],
                            lead_body=jordan,
                            cost=Decimal(25000 + 1000 * a),
                        )
        self.stdout.write(f"{code}: {per_objective * PILLARS * OBJECTIVES} actions")


def _add(
    plan: Plan,
    by: User,
    parent: Any,
    code: str,
    text: str,
    areas: list[PriorityArea] | None = None,
    drivers: list[Driver] | None = None,
    lead_body: Organization | None = None,
    cost: Decimal | None = None,
) -> Any:
    return actions.node_add(
        plan=plan,
        by=by,
        parent=parent,
        data=actions.NodeInput(
            texts={"ar": text},
            code=code,
            priority_areas=areas or [],
            drivers=drivers or [],
            lead_body=lead_body,
            start_date=datetime.date(2027, 1, 1),
            end_date=datetime.date(2028, 12, 31),
            estimated_cost=cost,
        ),
    )
