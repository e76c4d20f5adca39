"""How views load providers and their capabilities: the only sanctioned way.

The catalogue is open to every signed-in user (what the UN system and donors can offer is no
secret). Editing a provider's capability needs support:offer for that provider: its own staff,
or UNOCT and the administrators, who hold it for every provider.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pveplan.accounts.models import Organization
from pveplan.accounts.permissions import provider_organizations
from pveplan.core.permissions import PLANS_READ, SUPPORT_OFFER
from pveplan.providers.models import PROVIDER_KINDS


def may_edit(user: Any, provider: Organization) -> bool:
    """Whether `user` offers support on behalf of `provider` (and so keeps its capability)."""
    return provider.pk in {org.pk for org in provider_organizations(user)}


def access_provider(user: Any, pk: int | str, *, need: str = PLANS_READ) -> Organization:
    """The UN entity or donor `pk` (an Organization), if `user` holds `need` over it.

    Http404 when there is no such provider (or the user is not signed in); PermissionDenied
    with need=support:offer when the user does not offer support on its behalf.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404("No provider found")
    key = pk if isinstance(pk, int) else int(pk) if str(pk).isdigit() else None
    found = (
        Organization.objects.with_labels().filter(pk=key, kind__in=PROVIDER_KINDS).first()
        if key is not None
        else None
    )
    if found is None:
        raise Http404("No provider found")
    if need == SUPPORT_OFFER and not may_edit(user, found):
        raise PermissionDenied(need)
    if need not in (PLANS_READ, SUPPORT_OFFER):
        raise PermissionDenied(need)
    return found
