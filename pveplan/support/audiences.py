"""Whom each step of a support request concerns: the people to notify."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model

from pveplan.accounts.models import Membership, Organization, OrganizationKind
from pveplan.accounts.permissions import users_with
from pveplan.core.permissions import (
    GLOBAL_ROLES,
    ROLE_PERMISSIONS,
    SUPPORT_OFFER,
    SUPPORT_REQUEST,
    SUPPORT_TRIAGE,
)
from pveplan.support.models import SupportRequest


def triagers() -> list[Any]:
    """UNOCT: whoever triages and assigns requests (a global role)."""
    return users_with(SUPPORT_TRIAGE)


def requester_team(request: SupportRequest) -> list[Any]:
    """The requester's team (support:request in its country or regional organization)."""
    requester = request.requester
    return users_with(
        SUPPORT_REQUEST,
        country_id=requester.country_id,
        regional_organization_id=requester.regional_organization_id,
    )


def _staff(memberships: Any) -> list[Any]:
    roles = [
        role
        for role, perms in ROLE_PERMISSIONS.items()
        if SUPPORT_OFFER in perms and role not in GLOBAL_ROLES
    ]
    user_ids = memberships.filter(role__in=roles).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def providers(*, donors: bool) -> list[Any]:
    """Staff of every UN entity (support:offer through it), and of every donor if `donors`."""
    kinds = [OrganizationKind.UN_ENTITY]
    if donors:
        kinds.append(OrganizationKind.DONOR)
    return _staff(Membership.objects.filter(organization__kind__in=kinds))


def provider_staff(organizations: Iterable[Organization]) -> list[Any]:
    """The people who offer support on behalf of these organizations."""
    return _staff(Membership.objects.filter(organization__in=list(organizations)))
