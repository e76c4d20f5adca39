"""A node's IDDRS safeguard checklist and its links to regional actions (full-page forms)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans import ddr
from pveplan.plans.actions import links
from pveplan.plans.models import Plan, PlanNode
from pveplan.plans.permissions import access_node, can

CONFLICT = _("Someone else changed this item first. Check it and try again.")


@require_http_methods(["GET", "POST"])
def node_ddr(request: HttpRequest, pk: int) -> HttpResponse:
    """The IDDRS safeguard questions of a DDR-linked node, with the recorded answers."""
    need = PLANS_WRITE if request.method == "POST" else "plans:read"
    node = access_node(request.user, pk, need=need)
    plan = node.plan
    errors: dict[str, list[str]] = {}
    shown = node.ddr_safeguards
    if request.method == "POST":
        answers = {
            q.key: (
                request.POST.get(f"{q.key}-answer", ""),
                request.POST.get(f"{q.key}-note", "")[:2000],
            )
            for q in ddr.QUESTIONS
        }
        try:
            links.node_answer_ddr_safeguards(
                node=node,
                by=request.user,
                answers=answers,
                expected_version=posted_version(request),
            )
        except ConflictError:
            messages.error(request, CONFLICT)
        except ValidationError as error:
            errors = error.message_dict
            # Show what was posted, so nothing typed is lost.
            shown = {key: {"answer": a, "note": n} for key, (a, n) in answers.items()}
        else:
            messages.success(request, _("The safeguard answers were recorded."))
            return redirect("plans:node_ddr", pk=node.pk)
    return render(
        request,
        "plans/links/ddr.html",
        {
            "plan": plan,
            "node": node,
            "rows": ddr.safeguard_rows(shown),
            "answers": ddr.Answer.choices,
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "can_write": can(request.user, PLANS_WRITE, plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def node_regional(request: HttpRequest, pk: int) -> HttpResponse:
    """The regional actions a national action contributes to: link and unlink."""
    node = access_node(request.user, pk, need=PLANS_WRITE)
    plan = node.plan
    candidates = links.regional_candidates(node, request.user)
    if request.method == "POST":
        chosen = next(
            (c for c in candidates if str(c.pk) == request.POST.get("regional", "")), None
        )
        unlink = request.POST.get("action") == "unlink"
        try:
            if chosen is None:
                raise ValidationError(_("Choose a regional action."))
            operation = links.node_unlink_regional if unlink else links.node_link_regional
            operation(
                node=node,
                by=request.user,
                regional=chosen,
                expected_version=posted_version(request),
            )
        except ConflictError:
            messages.error(request, CONFLICT)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("The link was removed.") if unlink else _("The link was added.")
            )
        return redirect("plans:node_regional", pk=node.pk)
    linked = set(node.contributes_to.values_list("pk", flat=True))
    plans: dict[Plan, list[tuple[PlanNode, bool]]] = {}
    for candidate in candidates:
        plans.setdefault(candidate.plan, []).append((candidate, candidate.pk in linked))
    return render(
        request,
        "plans/links/regional.html",
        {"plan": plan, "node": node, "regional_plans": list(plans.items())},
    )
