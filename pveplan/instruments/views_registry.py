"""A country's (or regional organization's) registry of instruments, reached from a plan: the
list with its filters, the add and edit forms, deletion, and the attached files.

Files are never served from a public URL: `instrument_file` checks access first.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pveplan.accounts.models import Organization
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.i18n import content_language
from pveplan.core.permissions import PLANS_WRITE
from pveplan.core.uploads import CONTENT_TYPES
from pveplan.instruments import actions
from pveplan.instruments.forms import InstrumentForm, RegistryFilterForm, add_action_errors
from pveplan.instruments.models import LegalInstrument
from pveplan.instruments.permissions import access_instrument, access_registry, can_in_registry
from pveplan.plans.models import Plan


def _in_registry(
    request: HttpRequest, plan_pk: int, pk: int, need: str
) -> tuple[Plan, Organization, LegalInstrument]:
    """The plan, its registry's owner and instrument `pk` of that registry (404 if it is not)."""
    plan, owner = access_registry(request.user, plan_pk, need=need)
    instrument = access_instrument(request.user, pk, need=need)
    if instrument.owner_id != owner.pk:
        raise Http404("No instrument found in this registry")
    return plan, owner, instrument


@login_required
@require_GET
def registry(request: HttpRequest, pk: int) -> HttpResponse:
    """The registry serving plan `pk`, filtered by type and status, searched by title."""
    plan, owner = access_registry(request.user, pk)
    form = RegistryFilterForm(request.GET or None)
    instruments = form.filter(
        LegalInstrument.objects.filter(owner=owner).annotate(linked=Count("node_links"))
    ).order_by("type", "-date_adopted", "pk")
    context = {
        "plan": plan,
        "owner": owner,
        "form": form,
        "instruments": list(instruments),
        "can_write": can_in_registry(request.user, PLANS_WRITE, plan.owner),
        "language": content_language(),
    }
    template = "instruments/registry.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context)


def _render_form(
    request: HttpRequest,
    *,
    plan: Plan,
    owner: Organization,
    form: InstrumentForm,
    instrument: LegalInstrument | None,
    version: Any = None,
) -> HttpResponse:
    context = {
        "plan": plan,
        "owner": owner,
        "form": form,
        "instrument": instrument,
        "version": version,
    }
    return render(request, "instruments/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def instrument_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan, owner = access_registry(request.user, pk, need=PLANS_WRITE)
    form = InstrumentForm(
        request.POST or None,
        request.FILES or None,
        initial={"original_language": plan.original_language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.instrument_create(owner=owner, by=request.user, data=form.to_input())
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The instrument was added to the registry."))
            return redirect("instruments:registry", pk=plan.pk)
    return _render_form(request, plan=plan, owner=owner, form=form, instrument=None)


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    plan, owner, instrument = _in_registry(request, plan_pk, pk, PLANS_WRITE)
    if request.method == "GET":
        form = InstrumentForm(
            instrument=instrument, initial=InstrumentForm.initial_from(instrument)
        )
        return _render_form(
            request,
            plan=plan,
            owner=owner,
            form=form,
            instrument=instrument,
            version=instrument.version,
        )
    form = InstrumentForm(request.POST, request.FILES, instrument=instrument)
    if form.is_valid():
        try:
            actions.instrument_update(
                instrument=instrument,
                by=request.user,
                data=form.to_input(),
                expected_version=posted_version(request),
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else changed this instrument while you were editing. Nothing was "
                    "saved; here it is as it is now. Make your change again."
                ),
            )
            return redirect("instruments:instrument_edit", plan_pk=plan.pk, pk=instrument.pk)
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The instrument was saved."))
            return redirect("instruments:registry", pk=plan.pk)
    # Keep the version the user started from, so a conflict is still noticed on the next try.
    return _render_form(
        request,
        plan=plan,
        owner=owner,
        form=form,
        instrument=instrument,
        version=request.POST.get("version", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    """GET: confirm, naming the plan items still linked; POST: delete (refused while linked)."""
    plan, owner, instrument = _in_registry(request, plan_pk, pk, PLANS_WRITE)
    if request.method == "POST":
        try:
            actions.instrument_delete(
                instrument=instrument, by=request.user, expected_version=posted_version(request)
            )
        except ConflictError:
            messages.error(
                request, _("Someone else changed this instrument first. Nothing was deleted.")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The instrument was deleted."))
        return redirect("instruments:registry", pk=plan.pk)
    links = instrument.node_links.select_related("node__plan").order_by("node__plan", "node")
    # Name only the items of plans the user may see; count the others.
    visible = list(links.filter(node__plan__in=Plan.objects.visible_to(request.user)))
    context = {
        "plan": plan,
        "owner": owner,
        "instrument": instrument,
        "links": visible,
        "hidden_links": links.count() - len(visible),
    }
    return render(request, "instruments/delete.html", context)


@login_required
@require_GET
@never_cache  # the file may be confidential: no shared or browser cache keeps it
def instrument_file(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """The instrument's attached file, as a download, for those who may read its registry."""
    instrument = access_instrument(request.user, pk)
    if not instrument.file or instrument.file_kind not in CONTENT_TYPES:
        raise Http404("No file")
    try:
        handle = instrument.file.open("rb")
    except FileNotFoundError:
        raise Http404("No file") from None
    audit.record(
        action="instrument.file_download",
        actor=request.user,
        obj=instrument,
        after={"file_name": instrument.file_name},
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=instrument.file_name,
        content_type=CONTENT_TYPES[instrument.file_kind],
    )
