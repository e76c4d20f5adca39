"""Two-factor pages: the code step at login, enrolling an authenticator, recovery codes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from pveplan.accounts import actions, twofactor
from pveplan.accounts.forms import CodeForm, EnrollForm
from pveplan.accounts.models import RecoveryCodeDevice
from pveplan.accounts.permissions import is_account_administrator
from pveplan.accounts.views import safe_next
from pveplan.core import audit

# The secret of an authenticator being set up, until its first code confirms it.
PENDING_KEY = "pveplan_2fa_pending_key"


def _home() -> str:
    return reverse("plans:registry")


def _verified_session(request: HttpRequest, device: Any) -> None:
    """Mark the session verified by `device`; a new session key, as at any privilege change."""
    request.session.cycle_key()
    otp_login(request, device)


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The code step after the password: a code from the app, or a recovery code."""
    user: Any = request.user
    next_url = safe_next(request, _home())
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    step = twofactor.second_factor_step(user)
    if step != twofactor.VERIFY:
        if step == twofactor.ENROLL:
            return HttpResponseRedirect(
                reverse("accounts:two_factor_enroll") + "?" + request.GET.urlencode()
            )
        return HttpResponseRedirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = actions.two_factor_verify(by=user, code=form.cleaned_data["code"])
        if device is not None:
            _verified_session(request, device)
            if isinstance(device, RecoveryCodeDevice):
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(left)d is left. Make new ones on the security page.",
                        "You used a recovery code; %(left)d are left. Make new ones on the security page.",
                        left,
                    )
                    % {"left": left},
                )
            return HttpResponseRedirect(next_url)
        form.add_error(
            "code",
            gettext(
                "That code did not work. Codes from the app change every 30 seconds; after a "
                "wrong code, wait a few seconds before the next try."
            ),
        )
    return render(request, "accounts/two_factor/verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
def two_factor_enroll(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: the secret as text and as a QR code, confirmed by a code.

    Replacing an existing authenticator needs a verified session, so a password alone can never
    swap someone's second factor.
    """
    user: Any = request.user
    next_url = safe_next(request, reverse("accounts:two_factor"))
    replacing = twofactor.confirmed_totp_device(user) is not None
    if replacing and not user.is_verified():
        return HttpResponseRedirect(
            reverse("accounts:two_factor_verify") + "?" + request.GET.urlencode()
        )
    key = request.session.get(PENDING_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = twofactor.new_totp_key()
        request.session[PENDING_KEY] = key
    form = EnrollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = actions.two_factor_enroll(
                user=user, key=key, token=form.cleaned_data["code"], by=user
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[PENDING_KEY]
            _verified_session(request, enrollment.device)
            return _recovery_codes_page(request, enrollment.recovery_codes, next_url, True)
    context = {
        "form": form,
        "next": next_url,
        "replacing": replacing,
        "required": twofactor.two_factor_required(user),
        "secret_groups": twofactor.secret_groups(key),
        "qr_code": twofactor.qr_code_svg(user, key),
    }
    return render(request, "accounts/two_factor/enroll.html", context)


def _recovery_codes_page(
    request: HttpRequest, codes: list[str], next_url: str, enrolled: bool
) -> HttpResponse:
    """The only time the codes are shown: in the answer to the POST that made them."""
    return render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {"codes": codes, "next": next_url, "enrolled": enrolled},
    )


@never_cache
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """The user's security page: two-factor status, recovery codes left, what they may change."""
    user: Any = request.user
    device = twofactor.confirmed_totp_device(user)
    context = {
        "device": device,
        "required": twofactor.two_factor_required(user),
        "codes_left": twofactor.recovery_codes_left(user) if device else 0,
        "administrator": is_account_administrator(user),
    }
    return render(request, "accounts/two_factor/settings.html", context)


@never_cache
@require_POST
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes (the old ones stop working) and show them once."""
    if twofactor.confirmed_totp_device(request.user) is None:
        messages.info(request, gettext("Set up an authenticator app first."))
        audit.note_no_change("no authenticator")
        return HttpResponseRedirect(reverse("accounts:two_factor"))
    codes = actions.recovery_codes_regenerate(by=request.user)  # type: ignore[arg-type]
    return _recovery_codes_page(request, codes, reverse("accounts:two_factor"), False)


@require_POST
@login_required
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Turn two-factor off for oneself: only where the role does not require it."""
    user: Any = request.user
    if twofactor.confirmed_totp_device(user) is None:
        messages.info(request, gettext("Two-factor authentication is not set up."))
        audit.note_no_change("no authenticator")
        return HttpResponseRedirect(reverse("accounts:two_factor"))
    actions.two_factor_remove(user=user, by=user)
    messages.success(request, gettext("Two-factor authentication is off."))
    return HttpResponseRedirect(reverse("accounts:two_factor"))
