"""Time the reading of a generated plan-like PDF, stage by stage, exactly as the task reads it.

/usr/bin/time -f "%e s %M KB" python manage.py bench_document --pages 100 --language ar
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pveplan.documents.ingest import read, samples


class Command(BaseCommand):
    help = (
        "Generate a plan-like PDF of N pages (WeasyPrint) and read it as the background task "
        "does: extraction, segmentation, language, classification; print the time per stage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pages", type=int, default=100)
        parser.add_argument("--language", default="ar", choices=sorted(samples.CONTENT))
        parser.add_argument(
            "--repeat",
            action="store_true",
            help="repeat the sample's few action texts instead of a distinct text per action "
            "(drawn from the labelled statements): faster, but flatters the classifier's cache",
        )

    def handle(self, *args: Any, pages: int, language: str, **options: Any) -> None:
        if pages < 1:
            raise CommandError("--pages must be 1 or more")
        statements = None if options["repeat"] else _statements(language)
        started = time.perf_counter()
        data = samples.plan_pdf(language, pages, statements)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        result = read.read("pdf", data)
        total = time.perf_counter() - started
        seconds = result.seconds
        classified = sum(1 for s in result.suggestions if s)
        counts: dict[str, int] = {}
        for candidate in result.segments:
            counts[candidate.kind] = counts.get(candidate.kind, 0) + 1
        write = self.stdout.write
        write(
            f"generated PDF: {len(result.pages)} pages, {len(data) // 1024} KB in {generated:.2f} s"
        )
        write(f"document language: {result.language}")
        extraction = seconds["extraction"]
        write(f"extraction: {extraction:.2f} s ({len(result.pages) / extraction:.1f} pages/s)")
        write(
            f"segmentation: {seconds['segmentation']:.3f} s; segments: {len(result.segments)} {counts}"
        )
        distinct = len({candidate.text for candidate in result.segments})
        write(f"distinct segment texts: {distinct}")
        write(f"language detection: {seconds['language']:.2f} s")
        classification = seconds["classification"]
        rate = classified / classification if classification else 0.0
        write(
            f"classification: {classification:.2f} s for {classified} segments ({rate:.1f} "
            f"segments/s, encoder {result.encoder})"
        )
        write(f"reading in all: {total:.2f} s ({len(result.pages) / total:.1f} pages/s)")


def _statements(language: str) -> list[str]:
    """The labelled statements of `language` (pveplan/documents/data), in file order."""
    data = Path(__file__).resolve().parents[2] / "data" / "poa_statements.jsonl"
    with data.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [row["text"] for row in rows if row["language"] == language]
