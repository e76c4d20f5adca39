"""Session guards: the idle timeout, and the second factor before any page.

Both sit after AuthenticationMiddleware, MessageMiddleware and django-otp's OTPMiddleware.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

from pveplan.accounts import actions, twofactor

LAST_SEEN = "pveplan_last_seen"

# Pages an unverified user may still open: leaving, the second-factor steps themselves, the
# language switcher, and the login and reset pages (which do not open a verified session).
OPEN_TO_UNVERIFIED = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_verify",
        "accounts:two_factor_enroll",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "set_language",
    }
)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that htmx follows as a whole page, not into a fragment."""
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return HttpResponseRedirect(url)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


class IdleTimeoutMiddleware:
    """Ends a signed-in session after PVEPLAN_IDLE_SECONDS without a request (audited).

    The last request time is saved at most once a minute, so most requests write nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            idle = settings.PVEPLAN_IDLE_SECONDS
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if isinstance(last_seen, int) and now - last_seen > idle:
                actions.user_logged_out(user=user, reason="idle")
                logout(request)
                minutes = max(1, idle // 60)
                messages.info(
                    request,
                    ngettext(
                        "You were logged out after %(minutes)d minute without activity.",
                        "You were logged out after %(minutes)d minutes without activity.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
                login = reverse(settings.LOGIN_URL)
                return _redirect(request, _with_next(login, request.get_full_path()))
            if not isinstance(last_seen, int) or now - last_seen >= min(60, idle // 10):
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Sends a user who signed in with a password only to the code step or to enrolment.

    Who: anyone with an authenticator (they must verify it), anyone whose role requires
    two-factor (see twofactor.two_factor_required), and staff on the admin site. The admin's
    own login page is replaced by ours, so every login has the lockout, the audit and the code.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name in OPEN_TO_UNVERIFIED:
            return None
        if request.path.startswith("/api/v1/"):
            # The API authenticates bearer tokens only (issued to verified sessions); a session
            # cookie sent along is ignored there, so it must not redirect to the code step.
            return None
        admin_site = match.app_name == "admin"
        user: Any = request.user
        if match.view_name == "admin:login":
            if user.is_authenticated and not user.is_staff:
                # Signed in, but not staff: no password-only login as someone else here.
                raise PermissionDenied("the admin site is for staff")
            next_url = request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                next_url = reverse("admin:index")
            if user.is_authenticated:
                return _redirect(request, next_url)
            return _redirect(request, _with_next(reverse(settings.LOGIN_URL), next_url))
        if not user.is_authenticated or user.is_verified():
            return None
        step = twofactor.second_factor_step(user, admin_site=admin_site)
        if step is None:
            return None
        target = reverse(f"accounts:two_factor_{step}")
        return _redirect(request, _with_next(target, request.get_full_path()))
