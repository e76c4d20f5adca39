"""The reader's notifications and their choice of what to receive."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pveplan.notifications import actions
from pveplan.notifications.models import Kind, Notification, Preference
from pveplan.notifications.texts import sentence


def _me(request: HttpRequest) -> Any:
    """The signed-in user (the views are behind login_required)."""
    return request.user


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first (only their own: no object to access)."""
    page = Paginator(Notification.objects.filter(user=_me(request)), 30).get_page(
        request.GET.get("page")
    )
    rows = [(n, sentence(n.kind, n.params)) for n in page]
    return render(request, "notifications/inbox.html", {"page": page, "rows": rows})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("id")
    ids = [int(raw)] if raw and raw.isdigit() else None
    actions.notifications_mark_read(user=request.user, ids=ids)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    saved = {p.kind: p for p in Preference.objects.filter(user=_me(request))}
    if request.method == "POST":
        choices = {
            kind: (f"{kind}-in_app" in request.POST, f"{kind}-email" in request.POST)
            for kind in Kind.values
        }
        actions.preferences_set(user=request.user, choices=choices)
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:preferences")
    rows = [
        {
            "kind": kind,
            "label": label,
            "in_app": saved[kind].in_app if kind in saved else True,
            "email": saved[kind].email if kind in saved else True,
        }
        for kind, label in Kind.choices
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "has_email": bool(getattr(request.user, "email", ""))},
    )
