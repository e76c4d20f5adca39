"""The signed-in user's API tokens: list them, issue one (its secret shown once), revoke one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from pveplan.accounts import twofactor
from pveplan.api import actions
from pveplan.api.forms import TokenForm
from pveplan.api.models import ApiToken
from pveplan.api.permissions import access_token
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version

PAGE = "api/tokens.html"


def _page(
    request: HttpRequest, form: TokenForm, issued: actions.IssuedToken | None = None
) -> HttpResponse:
    tokens = ApiToken.objects.filter(owner_id=request.user.pk)
    context = {
        "tokens": tokens,
        "form": form,
        "issued": issued,
        "schema_url": reverse("api:openapi-json"),
    }
    return render(request, PAGE, context)


def _require_verified(user: Any) -> None:
    """Tokens outlive the session: whoever must use a second factor must have used it.
    (TwoFactorMiddleware already sends such users to the code step; this is the backstop.)"""
    if twofactor.two_factor_required(user) and not user.is_verified():
        raise PermissionDenied("two-factor verification needed")


@never_cache
@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's own tokens (no object to access: the owner is the user)."""
    return _page(request, TokenForm())


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Issue a token and answer with its secret: the only time it is shown."""
    _require_verified(request.user)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            issued = actions.api_token_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                lifetime_days=form.cleaned_data["lifetime_days"],
                by=request.user,
            )
        except ValidationError as error:
            for field, found in error.message_dict.items():
                for message in found:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return _page(request, TokenForm(), issued)
    return _page(request, form)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = access_token(request.user, pk)
    try:
        actions.api_token_revoke(
            token=token, by=request.user, expected_version=posted_version(request)
        )
    except ConflictError:
        messages.error(request, _("This token changed since you loaded the page. Try again."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The token was revoked. It no longer works."))
    return HttpResponseRedirect(reverse("api_tokens:list"))
