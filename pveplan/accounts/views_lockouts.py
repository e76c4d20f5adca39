"""For account administrators: lift login locks, reset a user's two-factor (a lost phone)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from pveplan.accounts import actions, lockout
from pveplan.accounts.forms import AccountForm, UnlockForm
from pveplan.accounts.permissions import access_user, is_account_administrator


@login_required
def lockouts(request: HttpRequest) -> HttpResponse:
    """Usernames and IP addresses with recent failed logins; POST lifts one lock."""
    if not is_account_administrator(request.user):
        raise PermissionDenied("accounts:manage")
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.lockout_unlock(
            by=request.user,
            username=form.cleaned_data["username"],
            ip_address=form.cleaned_data["ip_address"] or "",
        )
        messages.success(
            request,
            gettext("Unlocked %(what)s.")
            % {"what": form.cleaned_data["username"] or form.cleaned_data["ip_address"]},
        )
        return HttpResponseRedirect(reverse("accounts:lockouts"))
    context = {
        "locks": lockout.current_locks(),
        "form": form,
        "reset_form": AccountForm(),
        "limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "accounts/lockouts.html", context)


@require_POST
@login_required
def two_factor_reset(request: HttpRequest) -> HttpResponse:
    """Remove another user's authenticator and recovery codes; they enrol again at next login."""
    user = access_user(request.user, request.POST.get("username", "").strip()[:150])
    actions.two_factor_remove(user=user, by=request.user)
    messages.success(
        request,
        gettext("Two-factor authentication of %(username)s was reset.")
        % {"username": user.get_username()},
    )
    return HttpResponseRedirect(reverse("accounts:lockouts"))
