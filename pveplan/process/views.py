"""The process tracker: a plan's ten phases as a timeline, edited in place.

Every view answers a whole page (or a redirect) to a normal request and a fragment to an htmx
request, so the tracker works without JavaScript and without full reloads with it. Writes to a
phase answer htmx with the fresh phase card and, out of band, the fresh summary at the top.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import PLANS_WRITE
from pveplan.core.uploads import CONTENT_TYPES
from pveplan.plans.models import Plan
from pveplan.plans.permissions import access_plan, can
from pveplan.process import actions
from pveplan.process.forms import ChecklistForm, EvidenceForm, PhaseForm, add_action_errors
from pveplan.process.guidance import guidance_for
from pveplan.process.permissions import access_evidence, access_phase
from pveplan.process.queries import PhaseRow, ProcessSummary, process_detail
from pveplan.taxonomy.models import PlanPhase as Phase

PAGE = "process/tracker.html"
CARD = "process/_written.html"
CHECKLIST = "process/_checklist.html"
FORM = "process/phase_form.html"
DELETE = "process/evidence_delete.html"


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _tracker_url(plan: Plan, code: str = "") -> str:
    url = reverse("process:tracker", kwargs={"pk": plan.pk})
    return f"{url}#phase-{code}" if code else url


def _context(request: HttpRequest, plan: Plan, summary: ProcessSummary, **extra: Any) -> Any:
    return {
        "plan": plan,
        "summary": summary,
        "can_write": can(request.user, PLANS_WRITE, plan),
        **extra,
    }


def _row(summary: ProcessSummary, phase: Phase) -> PhaseRow:
    row = summary.row(phase.code)
    if row is None:
        raise Http404("No such phase")
    return row


@require_GET
def tracker(request: HttpRequest, pk: int) -> HttpResponse:
    """The ten phases of a plan: status, dates, body, checklist, guidance and evidence."""
    plan = access_plan(request.user, pk)
    response = render(request, PAGE, _context(request, plan, process_detail(plan)))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _after_write(
    request: HttpRequest, plan: Plan, phase: Phase, notice: str, *, failed: bool = False
) -> HttpResponse:
    """htmx: the fresh phase card over the old one and the summary. Otherwise: back to the page."""
    if _is_htmx(request):
        summary = process_detail(plan)
        context = _context(
            request, plan, summary, row=_row(summary, phase), notice=notice, failed=failed
        )
        response = render(request, CARD, context)
        return reswap(retarget(response, f"#phase-{phase.code}"), "outerHTML")
    (messages.error if failed else messages.success)(request, notice)
    return HttpResponseRedirect(_tracker_url(plan, phase.code))


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """GET: the form for a phase's record; POST: save it, unless someone changed it first."""
    plan, phase = access_phase(request.user, pk, code, need=PLANS_WRITE)
    row = _row(process_detail(plan), phase)
    auto_id = f"id_{phase.code}_%s"
    if request.method == "GET":
        form = PhaseForm(plan=plan, initial=PhaseForm.initial_from(row), auto_id=auto_id)
        return _render_form(request, plan, row, form, version=row.version)
    form = PhaseForm(request.POST, plan=plan, auto_id=auto_id)
    if form.is_valid():
        try:
            actions.phase_update(
                plan=plan,
                phase=phase,
                by=request.user,
                data=form.to_input(),
                expected_version=posted_version(request),
            )
        except ConflictError:
            notice = _(
                "Someone else changed this phase while you were editing. Nothing was saved; "
                "here it is as it is now. Make your change again."
            )
            if not _is_htmx(request):
                messages.error(request, notice)
                return HttpResponseRedirect(request.path)
            form = PhaseForm(plan=plan, initial=PhaseForm.initial_from(row), auto_id=auto_id)
            return _render_form(request, plan, row, form, version=row.version, notice=notice)
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            return _after_write(request, plan, phase, _("The phase was saved."))
    # Keep the version the user started from, so a conflict is still noticed on the next try.
    return _render_form(request, plan, row, form, version=request.POST.get("version", ""))


def _render_form(
    request: HttpRequest,
    plan: Plan,
    row: PhaseRow,
    form: PhaseForm,
    *,
    version: int | str,
    notice: str = "",
) -> HttpResponse:
    context = {"plan": plan, "row": row, "form": form, "version": version, "notice": notice}
    return render(request, f"{FORM}#form" if _is_htmx(request) else FORM, context)


@login_required
@require_POST
def checklist_set(request: HttpRequest, pk: int, code: str, key: str) -> HttpResponse:
    """Tick or untick one checklist item (with its note). htmx gets the phase's checklist."""
    plan, phase = access_phase(request.user, pk, code, need=PLANS_WRITE)
    if key not in guidance_for(phase.code).item_keys():
        raise Http404("No such checklist item")
    form = ChecklistForm(request.POST)
    notice, failed = _("The checklist was saved."), False
    if not form.is_valid():
        notice, failed = " ".join(str(m) for ms in form.errors.values() for m in ms), True
    else:
        try:
            actions.checklist_answer_set(
                plan=plan,
                phase=phase,
                item_key=key,
                done=form.cleaned_data["done"],
                note=form.cleaned_data["note"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError:
            notice, failed = (
                _(
                    "Someone else answered this item first. Nothing was changed; here is the "
                    "checklist as it is now."
                ),
                True,
            )
        except ValidationError as error:
            notice, failed = " ".join(error.messages), True
    if not _is_htmx(request):
        (messages.error if failed else messages.success)(request, notice)
        return HttpResponseRedirect(_tracker_url(plan, phase.code))
    summary = process_detail(plan)
    context = _context(
        request,
        plan,
        summary,
        row=_row(summary, phase),
        checklist_notice=notice,
        checklist_failed=failed,
    )
    return render(request, CHECKLIST, context)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Attach a file to a phase. A refused file is not stored: htmx gets the card with the form
    saying why; a normal request gets the page with it, as 400."""
    plan, phase = access_phase(request.user, pk, code, need=PLANS_WRITE)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.evidence_add(
                plan=plan,
                phase=phase,
                by=request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            return _after_write(request, plan, phase, _("The file was attached."))
    summary = process_detail(plan)
    context = _context(request, plan, summary, upload_code=phase.code, upload_form=form)
    if _is_htmx(request):
        context.update(row=_row(summary, phase), notice=_("The file was not attached."))
        context["failed"] = True
        response = render(request, CARD, context)
        return reswap(retarget(response, f"#phase-{phase.code}"), "outerHTML")
    return render(request, PAGE, context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: ask to confirm; POST: remove the file."""
    evidence = access_evidence(request.user, pk, need=PLANS_WRITE)
    plan, phase = evidence.plan_phase.plan, evidence.plan_phase.phase
    if request.method == "GET":
        context = {"plan": plan, "phase": phase, "evidence": evidence}
        return render(request, f"{DELETE}#confirm" if _is_htmx(request) else DELETE, context)
    try:
        actions.evidence_delete(evidence=evidence, by=request.user)
    except ConflictError:
        return _after_write(
            request, plan, phase, _("Someone else removed this file first."), failed=True
        )
    return _after_write(request, plan, phase, _("The file was removed."))


@require_GET
@never_cache  # the files may be confidential: no shared or browser cache keeps them
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, as an attachment, to whoever may see its plan; 404 to anyone else."""
    evidence = access_evidence(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing") from error
    audit.record(
        action="process.evidence_download",
        actor=request.user,
        obj=evidence,
        after={"file_name": evidence.file_name},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.file_name,
        content_type=CONTENT_TYPES[evidence.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it anyway, it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
