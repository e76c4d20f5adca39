"""How views load assessments and needs: the only sanctioned way.

Both are confidential: the owner's team (plans:read in the owner's country or regional
organization) and the global roles see them; everyone else gets 404, never a hint they exist.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pveplan.accounts.models import Organization
from pveplan.accounts.permissions import scope_of
from pveplan.assessments.models import Assessment, Need
from pveplan.core.permissions import PLANS_READ


def holds(user: Any, permission: str, owner: Organization) -> bool:
    """Whether `user` holds `permission` over things owned by `owner`."""
    return permission in scope_of(user).permissions_for(
        owner.country_id, owner.regional_organization_id
    )


def _parse(pk: int | str) -> int:
    if isinstance(pk, int):
        return pk
    if not str(pk).isdigit():
        raise Http404("Not found")
    return int(pk)


def access_assessment(user: Any, pk: int | str, *, need: str = PLANS_READ) -> Assessment:
    """The assessment `pk` if `user` may see it and holds `need` over its owner.

    Http404 when it does not exist or is outside the user's sight (other countries, partners,
    donors, anonymous); PermissionDenied when visible but `need` (e.g. assessments:write,
    assessments:validate) is missing.
    """
    assessment = (
        Assessment.objects.visible_to(user)
        .for_listing()
        .select_related("created_by", "submitted_by", "validated_by")
        .filter(pk=_parse(pk))
        .first()
    )
    if assessment is None:
        raise Http404("No assessment found")
    if need != PLANS_READ and not holds(user, need, assessment.owner):
        raise PermissionDenied(need)
    return assessment


def access_need(user: Any, pk: int | str, *, need: str = PLANS_READ) -> Need:
    """The need `pk` if `user` may see it and holds `need` over its owner.

    Same answers as `access_assessment`: 404 outside sight, 403 in sight without `need`.
    """
    found = Need.objects.visible_to(user).for_listing().filter(pk=_parse(pk)).first()
    if found is None:
        raise Http404("No need found")
    if need != PLANS_READ and not holds(user, need, found.owner):
        raise PermissionDenied(need)
    return found
