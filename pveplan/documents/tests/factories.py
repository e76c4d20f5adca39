"""Read documents for tests, made directly as the reading task would leave them.

The ingest task makes SourceDocument, DocumentPage and Segment rows; review and analysis tests
start from that state without running it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile

from pveplan.documents.models import (
    DocumentPage,
    DocumentStatus,
    Segment,
    SegmentKind,
    SourceDocument,
)
from pveplan.testing import org


@dataclass
class Seg:
    """One segment to make: `parent` is the index of an earlier Seg in the same list."""

    kind: str
    text: str
    page: int = 1
    number: str = ""
    parent: int | None = None
    labels: list[int] = field(default_factory=list)
    areas: dict[str, float] | None = None
    pillars: list[tuple[str, float]] = field(default_factory=list)
    drivers: list[tuple[str, float]] = field(default_factory=list)
    lead_body: str = ""
    timeframe: str = ""
    cost: str = ""


def suggestions(
    labels: list[int],
    areas: dict[str, float] | None = None,
    pillars: list[tuple[str, float]] | None = None,
    drivers: list[tuple[str, float]] | None = None,
) -> dict[str, Any]:
    """The classifier's output shape: the chosen labels score .8, the others .05."""
    scores = areas or {str(n): (0.8 if n in labels else 0.05) for n in range(1, 8)}
    return {
        "areas": scores,
        "labels": labels,
        "pillars": [list(p) for p in (pillars or [])],
        "drivers": [list(d) for d in (drivers or [])],
        "neighbours": [
            {
                "text": "Youth centres run dialogue clubs.",
                "language": "en",
                "labels": labels,
                "similarity": 0.71,
            }
        ],
        "terms": ["youth", "dialogue"],
    }


def make_document(
    *,
    owner: str = "jor",
    title: str = "Stratégie nationale",
    language: str = "fr",
    pages: list[str] | None = None,
    segments: list[Seg] | None = None,
    status: str = DocumentStatus.READY,
    by: Any = None,
) -> SourceDocument:
    """A read document of `owner`'s library with its pages and segments."""
    pages = pages if pages is not None else ["Pilier 1. Jeunesse\n1.1 Objectif\n1) Action"]
    raw = "\n".join(pages).encode() or b"-"
    document = SourceDocument(
        owner=org(owner),
        title=title,
        original_name="plan.txt",
        kind="text",
        size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        uploaded_by=by,
        status=status,
        language=language,
        page_count=len(pages),
    )
    document.file.save("plan.txt", ContentFile(raw), save=False)
    document.save()
    DocumentPage.objects.bulk_create(
        DocumentPage(document=document, number=n, text=text, language=language)
        for n, text in enumerate(pages, start=1)
    )
    made: list[Segment] = []
    for position, seg in enumerate(segments or []):
        suggested = suggestions(seg.labels, seg.areas, seg.pillars, seg.drivers)
        made.append(
            Segment.objects.create(
                document=document,
                position=position,
                page=seg.page,
                parent=made[seg.parent] if seg.parent is not None else None,
                kind=seg.kind,
                suggested_kind=seg.kind,
                number=seg.number,
                text=seg.text,
                language=language,
                lead_body=seg.lead_body,
                timeframe=seg.timeframe,
                cost=seg.cost,
                suggestions=suggested,
                areas=list(seg.labels),
                pillars=[code for code, _ in seg.pillars],
                drivers=[code for code, _ in seg.drivers],
            )
        )
    return document


def french_plan(**overrides: Any) -> SourceDocument:
    """A small French plan: two pillars, an objective, three actions (one directly under a
    pillar, one with no parent at all) and a paragraph of other text."""
    values: dict[str, Any] = {
        "pages": [
            "Pilier 1. Jeunesse et dialogue\n1.1 Renforcer la participation des jeunes\n"
            "1) Créer des conseils de jeunes 2025-2027",
            "Pilier 2. Communication\n2) Campagne en ligne. Indicateur : nombre de vues.\n"
            "Consultation des communautés en 2024.",
        ],
        "segments": [
            Seg(SegmentKind.PILLAR, "Jeunesse et dialogue", number="1", labels=[4]),
            Seg(
                SegmentKind.OBJECTIVE,
                "Renforcer la participation des jeunes",
                number="1.1",
                parent=0,
                labels=[4],
            ),
            Seg(
                SegmentKind.ACTION,
                "Créer des conseils de jeunes",
                number="1)",
                parent=1,
                labels=[4],
                pillars=[("GCTS-I", 0.6)],
                drivers=[("PULL1", 0.5)],
                lead_body="Ministère de la Jeunesse",
                timeframe="2025-2027",
                cost="USD 250 000",
            ),
            Seg(SegmentKind.PILLAR, "Communication", page=2, number="2", labels=[7]),
            Seg(
                SegmentKind.ACTION,
                "Campagne en ligne",
                page=2,
                number="2)",
                parent=3,
                labels=[7],
                lead_body="Ministère de la Communication",
            ),
            Seg(SegmentKind.ACTION, "Former des imams", page=2, number="3)", labels=[1]),
            Seg(SegmentKind.OTHER, "Consultation des communautés en 2024.", page=2, labels=[3]),
        ],
    }
    values.update(overrides)
    return make_document(**values)
