"""What a user may do where: a user's scope, computed once per request from their memberships."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from pveplan.accounts.models import Membership, OrganizationKind, User
from pveplan.core.permissions import ACCOUNTS_MANAGE, ALL_PERMISSIONS, GLOBAL_ROLES, permissions_of

# Members of these kinds are the programme's partners: they see plans shared with partners.
PARTNER_KINDS = frozenset(
    {
        OrganizationKind.UN_ENTITY,
        OrganizationKind.DONOR,
        OrganizationKind.REGIONAL_ORG,
        OrganizationKind.SECTORAL_BODY,
    }
)


@dataclass
class Scope:
    """Permissions everywhere, per country and per regional organization, and partner status."""

    everywhere: frozenset[str] = frozenset()
    by_country: dict[int, set[str]] = field(default_factory=dict)
    by_regional_organization: dict[int, set[str]] = field(default_factory=dict)
    is_partner: bool = False
    memberships: list[Membership] = field(default_factory=list)

    def countries_with(self, permission: str) -> set[int]:
        return {c for c, perms in self.by_country.items() if permission in perms}

    def regional_organizations_with(self, permission: str) -> set[int]:
        return {r for r, perms in self.by_regional_organization.items() if permission in perms}

    def permissions_for(
        self, country_id: int | None, regional_organization_id: int | None
    ) -> set[str]:
        """The permissions this user holds over an object owned in that country or regional org."""
        granted = set(self.everywhere)
        if country_id is not None:
            granted |= self.by_country.get(country_id, set())
        if regional_organization_id is not None:
            granted |= self.by_regional_organization.get(regional_organization_id, set())
        return granted

    def where(self, permission: str, owner: str = "") -> Q:
        """Rows owned in a country or regional organization where this scope holds `permission`
        through a membership; `owner` is the path to the owning row (an Organization, or any row
        with `country_id` and `regional_organization_id`), "" for the row itself. Matches nothing
        when there is none. Roles that hold the permission everywhere are the caller's to check."""
        prefix = f"{owner}__" if owner else ""
        where = Q(pk__in=[])
        countries = self.countries_with(permission)
        if countries:
            where |= Q(**{f"{prefix}country_id__in": sorted(countries)})
        regional = self.regional_organizations_with(permission)
        if regional:
            where |= Q(**{f"{prefix}regional_organization_id__in": sorted(regional)})
        return where

    def has_anywhere(self, permission: str) -> bool:
        return (
            permission in self.everywhere
            or bool(self.countries_with(permission))
            or bool(self.regional_organizations_with(permission))
        )


_CACHE_ATTR = "_pveplan_scope"


def scope_of(user: Any) -> Scope:
    """The user's scope; cached on the user object, so one query per request at most."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached: Scope | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user).select_related(
            "organization__country",
            "organization__regional_organization",
            "organization__sectoral_body",
            "organization__un_entity",
        )
    )
    scope = Scope(
        everywhere=ALL_PERMISSIONS if user.is_superuser else frozenset(), memberships=memberships
    )
    everywhere = set(scope.everywhere)
    for membership in memberships:
        org = membership.organization
        perms = permissions_of(membership.role)
        if membership.role in GLOBAL_ROLES:
            everywhere |= perms
        elif org.kind in (OrganizationKind.MEMBER_STATE, OrganizationKind.GOVERNMENT_BODY):
            assert org.country_id is not None
            scope.by_country.setdefault(org.country_id, set()).update(perms)
        elif org.kind in (OrganizationKind.REGIONAL_ORG, OrganizationKind.SECTORAL_BODY):
            assert org.regional_organization_id is not None
            scope.by_regional_organization.setdefault(org.regional_organization_id, set()).update(
                perms
            )
        if org.kind in PARTNER_KINDS:
            scope.is_partner = True
    scope.everywhere = frozenset(everywhere)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def acting_for(user: Any, country_id: int | None, regional_organization_id: int | None) -> str:
    """The organization on whose behalf the user acts on an object, for the audit log."""
    scope = scope_of(user)
    for membership in scope.memberships:
        org = membership.organization
        if (
            membership.role in GLOBAL_ROLES
            or (country_id is not None and org.country_id == country_id)
            or (
                regional_organization_id is not None
                and org.regional_organization_id == regional_organization_id
            )
        ):
            return f"{org.code} ({membership.role})"
    return "superuser" if getattr(user, "is_superuser", False) else ""


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the user's memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def provider_organizations(user: Any) -> list[Any]:
    """The UN entities and donors on whose behalf `user` may offer support (support:offer
    through a membership in that organization); every such organization for global roles."""
    from pveplan.accounts.models import Organization
    from pveplan.core.permissions import SUPPORT_OFFER

    kinds = (OrganizationKind.UN_ENTITY, OrganizationKind.DONOR)
    scope = scope_of(user)
    if SUPPORT_OFFER in scope.everywhere:
        return list(Organization.objects.filter(kind__in=kinds).with_labels())
    return [
        m.organization
        for m in scope.memberships
        if m.organization.kind in kinds and SUPPORT_OFFER in permissions_of(m.role)
    ]


def is_account_administrator(user: Any) -> bool:
    """Platform administrators (accounts:manage everywhere) and staff of the admin site."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.is_staff or ACCOUNTS_MANAGE in scope_of(user).everywhere)


def access_user(viewer: Any, username: str, *, need: str = ACCOUNTS_MANAGE) -> User:
    """The account `username`, for an administrator to act on (unlock, reset two-factor).

    Administrators see every account. Anyone else sees only their own, and holds no `need` over
    it here: PermissionDenied for their own account, Http404 for any other (or none), so
    nobody learns which usernames exist.
    """
    target = User.objects.filter(username=username).first() if username else None
    if target is None:
        raise Http404("No account found")
    if need == ACCOUNTS_MANAGE and is_account_administrator(viewer):
        return target
    if getattr(viewer, "pk", None) == target.pk:
        raise PermissionDenied(need)
    raise Http404("No account found")


def users_with(
    permission: str, *, country_id: int | None = None, regional_organization_id: int | None = None
) -> list[Any]:
    """Active users holding `permission` over objects of that country or regional organization
    (through a membership there, or a global role): whom to notify about something to do."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from pveplan.core.permissions import ROLE_PERMISSIONS

    roles = [role for role, perms in ROLE_PERMISSIONS.items() if permission in perms]
    where = Q(role__in=[r for r in roles if r in GLOBAL_ROLES])
    local = [r for r in roles if r not in GLOBAL_ROLES]
    if country_id is not None:
        where |= Q(role__in=local, organization__country_id=country_id)
    if regional_organization_id is not None:
        where |= Q(role__in=local, organization__regional_organization_id=regional_organization_id)
    user_ids = Membership.objects.filter(where).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))
