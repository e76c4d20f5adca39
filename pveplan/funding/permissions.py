"""How views load contributions, allocations and rates: the only sanctioned way.

Who sees what: UNOCT and the administrators (funding:manage everywhere) see and manage all of
it. A donor's (or funding UN entity's) own staff see its contributions and every allocation
and expenditure made from them. A country's or regional organization's team (plans:read there)
sees the allocations made to it, with their expenditure, but not the contributions they come
from (other countries' shares stay hidden). Everyone else gets 404, never a hint that a record
exists. Exchange rates are public reference figures for any signed-in user.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from pveplan.accounts.permissions import scope_of
from pveplan.core.permissions import FUNDING_MANAGE, PLANS_READ, Role
from pveplan.funding.models import Allocation, Contribution, ExchangeRate, Expenditure

# The roles through which an organization's own staff read what it contributed.
FUNDER_ROLES = frozenset({Role.DONOR, Role.UN_STAFF})


def is_manager(user: Any) -> bool:
    """UNOCT and the administrators: funding:manage is a global permission only."""
    return FUNDING_MANAGE in scope_of(user).everywhere


def funder_organization_ids(user: Any) -> set[int]:
    """The donors and UN entities whose contributions `user` reads as their own staff."""
    return {m.organization_id for m in scope_of(user).memberships if m.role in FUNDER_ROLES}


def recipient_filter(user: Any, prefix: str = "") -> Q:
    """Rows whose recipient (at `prefix`recipient) is a country or regional organization where
    `user` holds plans:read through a membership; matches nothing when there is none."""
    return scope_of(user).where(PLANS_READ, f"{prefix}recipient")


def visible_contributions(user: Any) -> QuerySet[Contribution]:
    """Every contribution for managers; a funder's own for its staff; none for anyone else."""
    if is_manager(user):
        return Contribution.objects.all()
    return Contribution.objects.filter(donor_id__in=sorted(funder_organization_ids(user)))


def visible_allocations(user: Any) -> QuerySet[Allocation]:
    """Allocations from contributions `user` sees, and those made to `user`'s own country or
    regional organization."""
    if is_manager(user):
        return Allocation.objects.all()
    funders = sorted(funder_organization_ids(user))
    return Allocation.objects.filter(Q(contribution__donor_id__in=funders) | recipient_filter(user))


def visible_expenditures(user: Any) -> QuerySet[Expenditure]:
    return Expenditure.objects.filter(allocation__in=visible_allocations(user))


def sees_contributions(user: Any) -> bool:
    """Whether `user` may read contributions at all (managers, funders' staff)."""
    return is_manager(user) or bool(funder_organization_ids(user))


def _parse(pk: int | str) -> int:
    if isinstance(pk, int):
        return pk
    if not str(pk).isdigit():
        raise Http404("Not found")
    return int(pk)


def _require(user: Any, need: str | None) -> None:
    if need is not None and need != PLANS_READ and (need != FUNDING_MANAGE or not is_manager(user)):
        raise PermissionDenied(need)


def access_contribution(user: Any, pk: int | str, *, need: str | None = None) -> Contribution:
    """The contribution `pk` if `user` may see it (managers, the funder's own staff).

    Http404 when it does not exist or is outside the user's sight; PermissionDenied when visible
    but `need` (funding:manage) is missing, as for a donor reading its own contribution.
    """
    found = (
        visible_contributions(user)
        .select_related("donor__un_entity", "donor__country", "created_by")
        .prefetch_related("countries", "priority_areas")
        .filter(pk=_parse(pk))
        .first()
    )
    if found is None:
        raise Http404("No contribution found")
    _require(user, need)
    return found


def access_allocation(user: Any, pk: int | str, *, need: str | None = None) -> Allocation:
    """The allocation `pk` if `user` may see it (managers, the funder's staff, the recipient's
    team). Same answers as `access_contribution`: 404 outside sight, 403 without `need`."""
    found = (
        visible_allocations(user)
        .select_related(
            "contribution__donor__un_entity",
            "contribution__donor__country",
            "recipient__country",
            "recipient__regional_organization",
            "support_request",
        )
        .filter(pk=_parse(pk))
        .first()
    )
    if found is None:
        raise Http404("No allocation found")
    _require(user, need)
    return found


def access_rate(user: Any, pk: int | str, *, need: str | None = None) -> ExchangeRate:
    """The exchange rate `pk` (rates are public to signed-in users): 404 when there is none,
    PermissionDenied for a `need` (funding:manage) the user lacks."""
    found = ExchangeRate.objects.filter(pk=_parse(pk)).first()
    if found is None or not getattr(user, "is_authenticated", False):
        raise Http404("No exchange rate found")
    _require(user, need)
    return found
