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
