from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pveplan.plans import exports
from pveplan.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Export a plan (by id or code) as PDF, DOCX or XLSX in one of the six UN languages, as "
        "the system (any plan, audited); --list prints one plan per line: id, code, title."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", nargs="?", help="The plan's id or code.")
        parser.add_argument("--format", choices=sorted(exports.FORMATS), help="pdf, docx or xlsx.")
        parser.add_argument(
            "--language",
            help="ar, zh, en, fr, ru or es (default: the language of the plan's original).",
        )
        parser.add_argument("--output", help="The file to write.")
        parser.add_argument("--list", action="store_true", help="List the plans and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for plan in Plan.objects.order_by("pk"):
                self.stdout.write(f"{plan.pk}\t{plan.code}\t{plan.shown_title.text}")
            return
        plan = self._plan(options["plan"])
        format, output = options["format"], options["output"]
        if not format:
            raise CommandError(_("Give the format with --format (pdf, docx or xlsx)."))
        if not output:
            raise CommandError(_("Give the file to write with --output."))
        language = options["language"] or plan.original_language
        if language not in exports.LANGUAGES:
            raise CommandError(
                _("Unknown language %(language)s: use one of %(languages)s.")
                % {"language": language, "languages": ", ".join(exports.LANGUAGES)}
            )
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(_("No directory %(path)s to write into.") % {"path": path.parent})
        data = exports.export_plan(plan, format=format, language=language, user=None)
        path.write_bytes(data)
        self.stdout.write(_("Wrote %(path)s (%(size)s bytes).") % {"path": path, "size": len(data)})

    def _plan(self, key: str | None) -> Plan:
        if not key:
            raise CommandError(_("Name the plan by its id or code (see --list)."))
        lookup = {"pk": int(key)} if key.isdigit() else {"code": key}
        plan = Plan.objects.for_listing().select_related("lead_body").filter(**lookup).first()
        if plan is None:
            raise CommandError(_("No plan with id or code %(plan)s.") % {"plan": key})
        return plan
