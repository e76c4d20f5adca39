"""The sentence of each kind of notification, rendered in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pveplan.notifications.models import Kind


def sentence(kind: str, params: dict[str, Any]) -> str:
    """The notification's text in the active language; unknown parameters show as blanks."""
    values = {key: str(value) for key, value in params.items()}
    templates = {
        Kind.REQUEST_NEW: _("New support request: %(title)s (%(country)s)"),
        Kind.REQUEST_STATUS: _("Support request “%(title)s” is now %(status)s"),
        Kind.OFFER_NEW: _("%(provider)s offers support for “%(title)s”"),
        Kind.ASSIGNMENT: _("“%(title)s” was assigned to %(provider)s"),
        Kind.DECISION: _("%(group)s decided: %(title)s"),
        Kind.ITEM_DUE: _("Action item due on %(due)s: %(title)s"),
        Kind.PLAN_APPROVAL: _("Plan waiting for approval: %(title)s"),
    }
    template = templates.get(Kind(kind)) if kind in Kind.values else None
    if template is None:
        return values.get("title", "")
    try:
        return template % _Blanks(values)
    except (TypeError, ValueError):
        return values.get("title", "")


class _Blanks(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"
