from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pveplan.coordination.actions import action_items_remind


class Command(BaseCommand):
    help = (
        "Remind the owners of coordination action items due within N days (default 3) or "
        "overdue, at most once a day per item; one audit event per run. Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=3,
            help="Remind about items due within this many days, and overdue ones (default 3).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 0:
            raise CommandError(_("--days must be 0 or more."))
        items = action_items_remind(days=days)
        message = ngettext(
            "Reminded the owners of %(count)s action item.",
            "Reminded the owners of %(count)s action items.",
            len(items),
        )
        self.stdout.write(message % {"count": len(items)})
