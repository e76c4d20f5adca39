from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pveplan.core import audit


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain; exit non-zero and name the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit.verify()
        if broken is not None:
            raise CommandError(f"audit log broken at event #{broken.sequence}: {broken.reason}")
        self.stdout.write(f"audit log intact: {checked} events verified")
