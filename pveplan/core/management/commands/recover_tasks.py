import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pveplan.core.recovery import DEFAULT_STALE_AFTER, tasks_recover


class Command(BaseCommand):
    help = (
        "Mark background tasks that have been RUNNING for too long (their worker died) as "
        "failed, with the reason. Run it before starting task workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=DEFAULT_STALE_AFTER.total_seconds() / 60,
            metavar="MINUTES",
            help="Only tasks started longer ago than this (default: %(default)s)",
        )

    def handle(self, *args: Any, older_than: float, **options: Any) -> None:
        ids = tasks_recover(older_than=datetime.timedelta(minutes=older_than))
        self.stdout.write(f"{len(ids)} stale tasks marked failed" + "".join(f"\n{i}" for i in ids))
