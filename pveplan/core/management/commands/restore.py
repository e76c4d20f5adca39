from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pveplan.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database with a backup written by `backup`, then compare every table's "
        "logical hash with the backup's manifest; exit non-zero if any table differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Backup file (its manifest sits beside it)")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace a database that already has tables (everything in it is lost)",
        )

    def handle(self, *args: Any, file: Path, yes: bool = False, **options: Any) -> None:
        try:
            result = backup_restore(path=file, replace=yes)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"restored {result.path}: {result.tables_checked} tables checked, "
            f"{len(result.mismatching)} mismatching tables ({result.seconds:.2f} s)"
        )
        if result.mismatching:
            raise CommandError(
                "tables that differ from the manifest: " + ", ".join(result.mismatching)
            )
