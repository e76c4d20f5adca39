from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pveplan.accounts.permissions import scope_of
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.i18n import UN_LANGUAGES, content_language, provenance_of, texts_of
from pveplan.core.models import AuditEvent
from pveplan.core.permissions import AUDIT_READ, PLANS_APPROVE, PLANS_WRITE
from pveplan.plans import actions
from pveplan.plans.forms import PlanForm, RegistryFilterForm, StatusChangeForm, add_action_errors
from pveplan.plans.models import Plan, Scope, Status
from pveplan.plans.permissions import access_plan, can
from pveplan.process.queries import process_summary

PAGE_SIZE = 50


def _map_rows(plans: Any) -> list[dict[str, Any]]:
    """One row per country with a national plan in `plans`: its most recent plan's status."""
    lang = content_language()
    rows = (
        plans.filter(scope=Scope.NATIONAL)
        .order_by("owner__country__code", "-period_start", "-pk")
        .values(
            "pk",
            "status",
            "owner__country__code",
            "owner__country__m49",
            f"owner__country__name_{lang}",
        )
    )
    labels = dict(Status.choices)
    by_country: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = row["owner__country__code"]
        if code in by_country:
            by_country[code]["plans"] += 1
            continue
        by_country[code] = {
            "iso3": code,
            "m49": row["owner__country__m49"],
            "name": row[f"owner__country__name_{lang}"],
            "status": row["status"],
            "status_label": str(labels[row["status"]]),
            "plan": row["pk"],
            "plans": 1,
        }
    return sorted(by_country.values(), key=lambda r: r["name"])


@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    form = RegistryFilterForm(request.GET or None, user=request.user)
    plans = form.filter(Plan.objects.visible_to(request.user))
    page = Paginator(plans.for_listing().order_by("-period_start", "code"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "map_rows": _map_rows(plans),
        "statuses": Status.choices,
        "query": query.urlencode(),
        "can_register": scope_of(request.user).has_anywhere(PLANS_WRITE),
    }
    is_htmx = getattr(request, "htmx", False)
    template = "plans/registry.html#results" if is_htmx else "plans/registry.html"
    return render(request, template, context)


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk)
    can_write = can(request.user, PLANS_WRITE, plan)
    show_history = can_write or AUDIT_READ in scope_of(request.user).everywhere
    context = {
        "plan": plan,
        "can_write": can_write,
        "can_approve": can(request.user, PLANS_APPROVE, plan),
        "status_form": StatusChangeForm(plan=plan) if can_write and plan.next_statuses() else None,
        "translations": _translations(plan),
        "subnational_plans": plan.subnational_plans.visible_to(request.user).select_related(
            "owner__country"
        ),
        "history": _history(plan) if show_history else None,
        "approval": _approval(request.user, plan),
        "process": process_summary(plan),
    }
    return render(request, "plans/detail.html", context)


def _approval(user: Any, plan: Plan) -> dict[str, Any] | None:
    """What the page says about the plan's validation: who submitted, who approved, who may."""
    if plan.status != Status.VALIDATION:
        return None
    own = plan.submitted_by_id == user.pk
    return {
        "own_submission": own,
        "can_approve": plan.approved_by_id is None and not own and can(user, PLANS_APPROVE, plan),
    }


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk, need=PLANS_APPROVE)
    try:
        actions.plan_approve(
            plan=plan,
            by=request.user,
            expected_version=posted_version(request),
            rationale=request.POST.get("rationale", "")[:2000],
        )
    except ConflictError:
        messages.error(
            request, _("Someone else changed this plan first. Check its status and try again.")
        )
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", None) or [str(error)]:
            messages.error(request, message)
    else:
        messages.success(request, _("The plan is approved; it can now be adopted."))
    return redirect("plans:detail", pk=plan.pk)


def _history(plan: Plan) -> list[dict[str, Any]]:
    """The plan's latest audit events, with the changed fields named as the form names them."""
    events = AuditEvent.objects.filter(object_type="plans.plan", object_id=str(plan.pk)).order_by(
        "-sequence"
    )
    rows = []
    for event in events[:20]:
        changed = [] if event.action == "plan.create" else list((event.after or {}).keys())
        rows.append({"event": event, "fields": [_field_label(name) for name in changed]})
    return rows


def _field_label(name: str) -> str:
    try:
        field = Plan._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def _translations(plan: Plan) -> list[dict[str, Any]]:
    titles = texts_of(plan.title)
    return [
        {"language": code, "title": titles[code], "provenance": provenance_of(plan.title, code)}
        for code in UN_LANGUAGES
        if code in titles
    ]


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).has_anywhere(PLANS_WRITE):
        raise PermissionDenied(PLANS_WRITE)
    form = PlanForm(
        request.POST or None, user=request.user, initial={"original_language": content_language()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.plan_create(
                by=request.user, data=form.to_input(), status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The plan was registered."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/form.html", {"form": form, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk, need=PLANS_WRITE)
    form = PlanForm(
        request.POST or None, user=request.user, plan=plan, initial=PlanForm.initial_from(plan)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.plan_update(
                plan=plan,
                by=request.user,
                data=form.to_input(),
                expected_version=posted_version(request),
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else changed this plan while you were editing. Here it is as it is now."
                ),
            )
            return redirect("plans:edit", pk=plan.pk)
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_change_status(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk, need=PLANS_WRITE)
    form = StatusChangeForm(request.POST, plan=plan)
    if form.is_valid():
        data = form.cleaned_data
        adoption = None
        if data["to"] == Status.ADOPTED:
            adoption = actions.AdoptionRecord(
                body=data["adoption_body"],
                date=data["adoption_date"],
                instrument=data["adoption_instrument"],
            )
        try:
            actions.plan_change_status(
                plan=plan,
                by=request.user,
                to=data["to"],
                expected_version=posted_version(request),
                rationale=data["rationale"],
                adoption=adoption,
            )
        except ConflictError:
            messages.error(
                request, _("Someone else changed this plan first. Check its status and try again.")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The status was changed."))
    else:
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, str(text))
    return redirect("plans:detail", pk=plan.pk)
