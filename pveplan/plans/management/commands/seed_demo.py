import importlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pveplan.plans import demo

# Each feature seeds its own illustrative data after the accounts and plans exist, in this order
# (support requests start from the assessments' needs; funding allocates to support requests).
FEATURE_DEMOS = (
    "pveplan.process.demo",
    "pveplan.instruments.demo",
    "pveplan.consultations.demo",
    "pveplan.assessments.demo",
    "pveplan.support.demo",
    "pveplan.providers.demo",
    "pveplan.coordination.demo",
    "pveplan.funding.demo",
    "pveplan.documents.demo",
)


class Command(BaseCommand):
    help = (
        "Load the illustrative demo accounts, organizations and plans (demo only, never in "
        "production). Idempotent; --scale N makes N times as many plans, deterministically."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="N times as many plans as the base set; the extra ones synthetic (default 1).",
        )

    def handle(self, *args: Any, scale: int, **options: Any) -> None:
        if scale < 1:
            raise CommandError("--scale must be 1 or more")
        try:
            report = demo.seed_demo(scale=scale)
        except demo.DemoDataError as error:
            raise CommandError(str(error)) from error
        features = [
            line for module in FEATURE_DEMOS for line in importlib.import_module(module).seed_demo()
        ]
        base = len(report.plans) - report.synthetic_plans
        self.stdout.write("Illustrative demo data (demo only):")
        self.stdout.write(f"  users created: {len(report.users)}")
        self.stdout.write(f"  organizations created: {len(report.organizations)}")
        self.stdout.write(
            f"  plans created: {len(report.plans)} "
            f"({base} base, {report.synthetic_plans} synthetic)"
        )
        for line in features:
            self.stdout.write(line if line.startswith(" ") else f"  {line}")
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):")
        rows = [("username", "role", "organization"), *demo.accounts_table()]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
