"""The ranking of providers for one support request, and the coverage gaps."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pveplan.core.permissions import SUPPORT_REQUEST
from pveplan.providers.matching import (
    WEIGHTS,
    coverage_gaps,
    possible_duplicates,
    rank_providers,
    target_year,
)
from pveplan.support.models import Offer, OfferStatus
from pveplan.support.permissions import access_request


@login_required
@require_GET
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    """Providers ranked for a request, with each factor explained, and possible duplicates.

    For those who decide on the request (its requester's team with support:request, UNOCT):
    providers see the request but not how their competitors compare (403).
    """
    support = access_request(request.user, pk, need=SUPPORT_REQUEST)
    offered = set(
        Offer.objects.filter(
            request=support, status__in=[OfferStatus.PROPOSED, OfferStatus.ACCEPTED]
        ).values_list("provider_id", flat=True)
    )
    context = {
        "support": support,
        "matches": rank_providers(support),
        "duplicates": possible_duplicates(support),
        "offered": offered,
        "year": target_year(support),
        "weights": WEIGHTS,
        "areas": list(support.priority_areas.order_by("number")),
    }
    return render(request, "providers/ranking.html", context)


@login_required
@require_GET
def gaps(request: HttpRequest) -> HttpResponse:
    """Needs and requests nobody has offered to meet, among those the user may see."""
    return render(request, "providers/gaps.html", {"gaps": coverage_gaps(request.user)})
