"""Consultation inputs: the list (by disposition), recording and correcting an input, and the
team's response to it, in place with htmx or as a page of its own without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pveplan.consultations import actions, queries
from pveplan.consultations.forms import InputForm, RespondForm
from pveplan.consultations.models import ConsultationInput, Disposition
from pveplan.consultations.permissions import access_consultations, access_event, access_input
from pveplan.consultations.views import (
    add_errors,
    conflict_notice,
    is_htmx,
    section_context,
)
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans.models import Plan

CARD = "consultations/_input.html"
RESPOND = "consultations/respond.html"


def _list_url(plan: Plan, item_pk: int | None = None) -> str:
    url = reverse("consultations:inputs", kwargs={"pk": plan.pk})
    return f"{url}#input-{item_pk}" if item_pk else url


@require_GET
def inputs(request: HttpRequest, pk: int) -> HttpResponse:
    """Every input on the plan with its disposition and response; `?disposition=` filters."""
    plan = access_consultations(request.user, pk)
    chosen = request.GET.get("disposition", "")
    items = queries.inputs_of(plan)
    if chosen in Disposition.values:
        items = items.filter(disposition=chosen)
    else:
        chosen = ""
    context = section_context(request, plan, "inputs")
    context |= {
        "inputs": list(items),
        "dispositions": queries.disposition_counts(plan),
        "chosen": chosen,
    }
    return render(request, "consultations/inputs.html", context)


def _input_form(
    request: HttpRequest, plan: Plan, form: InputForm, item: ConsultationInput | None
) -> HttpResponse:
    context = section_context(request, plan, "inputs")
    context |= {"form": form, "item": item}
    return render(request, "consultations/input_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def input_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an input; `?event=` starts with that event chosen."""
    plan = access_consultations(request.user, pk, need=PLANS_WRITE)
    initial: dict[str, Any] = {}
    event_pk = request.GET.get("event", "")
    if event_pk.isdigit():
        event = access_event(request.user, int(event_pk))
        if event.plan_id == plan.pk:
            initial["event"] = event.pk
    form = InputForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.input_create(plan=plan, data=form.to_data(), by=request.user)
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(request, _("The input was recorded. It waits for a response."))
            return HttpResponseRedirect(_list_url(plan, item.pk))
    return _input_form(request, plan, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def input_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_input(request.user, pk, need=PLANS_WRITE)
    plan = item.plan
    if request.method == "GET":
        form = InputForm(initial=InputForm.initial_from(item), plan=plan)
        return _input_form(request, plan, form, item)
    form = InputForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            actions.input_update(
                consultation_input=item,
                data=form.to_data(),
                by=request.user,
                expected_version=posted_version(request),
            )
        except ConflictError:
            messages.error(request, conflict_notice())
            return HttpResponseRedirect(request.path)
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(request, _("The input was saved."))
            return HttpResponseRedirect(_list_url(plan, item.pk))
    return _input_form(request, plan, form, item)


def _respond_form(
    request: HttpRequest,
    item: ConsultationInput,
    form: RespondForm,
    version: int | str,
    notice: str = "",
) -> HttpResponse:
    context = section_context(request, item.plan, "inputs")
    context |= {"item": item, "form": form, "version": version, "notice": notice}
    response = render(request, f"{RESPOND}#form" if is_htmx(request) else RESPOND, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def input_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the response form (in place of the input's card with htmx); POST: decide on the
    input, then show its card again (htmx) or go back to the list."""
    item = access_input(request.user, pk, need=PLANS_WRITE)
    if request.method == "GET":
        form = RespondForm(initial=RespondForm.initial_from(item))
        return _respond_form(request, item, form, item.version)
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            actions.input_respond(
                consultation_input=item,
                disposition=form.cleaned_data["disposition"],
                response=form.responses(),
                by=request.user,
                expected_version=posted_version(request),
            )
        except ConflictError:
            return _respond_conflict(request, item)
        except ValidationError as error:
            add_errors(error, form)
        else:
            if is_htmx(request):
                fresh = access_input(request.user, item.pk)
                context = section_context(request, fresh.plan, "inputs")
                context |= {"item": fresh, "notice": _("The response was saved.")}
                return render(request, CARD, context)
            messages.success(request, _("The response was saved."))
            return HttpResponseRedirect(_list_url(item.plan, item.pk))
    return _respond_form(request, item, form, request.POST.get("version", ""))


def _respond_conflict(request: HttpRequest, item: ConsultationInput) -> HttpResponse:
    if not is_htmx(request):
        messages.error(request, conflict_notice())
        return HttpResponseRedirect(request.path)
    current = access_input(request.user, item.pk, need=PLANS_WRITE)
    form = RespondForm(initial=RespondForm.initial_from(current))
    return _respond_form(request, current, form, current.version, conflict_notice())
