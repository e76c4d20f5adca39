from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pveplan.documents.classifier import LANGUAGES, artifacts
from pveplan.documents.classifier.evaluation import evaluate, format_table


class Command(BaseCommand):
    help = (
        "Retrain the PoA-area classifier from the labelled statements' train split plus every "
        "reviewer correction (TrainingExample), save it, and print the new evaluation figures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        classifier = artifacts.train()
        path = artifacts.save(classifier)
        artifacts.set_classifier(classifier)
        result = evaluate(classifier.encoder_name)
        counts = classifier.counts
        if options["json"]:
            payload = {"artifact": str(path), "train_seconds": classifier.train_seconds, **result}
            self.stdout.write(json.dumps(payload, indent=2, sort_keys=True))
            return
        per_language = ", ".join(
            f"{language} {counts[f'language_{language}']}" for language in LANGUAGES
        )
        self.stdout.write(
            f"Trained on {counts['file_train']} labelled statements (train split) and "
            f"{counts['corrections']} reviewer corrections ({per_language}) in "
            f"{classifier.train_seconds} s; saved {path}.\n"
        )
        self.stdout.write(format_table(result))
