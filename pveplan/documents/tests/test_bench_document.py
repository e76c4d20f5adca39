"""`bench_document` reads a generated plan as the worker does, with a distinct text per action."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_benchmark_reads_every_page_and_classifies_distinct_actions() -> None:
    out = StringIO()
    call_command("bench_document", "--pages", "3", "--language", "fr", stdout=out)
    text = out.getvalue()
    assert "document language: fr" in text
    segments = int(re.search(r"segments: (\d+)", text).group(1))
    distinct = int(re.search(r"distinct segment texts: (\d+)", text).group(1))
    classified = int(re.search(r"classification: [\d.]+ s for (\d+) segments", text).group(1))
    assert classified >= 15  # 3 pages of numbered actions and a table
    # Headings repeat from page to page; actions never do.
    assert distinct >= classified - 10 and distinct <= segments


def test_a_document_too_long_for_the_accurate_encoder_is_read_with_the_fast_one(
    settings: object,
) -> None:
    settings.PVEPLAN_ACCURATE_SEGMENTS = 5  # type: ignore[attr-defined]
    out = StringIO()
    call_command("bench_document", "--pages", "2", "--language", "en", stdout=out)
    assert "encoder use)" in out.getvalue()


def test_a_short_document_is_read_with_the_configured_encoder() -> None:
    from pveplan.documents.ingest import read, samples

    reading = read.read("pdf", samples.plan_pdf("es", 1))
    assert reading.encoder == "e5"
    stored = [s for s in reading.suggestions if s]
    assert stored and all(s["encoder"] == "e5" for s in stored)
