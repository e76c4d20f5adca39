"""Reads other apps need from the document library (one query each)."""

from __future__ import annotations

from typing import Any

from pveplan.documents.models import Segment, SourceDocument
from pveplan.plans.models import Plan


def sources_by_node(plan: Plan, user: Any) -> dict[int, Segment]:
    """The segment each of `plan`'s nodes was made from, by node id, when the reader may see its
    document (its library's team and the global roles): the "from page N" link back."""
    segments = (
        Segment.objects.filter(
            node__plan=plan, document__in=SourceDocument.objects.visible_to(user)
        )
        .select_related("document")
        .only("pk", "page", "node_id", "document__id", "document__title")
        .order_by("pk")
    )
    return {segment.node_id: segment for segment in segments if segment.node_id is not None}
