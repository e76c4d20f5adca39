"""Template helpers for other apps' pages that lead to the registries of instruments."""

from __future__ import annotations

from typing import Any

from django import template

from pveplan.core.permissions import PLANS_READ
from pveplan.instruments.permissions import can_in_registry

register = template.Library()


@register.filter
def registry_readable_by(plan: Any, user: Any) -> bool:
    """Whether `user` may open `plan`'s legal framework and registry (so a link to them works)."""
    return can_in_registry(user, PLANS_READ, plan.owner)
