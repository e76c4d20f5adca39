from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import (
    activate,
    get_language,
    get_language_from_path,
    gettext,
    override,
)
from django.views.decorators.http import require_POST

from pveplan.accounts import actions, twofactor
from pveplan.accounts.middleware import LAST_SEEN
from pveplan.core.i18n import FALLBACK_LANGUAGE, content_language, django_language


class LoginView(auth_views.LoginView):
    """The password step. Users with an authenticator, or whose role needs one, go on to the
    code step (or to enrol) before any other page: see middleware.TwoFactorMiddleware."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        self.request.session[LAST_SEEN] = int(time.time())
        step = twofactor.second_factor_step(user)
        actions.user_logged_in(user=user, second_factor=step or "none")
        destination = response["Location"]
        language = django_language(user.language) if user.language else None
        if language:
            # Continue in the user's own language, wherever the login started.
            destination = translate_url(destination, language)
        if step:
            with override(language or get_language()):
                step_url = reverse(f"accounts:two_factor_{step}")
            destination = f"{step_url}?{urlencode({'next': destination})}"
        response = HttpResponseRedirect(destination)
        if language:
            _set_language_cookie(response, language)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        # When the lockout answers, AxesMiddleware replaces this page with lockout.lockout_response.
        actions.user_login_failed(
            username=form.data.get("username", ""),
            locked_out=bool(getattr(self.request, "axes_locked_out", False)),
        )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actions.user_logged_out(user=request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.user_changed_password(user=form.user)
        messages.success(self.request, gettext("Your password was changed."))
        return response

    def get_success_url(self) -> str:
        return str(self.request.path)


def _set_language_cookie(response: HttpResponse, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,
    )


def _translated(path: str, code: str) -> str:
    """`path` in language `code`; resolving needs the language the path is in to be active."""
    with override(get_language_from_path(path) or settings.LANGUAGE_CODE):
        translated = translate_url(path, code)
    # A path that is not in any language (such as "/") leads to the home page in `code`.
    return translated if get_language_from_path(translated) == code else f"/{code}/"


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered for the user and in a cookie.

    An unknown code falls back to English, and says so.
    """
    asked = request.POST.get("language", "")
    content = content_language(asked)
    fell_back = content_language(asked) != (asked.split("-")[0].lower() if asked else "")
    code = django_language(content)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(_translated(urlsplit(next_url).path or "/", code))
    _set_language_cookie(response, code)
    if request.user.is_authenticated:
        actions.user_set_language(user=request.user, language=content)
    if fell_back:
        activate(django_language(FALLBACK_LANGUAGE))
        messages.warning(
            request,
            gettext("The language “%(code)s” is not available; showing English.")
            % {"code": asked[:10]},
        )
    return response


def safe_next(request: HttpRequest, default: str = "/") -> str:
    """The `next` parameter if it points into this site, else `default`."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        return next_url
    return default
