from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pveplan.documents.classifier.encoder import ENCODERS
from pveplan.documents.classifier.evaluation import evaluate, format_table


class Command(BaseCommand):
    help = (
        "Evaluate the PoA-area classifier and its TF-IDF baseline on the labelled statements' "
        "held-out test split: top-1 accuracy, macro- and micro-F1, per language, and throughput, "
        "with the configured sentence encoder (or --encoder)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        parser.add_argument(
            "--encoder",
            choices=ENCODERS,
            help="Evaluate with this encoder's classifier (default: PVEPLAN_CLASSIFIER_ENCODER).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = evaluate(options["encoder"])
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, sort_keys=True))
        else:
            self.stdout.write(format_table(result))
