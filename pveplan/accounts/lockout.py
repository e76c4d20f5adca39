"""django-axes hooks (settings AXES_*_CALLABLE) and the current locks, for the lockouts page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pveplan.core import context


def client_ip(request: HttpRequest) -> str | None:
    """The client IP the audit log records (X-Forwarded-For only behind a trusted proxy)."""
    return context.client_ip.get() or request.META.get("REMOTE_ADDR") or None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The login page saying "too many attempts", alike for known and unknown usernames."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "accounts/login.html",
        {"locked_out": True, "minutes": minutes, "next": request.POST.get("next", "")},
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


@dataclass
class Lock:
    """A username or an IP address with failed logins within the cool-off."""

    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last_attempt: datetime

    @property
    def locked(self) -> bool:
        return self.failures >= settings.AXES_FAILURE_LIMIT


def current_locks() -> list[Lock]:
    """Usernames and IP addresses with recent failures, the locked ones first (one query)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    found: dict[tuple[str, str], Lock] = {}
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since).only(
        "username", "ip_address", "failures_since_start", "attempt_time"
    )
    for attempt in attempts:
        for kind in ("username", "ip_address"):
            value = getattr(attempt, kind) or ""
            if not value:
                continue
            lock = found.setdefault((kind, value), Lock(kind, value, 0, attempt.attempt_time))
            lock.failures += attempt.failures_since_start
            lock.last_attempt = max(lock.last_attempt, attempt.attempt_time)
    return sorted(
        found.values(), key=lambda lock: (not lock.locked, -lock.last_attempt.timestamp())
    )
