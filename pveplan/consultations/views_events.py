"""Consultation events: the page of one event (its participants and inputs), and adding,
editing and deleting events and setting their participant grid."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pveplan.consultations import actions, queries
from pveplan.consultations.forms import EventForm, ParticipantsForm
from pveplan.consultations.models import ConsultationEvent
from pveplan.consultations.permissions import access_consultations, access_event
from pveplan.consultations.views import (
    add_errors,
    conflict_notice,
    section_context,
)
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans.models import Plan


def _detail_url(event: ConsultationEvent, anchor: str = "") -> str:
    url = reverse("consultations:event_detail", kwargs={"pk": event.pk})
    return f"{url}#{anchor}" if anchor else url


def _render_detail(
    request: HttpRequest, event: ConsultationEvent, grid: ParticipantsForm | None = None
) -> HttpResponse:
    plan = event.plan
    context = section_context(request, plan, "overview")
    if context["team"] and grid is None:
        grid = ParticipantsForm(initial=ParticipantsForm.initial_from(queries.grid_values(event)))
    context |= {
        "event": event,
        "breakdown": queries.event_breakdown(event),
        "grid": grid,
        "inputs": list(queries.inputs_of(plan).filter(event=event)),
    }
    return render(request, "consultations/event_detail.html", context)


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event: its facts, who took part (by type, sex and age group) and what was said."""
    return _render_detail(request, access_event(request.user, pk))


def _event_form(
    request: HttpRequest, plan: Plan, form: EventForm, event: ConsultationEvent | None
) -> HttpResponse:
    context = section_context(request, plan, "overview")
    context |= {"form": form, "event": event}
    return render(request, "consultations/event_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_consultations(request.user, pk, need=PLANS_WRITE)
    form = EventForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.event_create(plan=plan, data=form.to_data(), by=request.user)
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(request, _("The event was recorded. Now count its participants."))
            return HttpResponseRedirect(_detail_url(event, "participants"))
    return _event_form(request, plan, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = access_event(request.user, pk, need=PLANS_WRITE)
    plan = event.plan
    if request.method == "GET":
        form = EventForm(initial=EventForm.initial_from(event), plan=plan)
        return _event_form(request, plan, form, event)
    form = EventForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            actions.event_update(
                event=event,
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
            messages.success(request, _("The event was saved."))
            return HttpResponseRedirect(_detail_url(event))
    return _event_form(request, plan, form, event)


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: ask to confirm; POST: delete the event and its counts (not if inputs refer to it)."""
    event = access_event(request.user, pk, need=PLANS_WRITE)
    plan = event.plan
    if request.method == "POST":
        try:
            actions.event_delete(
                event=event, by=request.user, expected_version=posted_version(request)
            )
        except ConflictError:
            messages.error(request, conflict_notice())
            return HttpResponseRedirect(_detail_url(event))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(_detail_url(event))
        messages.success(request, _("The event was deleted."))
        return HttpResponseRedirect(reverse("consultations:overview", kwargs={"pk": plan.pk}))
    context = section_context(request, plan, "overview")
    context |= {
        "object": event,
        "object_label": event.shown_title.text,
        "version": event.version,
        "consequence": _("Its participant counts are deleted with it."),
        "cancel_url": _detail_url(event),
    }
    return render(request, "consultations/confirm_delete.html", context)


@login_required
@require_POST
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace the event's whole participant grid, all or nothing."""
    event = access_event(request.user, pk, need=PLANS_WRITE)
    grid = ParticipantsForm(request.POST)
    if grid.is_valid():
        try:
            actions.participants_set(
                event=event,
                counts=grid.counts(),
                by=request.user,
                expected_version=posted_version(request),
            )
        except ConflictError:
            messages.error(request, conflict_notice())
            return HttpResponseRedirect(_detail_url(event, "participants"))
        except ValidationError as error:
            add_errors(error, grid)
        else:
            messages.success(request, _("The participants were saved."))
            return HttpResponseRedirect(_detail_url(event, "participants"))
    return _render_detail(request, event, grid)
