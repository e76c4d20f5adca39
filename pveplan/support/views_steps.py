"""The workflow steps of a support request, each one POST that calls one action.

A step that goes through redirects back to the request with a message; one the action refuses
re-renders the request's page with the step's form and its errors; a stale version answers
with the conflict message. The actions check who may take the step (403 otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import SUPPORT_OFFER, SUPPORT_TRIAGE
from pveplan.support import actions
from pveplan.support.forms import (
    AcceptForm,
    CloseForm,
    DeliveredForm,
    OfferForm,
    TriageForm,
    add_errors,
)
from pveplan.support.models import SupportRequest
from pveplan.support.permissions import access_offer, access_request, offering_choices
from pveplan.support.views import conflict_notice, detail_url, render_detail


def _run(
    request: HttpRequest,
    support: SupportRequest,
    form: forms.Form,
    name: str,
    step: Callable[[dict[str, Any]], Any],
    done: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Validate `form`, call `step` with its data; answer as the module docstring says."""
    if form.is_valid():
        try:
            step(form.cleaned_data)
        except ConflictError:
            messages.error(request, conflict_notice())
            return HttpResponseRedirect(detail_url(support))
        except ValidationError as error:
            named = set(error.message_dict) if hasattr(error, "error_dict") else set()
            if not named & set(form.fields):
                # Nothing to show beside a field (the step no longer applies, say): say it at
                # the top of the page the user goes back to.
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(detail_url(support))
            add_errors(error, form)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(detail_url(support))
    return render_detail(request, support, {name: form, **(extra or {})})


@login_required
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    support = access_request(request.user, pk, need=SUPPORT_TRIAGE)
    accept = request.POST.get("decision") == "open"
    return _run(
        request,
        support,
        TriageForm(request.POST),
        "triage_form",
        lambda data: actions.request_triage(
            request=support,
            by=request.user,
            expected_version=posted_version(request),
            accept=data["decision"] == "open",
            note=data["note"],
            shared_with_donors=data["shared_with_donors"],
        ),
        _("The request is open for offers.") if accept else _("The request was declined."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Offer support for an open request, on behalf of one's UN entity or donor."""
    support = access_request(request.user, pk, need=SUPPORT_OFFER)
    providers = offering_choices(request.user, support)
    form = OfferForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.offer_make(
                request=support,
                provider=data["provider"],
                by=request.user,
                message=data["message"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(request, _("Your offer was sent to the requester and UNOCT."))
            return HttpResponseRedirect(detail_url(support, "offers"))
    return render(request, "support/offer_form.html", {"support": support, "form": form})


@login_required
@require_POST
def offer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    offer = access_offer(request.user, pk, need=SUPPORT_OFFER)
    support = offer.request
    return _run(
        request,
        support,
        forms.Form(request.POST),
        "withdraw_form",
        lambda data: actions.offer_withdraw(
            offer=offer, by=request.user, expected_version=posted_version(request)
        ),
        _("The offer was withdrawn."),
    )


@login_required
@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign the request to this offer; possible duplicates need a confirmation and a reason."""
    offer = access_offer(request.user, pk)
    support = offer.request
    return _run(
        request,
        support,
        AcceptForm(request.POST),
        "accept_form",
        lambda data: actions.offer_accept(
            offer=offer,
            by=request.user,
            expected_version=posted_version(request),
            confirm_duplicates=data["confirm_duplicates"],
            duplicate_reason=data["duplicate_reason"],
        ),
        _("The request was assigned. The provider and the requester are told."),
        {"accept_offer": offer.pk},
    )


@login_required
@require_POST
def delivery_start(request: HttpRequest, pk: int) -> HttpResponse:
    support = access_request(request.user, pk)
    return _run(
        request,
        support,
        forms.Form(request.POST),
        "start_form",
        lambda data: actions.delivery_start(
            request=support, by=request.user, expected_version=posted_version(request)
        ),
        _("Delivery has started."),
    )


@login_required
@require_POST
def delivery_done(request: HttpRequest, pk: int) -> HttpResponse:
    support = access_request(request.user, pk)
    return _run(
        request,
        support,
        DeliveredForm(request.POST),
        "delivered_form",
        lambda data: actions.delivery_done(
            request=support,
            by=request.user,
            expected_version=posted_version(request),
            note=data["note"],
        ),
        _("The support is recorded as delivered. The requester is asked for feedback."),
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    support = access_request(request.user, pk)
    return _run(
        request,
        support,
        CloseForm(request.POST),
        "close_form",
        lambda data: actions.request_close(
            request=support,
            by=request.user,
            expected_version=posted_version(request),
            rating=data["rating"],
            comment=data["comment"],
        ),
        _("The request is closed. Thank you for your feedback."),
    )
