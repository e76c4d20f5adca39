"""The consultations overview, the annex and the stakeholder registry of a plan.

Events are in `views_events.py`, inputs and responses in `views_inputs.py`. Every view loads what
it shows through the `access_*` functions first; writes go through `actions`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pveplan.consultations import actions, queries
from pveplan.consultations.forms import StakeholderForm
from pveplan.consultations.models import Stakeholder
from pveplan.consultations.permissions import access_consultations, access_stakeholder, is_team
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.i18n import content_language
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans.models import Plan


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def add_errors(error: ValidationError, form: Any) -> None:
    """Put an action's ValidationError onto the form, field by field where it can."""
    if hasattr(error, "error_dict"):
        for name, found in error.message_dict.items():
            for message in found:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def conflict_notice() -> str:
    return _(
        "Someone else changed this while you were editing. Nothing was saved; "
        "here it is as it is now. Make your change again."
    )


def section_context(request: HttpRequest, plan: Plan, section: str) -> dict[str, Any]:
    """What every consultations page needs for its heading and navigation."""
    return {"plan": plan, "team": is_team(request.user, plan), "section": section}


@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Inclusion figures, the events held and how the inputs were answered."""
    plan = access_consultations(request.user, pk)
    context = section_context(request, plan, "overview")
    context |= {
        "figures": queries.inclusion_figures(plan),
        "events": list(queries.events_of(plan)),
        "dispositions": queries.disposition_counts(plan),
    }
    return render(request, "consultations/overview.html", context)


@require_GET
def annex(request: HttpRequest, pk: int) -> HttpResponse:
    """The consultation annex as published: no contact details, pseudonyms kept."""
    plan = access_consultations(request.user, pk)
    context = section_context(request, plan, "annex")
    context["annex"] = queries.annex(plan, language=content_language())
    return render(request, "consultations/annex.html", context)


# -- the stakeholder registry -------------------------------------------------------------------


@require_GET
def stakeholders(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's stakeholders: contacts and real names only for the plan's team."""
    plan = access_consultations(request.user, pk)
    context = section_context(request, plan, "stakeholders")
    context["stakeholders"] = list(Stakeholder.objects.filter(plan=plan).order_by("type", "pk"))
    return render(request, "consultations/stakeholders.html", context)


def _registry_url(plan: Plan, stakeholder_pk: int | None = None) -> str:
    url = reverse("consultations:stakeholders", kwargs={"pk": plan.pk})
    return f"{url}#stakeholder-{stakeholder_pk}" if stakeholder_pk else url


def _stakeholder_form(
    request: HttpRequest, plan: Plan, form: StakeholderForm, stakeholder: Stakeholder | None
) -> HttpResponse:
    context = section_context(request, plan, "stakeholders")
    context |= {"form": form, "stakeholder": stakeholder}
    return render(request, "consultations/stakeholder_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_consultations(request.user, pk, need=PLANS_WRITE)
    form = StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = actions.stakeholder_create(
                plan=plan, data=form.to_data(), by=request.user
            )
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(request, _("The stakeholder was added."))
            return HttpResponseRedirect(_registry_url(plan, stakeholder.pk))
    return _stakeholder_form(request, plan, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = access_stakeholder(request.user, pk, need=PLANS_WRITE)
    plan = stakeholder.plan
    if request.method == "GET":
        form = StakeholderForm(initial=StakeholderForm.initial_from(stakeholder))
        return _stakeholder_form(request, plan, form, stakeholder)
    form = StakeholderForm(request.POST)
    if form.is_valid():
        try:
            actions.stakeholder_update(
                stakeholder=stakeholder,
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
            messages.success(request, _("The stakeholder was saved."))
            return HttpResponseRedirect(_registry_url(plan, stakeholder.pk))
    return _stakeholder_form(request, plan, form, stakeholder)


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: ask to confirm; POST: remove the stakeholder (what they said stays, unattributed)."""
    stakeholder = access_stakeholder(request.user, pk, need=PLANS_WRITE)
    plan = stakeholder.plan
    if request.method == "POST":
        try:
            actions.stakeholder_delete(
                stakeholder=stakeholder, by=request.user, expected_version=posted_version(request)
            )
        except ConflictError:
            messages.error(request, conflict_notice())
            return HttpResponseRedirect(request.path)
        messages.success(request, _("The stakeholder was removed from the registry."))
        return HttpResponseRedirect(_registry_url(plan))
    context = section_context(request, plan, "stakeholders")
    context |= {
        "object": stakeholder,
        "object_label": stakeholder.team_label,
        "version": stakeholder.version,
        "consequence": _(
            "Inputs from this stakeholder stay in the record, no longer attributed to anyone."
        ),
        "cancel_url": _registry_url(plan, stakeholder.pk),
    }
    return render(request, "consultations/confirm_delete.html", context)
