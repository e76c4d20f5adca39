"""Contributions, allocations and expenditure: their pages and the forms that record them.

Each view loads its object through `access_contribution` / `access_allocation` (404 outside
the user's sight, 403 in sight without funding:manage), calls one action, and renders or
redirects. The forms post and redirect; an action's refusal is shown on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import FUNDING_MANAGE
from pveplan.funding import actions, balances
from pveplan.funding.forms import (
    AllocationForm,
    ContributionForm,
    ExpenditureForm,
    add_action_errors,
)
from pveplan.funding.models import Allocation, Contribution, ContributionStatus
from pveplan.funding.permissions import (
    access_allocation,
    access_contribution,
    is_manager,
    sees_contributions,
    visible_contributions,
)
from pveplan.funding.views import report_date
from pveplan.support.permissions import visible_requests


def _contribution_url(contribution: Contribution) -> str:
    return reverse("funding:contribution_detail", kwargs={"pk": contribution.pk})


def _allocation_url(allocation: Allocation) -> str:
    return reverse("funding:allocation_detail", kwargs={"pk": allocation.pk})


@login_required
@require_GET
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = access_contribution(request.user, pk)
    form, on = report_date(request)
    context = {
        "contribution": contribution,
        "form": form,
        "balance": balances.contribution_balance(contribution, on),
        "can_manage": is_manager(request.user),
    }
    return render(request, "funding/contribution_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_create(request: HttpRequest) -> HttpResponse:
    if not is_manager(request.user):
        raise PermissionDenied(FUNDING_MANAGE)
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contribution = actions.contribution_record(by=request.user, data=form.to_input())
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The contribution was recorded."))
            return HttpResponseRedirect(_contribution_url(contribution))
    return render(request, "funding/contribution_form.html", {"form": form, "contribution": None})


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = access_contribution(request.user, pk, need=FUNDING_MANAGE)
    form = ContributionForm(request.POST or None, contribution=contribution)
    if request.method == "POST" and form.is_valid():
        try:
            actions.contribution_update(
                contribution=contribution,
                by=request.user,
                data=form.to_input(),
                expected_version=posted_version(request),
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else changed this contribution while you were editing. Nothing was "
                    "saved; here it is as it is now."
                ),
            )
            return HttpResponseRedirect(
                reverse("funding:contribution_edit", kwargs={"pk": contribution.pk})
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The contribution was saved."))
            return HttpResponseRedirect(_contribution_url(contribution))
    context = {"form": form, "contribution": contribution}
    return render(request, "funding/contribution_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def allocation_create(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = access_contribution(request.user, pk, need=FUNDING_MANAGE)
    form = AllocationForm(request.POST or None, contribution=contribution)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = actions.allocation_make(by=request.user, data=form.to_input())
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The allocation was recorded."))
            return HttpResponseRedirect(_allocation_url(allocation))
    _form, on = report_date(request)
    context = {
        "form": form,
        "contribution": contribution,
        "balance": balances.contribution_balance(contribution, on),
    }
    return render(request, "funding/allocation_form.html", context)


@login_required
@require_GET
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = access_allocation(request.user, pk)
    form, on = report_date(request)
    contribution = allocation.contribution
    request_id = allocation.support_request_id
    context = {
        "allocation": allocation,
        "contribution": contribution,
        "form": form,
        "balance": balances.allocation_balance(allocation, on),
        "can_manage": is_manager(request.user),
        # The contribution's page shows other countries' shares: its funder's and UNOCT's only.
        "sees_contribution": sees_contributions(request.user)
        and visible_contributions(request.user).filter(pk=contribution.pk).exists(),
        # A support request's title is the requester's: shown only to those who see the request.
        "sees_request": request_id is not None
        and visible_requests(request.user).filter(pk=request_id).exists(),
        "can_spend": is_manager(request.user)
        and contribution.status == ContributionStatus.RECEIVED,
    }
    return render(request, "funding/allocation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def expenditure_create(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = access_allocation(request.user, pk, need=FUNDING_MANAGE)
    form = ExpenditureForm(request.POST or None, allocation=allocation)
    if request.method == "POST" and form.is_valid():
        try:
            actions.expenditure_record(by=request.user, data=form.to_input())
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The expenditure was recorded."))
            return HttpResponseRedirect(_allocation_url(allocation))
    _form, on = report_date(request)
    context = {
        "form": form,
        "allocation": allocation,
        "balance": balances.allocation_balance(allocation, on),
    }
    return render(request, "funding/expenditure_form.html", context)
