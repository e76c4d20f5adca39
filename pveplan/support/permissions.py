"""How views load support requests and offers, and who may take which step: the only sanctioned way.

Who sees a request (DOMAIN.md, sensitivity): the requester's team (plans:read in its country or
regional organization) and the global roles always; UN entity staff once UNOCT has triaged it;
donors once triaged and only if it is shared with donors; any provider that made an offer on it.
Everyone else gets 404, never a hint that the request exists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.accounts.permissions import provider_organizations, scope_of
from pveplan.core.permissions import (
    PLANS_READ,
    SUPPORT_OFFER,
    SUPPORT_REQUEST,
    SUPPORT_TRIAGE,
    Role,
    permissions_of,
)
from pveplan.support.models import Offer, OfferStatus, RequestStatus, SupportRequest

# From triage on, providers may see a request (a declined one was never opened to them).
SEEN_BY_PROVIDERS = (
    RequestStatus.TRIAGED,
    RequestStatus.OPEN,
    RequestStatus.ASSIGNED,
    RequestStatus.IN_DELIVERY,
    RequestStatus.DELIVERED,
    RequestStatus.CLOSED,
)


def own_provider_organizations(user: Any) -> list[Organization]:
    """The UN entities and donors `user` offers for through their own memberships (not through
    a global role): what makes them a provider in the eyes of the sensitivity rule."""
    kinds = (OrganizationKind.UN_ENTITY, OrganizationKind.DONOR)
    return [
        m.organization
        for m in scope_of(user).memberships
        if m.organization.kind in kinds and SUPPORT_OFFER in permissions_of(m.role)
    ]


def visible_requests(user: Any) -> QuerySet[SupportRequest]:
    """The support requests `user` may see (a QuerySet of SupportRequest), per the rule above."""
    scope = scope_of(user)
    requests = SupportRequest.objects.all()
    if PLANS_READ in scope.everywhere:
        return requests
    where = scope.where(PLANS_READ, "requester")
    providers = own_provider_organizations(user)
    kinds = {org.kind for org in providers}
    if OrganizationKind.UN_ENTITY in kinds:
        where |= Q(status__in=SEEN_BY_PROVIDERS)
    elif OrganizationKind.DONOR in kinds:
        where |= Q(status__in=SEEN_BY_PROVIDERS, shared_with_donors=True)
    if providers:
        offered = Offer.objects.filter(
            request=OuterRef("pk"), provider_id__in=[org.pk for org in providers]
        )
        where |= Q(Exists(offered))
    return requests.filter(where)


def _parse(pk: int | str) -> int:
    if isinstance(pk, int):
        return pk
    if not str(pk).isdigit():
        raise Http404("Not found")
    return int(pk)


def holds(user: Any, permission: str, request: SupportRequest) -> bool:
    """Whether `user` holds `permission` over the requester's country or regional organization;
    support:offer is held through a UN entity or donor, wherever the request comes from."""
    if permission == SUPPORT_OFFER:
        return bool(provider_organizations(user))
    requester = request.requester
    return permission in scope_of(user).permissions_for(
        requester.country_id, requester.regional_organization_id
    )


def access_request(user: Any, pk: int | str, *, need: str = PLANS_READ) -> SupportRequest:
    """The support request `pk` if `user` may see it and holds `need` over it.

    Http404 when it does not exist or is outside the user's sight; PermissionDenied when visible
    but `need` (support:request, support:triage, support:offer) is missing.
    """
    found = (
        visible_requests(user)
        .select_related(
            "requester__country",
            "requester__regional_organization",
            "need",
            "created_by",
        )
        .filter(pk=_parse(pk))
        .first()
    )
    if found is None:
        raise Http404("No support request found")
    if need != PLANS_READ and not holds(user, need, found):
        raise PermissionDenied(need)
    return found


def access_offer(user: Any, pk: int | str, *, need: str = PLANS_READ) -> Offer:
    """The offer `pk` if its request is visible to `user` (404 otherwise).

    With need=support:offer, the offer must be one of the user's own organizations' (403 else);
    any other `need` is checked over the request, as in `access_request`.
    """
    found = (
        Offer.objects.filter(pk=_parse(pk), request__in=visible_requests(user))
        .select_related(
            "provider__un_entity",
            "provider__country",
            "request__requester__country",
            "request__requester__regional_organization",
        )
        .first()
    )
    if found is None:
        raise Http404("No offer found")
    if need == SUPPORT_OFFER:
        if found.provider_id not in {org.pk for org in provider_organizations(user)}:
            raise PermissionDenied(need)
    elif need != PLANS_READ and not holds(user, need, found.request):
        raise PermissionDenied(need)
    return found


# --- Who may take which step (shared by the actions and the pages' buttons) -----------------


def _same_scope(org: Organization, requester: Organization) -> bool:
    if requester.country_id is not None:
        return org.country_id == requester.country_id
    return (
        requester.regional_organization_id is not None
        and org.regional_organization_id == requester.regional_organization_id
    )


def is_requester_team(user: Any, request: SupportRequest) -> bool:
    """The requester's own team: support:request through a membership in its country or
    regional organization (a global role is not the requester)."""
    scope = scope_of(user)
    requester = request.requester
    if requester.country_id is not None and requester.country_id in scope.countries_with(
        SUPPORT_REQUEST
    ):
        return True
    return (
        requester.regional_organization_id is not None
        and requester.regional_organization_id in scope.regional_organizations_with(SUPPORT_REQUEST)
    )


def may_request(user: Any, request: SupportRequest) -> bool:
    return holds(user, SUPPORT_REQUEST, request)


def may_triage(user: Any, request: SupportRequest) -> bool:
    return holds(user, SUPPORT_TRIAGE, request)


def may_assign(user: Any, request: SupportRequest) -> bool:
    """UNOCT (support:triage) or the requester's focal point accept an offer."""
    if may_triage(user, request):
        return True
    return any(
        m.role == Role.FOCAL_POINT and _same_scope(m.organization, request.requester)
        for m in scope_of(user).memberships
    )


def accepted_offer(request: SupportRequest) -> Offer | None:
    return (
        Offer.objects.filter(request=request, status=OfferStatus.ACCEPTED)
        .select_related("provider__un_entity", "provider__country")
        .first()
    )


def may_deliver(user: Any, request: SupportRequest, offer: Offer | None) -> bool:
    """The staff of the assigned provider, or UNOCT, record the delivery."""
    if may_triage(user, request):
        return True
    return offer is not None and offer.provider_id in {
        org.pk for org in own_provider_organizations(user)
    }


def offering_choices(user: Any, request: SupportRequest) -> list[Organization]:
    """The organizations `user` may still offer for on `request` (no live offer from them yet)."""
    live = set(
        Offer.objects.filter(
            request=request, status__in=[OfferStatus.PROPOSED, OfferStatus.ACCEPTED]
        ).values_list("provider_id", flat=True)
    )
    return [org for org in provider_organizations(user) if org.pk not in live]
