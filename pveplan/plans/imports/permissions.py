"""How views load a pending import: only its uploader, only with write access to its plan."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans.imports import pending
from pveplan.plans.models import Plan
from pveplan.plans.permissions import access_plan


def access_import(user: Any, plan_pk: int, token: str) -> tuple[Plan, pending.PendingImport]:
    """The plan `plan_pk` and the import `token` that `user` uploaded to it.

    The plan answers as `access_plan(need=PLANS_WRITE)` does (404 outside sight, 403 without
    the write permission); an import that is not `user`'s own upload to this plan, or that
    has expired, is 404.
    """
    plan = access_plan(user, plan_pk, need=PLANS_WRITE)
    found = pending.find(token)
    if found is None or found.plan_id != plan.pk or found.user_id != user.pk:
        raise Http404("No such import")
    return plan, found
