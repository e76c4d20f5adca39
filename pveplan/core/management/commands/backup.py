from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pveplan.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database (SQLite online backup, or pg_dump on "
        "PostgreSQL) and a manifest of per-table row counts and logical hashes next to it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Backup file to write (default: var/backups/pveplan-<UTC time>.sqlite3|.dump)",
        )

    def handle(self, *args: Any, output: Path | None = None, **options: Any) -> None:
        try:
            result = backup_create(output=output)
        except BackupError as e:
            raise CommandError(str(e)) from e
        rows = sum(d.rows for d in result.tables.values())
        self.stdout.write(
            f"backup written: {result.path} ({len(result.tables)} tables, {rows} rows, "
            f"{result.seconds:.2f} s)\nmanifest: {result.manifest_path}"
        )
