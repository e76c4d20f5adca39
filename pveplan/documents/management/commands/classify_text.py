"""Stable command for tools: JSON lines in, one JSON line out per input line.

Input, one object per line: {"id": <any JSON value>, "text": "<non-empty string>"}.
Output, one line per non-blank input line, in order:
    {"id": ..., "labels": [PoA area numbers], "scores": {"1": 0.07, ..., "7": 0.81}}
or, for a line that is not a JSON object with a non-empty "text" string:
    {"id": <its id, or null>, "error": "<reason>"}
Blank lines are skipped. Lines are classified in batches, and each batch is flushed as soon as it
is done. Exit status: 0 when at least one line was classified or the input was empty; 1 when every
line was bad (a wrong input file, most likely). Works offline.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pveplan.documents.classifier import AREAS, suggest

BATCH_LINES = 256
MAX_TEXT_CHARS = 100_000


def parse(line: bytes | str) -> tuple[Any, str | None, str | None]:
    """(id, text, error) for one input line."""
    try:
        raw = line.decode("utf-8") if isinstance(line, bytes) else line
    except UnicodeDecodeError:
        return None, None, "line is not valid UTF-8"
    try:
        item = json.loads(raw)
    except ValueError:
        return None, None, "line is not valid JSON"
    if not isinstance(item, dict):
        return None, None, "line is not a JSON object"
    ident = item.get("id")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        return ident, None, 'no text: a non-empty string "text" is required'
    if len(text) > MAX_TEXT_CHARS:
        return ident, None, f"text longer than {MAX_TEXT_CHARS} characters"
    return ident, text, None


class Command(BaseCommand):
    help = (
        'Classify JSON lines {"id": ..., "text": ...} from standard input into PoA areas; writes '
        '{"id": ..., "labels": [...], "scores": {"1": ..., "7": ...}} per line (or "error").'
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            type=int,
            default=BATCH_LINES,
            help="Lines classified together (default 256).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = options.get("stdin") or sys.stdin
        source = getattr(stdin, "buffer", stdin)  # bytes when we can: decode errors per line
        batch_size = max(1, options["batch"])
        good = bad = 0
        batch: list[tuple[Any, str | None, str | None]] = []
        for line in source:
            if not line.strip():
                continue
            batch.append(parse(line))
            if len(batch) >= batch_size:
                good, bad = self._flush(batch, good, bad)
                batch = []
        good, bad = self._flush(batch, good, bad)
        if bad and not good:
            raise CommandError(_("No line could be classified."), returncode=1)

    def _flush(
        self, batch: list[tuple[Any, str | None, str | None]], good: int, bad: int
    ) -> tuple[int, int]:
        texts = [text for _ident, text, error in batch if error is None and text is not None]
        suggestions = iter(suggest(texts)) if texts else iter(())
        for ident, _text, error in batch:
            if error is not None:
                out: dict[str, Any] = {"id": ident, "error": error}
                bad += 1
            else:
                suggestion = next(suggestions)
                out = {
                    "id": ident,
                    "labels": suggestion.labels,
                    "scores": {str(a): round(suggestion.areas[a], 4) for a in AREAS},
                }
                good += 1
            self.stdout.write(json.dumps(out))
        self.stdout.flush()
        return good, bad
