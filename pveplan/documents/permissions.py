"""How views load documents and segments: the only sanctioned way.

404 for what is outside the user's sight (nobody learns it exists); 403 for what is in sight
without the right (`need`, usually plans:write in the document's library).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pveplan.accounts.models import Organization
from pveplan.accounts.permissions import scope_of
from pveplan.core.permissions import PLANS_READ
from pveplan.documents.models import Segment, SourceDocument


def can_in_library(user: Any, permission: str, owner: Organization) -> bool:
    """Whether `user` holds `permission` over the library of `owner`."""
    return permission in scope_of(user).permissions_for(
        owner.country_id, owner.regional_organization_id
    )


def access_document(user: Any, pk: int, *, need: str = PLANS_READ) -> SourceDocument:
    """Document `pk` if in the user's sight (404 otherwise), with `need` there (403 otherwise)."""
    document = SourceDocument.objects.visible_to(user).with_owner().filter(pk=pk).first()
    if document is None:
        raise Http404("No document found")
    if need != PLANS_READ and not can_in_library(user, need, document.owner):
        raise PermissionDenied(need)
    return document


def access_segment(user: Any, pk: int, *, need: str = PLANS_READ) -> Segment:
    """Segment `pk` of a document in the user's sight (404 otherwise), `need` there (403)."""
    segment = (
        Segment.objects.filter(pk=pk, document__in=SourceDocument.objects.visible_to(user))
        .select_related("document__owner__country", "document__owner__regional_organization")
        .first()
    )
    if segment is None:
        raise Http404("No segment found")
    if need != PLANS_READ and not can_in_library(user, need, segment.document.owner):
        raise PermissionDenied(need)
    return segment
