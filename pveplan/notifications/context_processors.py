from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pveplan.notifications.models import Notification


def unread(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's unread count, counted only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        # A callable: templates call it when they show it, and get a real int (plural rules
        # such as Arabic's need one).
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread_notifications": count}
