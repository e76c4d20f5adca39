"""Published versions of a plan: the list and the publish form, one frozen version, two versions
side by side; and the plans whose review is due."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pveplan.core.i18n import LANGUAGE_NAMES, Shown, pick, texts_of
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans import actions
from pveplan.plans.forms import add_action_errors
from pveplan.plans.forms_versions import PublishVersionForm
from pveplan.plans.models import (
    DEFAULT_TIERS,
    MAX_LEVEL,
    NodeStatus,
    Plan,
    PlanNode,
    Scope,
    Sensitivity,
    Status,
)
from pveplan.plans.permissions import access_plan, access_version, can
from pveplan.plans.snapshots import plan_snapshot
from pveplan.plans.versions import FieldChange, Move, Node, NodeComparison, compare, tree_order
from pveplan.taxonomy.models import PriorityArea

# A plan appears on the review list this many days before its next review date.
REVIEW_WINDOW_DAYS = 90
CURRENT = "current"
# Labels of coded snapshot values, per field name.
Choices = dict[str, dict[str, Any]]


def _versions_page(
    request: HttpRequest, plan: Plan, form: PublishVersionForm | None
) -> HttpResponse:
    versions = list(plan.versions.select_related("published_by").order_by("-number"))
    context = {"plan": plan, "versions": versions, "form": form}
    return render(request, "plans/versions/list.html", context)


@require_GET
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk)
    form = PublishVersionForm() if can(request.user, PLANS_WRITE, plan) else None
    return _versions_page(request, plan, form)


@login_required
@require_POST
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk, need=PLANS_WRITE)
    form = PublishVersionForm(request.POST)
    if form.is_valid():
        try:
            version = actions.plan_publish_version(
                plan=plan,
                by=request.user,
                reason=form.cleaned_data["reason"],
                reason_text=form.cleaned_data["reason_text"],
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(
                request, _("Version %(number)s was published.") % {"number": version.number}
            )
            return redirect("plans:version_detail", pk=plan.pk, number=version.number)
    return _versions_page(request, plan, form)


@require_GET
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = access_plan(request.user, pk)
    version = access_version(request.user, plan.pk, number)
    facts = version.snapshot.get("plan", {})
    original = facts.get("original_language")
    rows = [
        {
            "depth": depth,
            "code": node.get("code", ""),
            "tier": _tier_name(facts.get("tier_names"), int(node.get("level", 1))),
            "text": _shown(node.get("text"), original),
            "rationale": _shown(node.get("rationale"), original),
            "status": _display("status", node.get("status"), _NODE_CHOICES),
        }
        for node, depth in tree_order(version.nodes())
    ]
    context = {
        "plan": plan,
        "version": version,
        "facts": _facts(facts, plan),
        "title": _shown(facts.get("title"), original),
        "summary": _shown(facts.get("summary"), original),
        "rows": rows,
    }
    return render(request, "plans/versions/detail.html", context)


@require_GET
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk)
    numbers = list(plan.versions.order_by("-number").values_list("number", flat=True))
    context: dict[str, Any] = {"plan": plan, "numbers": numbers, "current": CURRENT}
    if not numbers:
        return render(request, "plans/versions/compare.html", context)
    # The last two versions; with only one, that version and the current draft.
    default_from = str(numbers[1] if len(numbers) > 1 else numbers[0])
    default_to = str(numbers[0]) if len(numbers) > 1 else CURRENT
    from_key = request.GET.get("from") or default_from
    to_key = request.GET.get("to") or default_to
    old, old_label, old_facts = _side(request.user, plan, from_key)
    new, new_label, new_facts = _side(request.user, plan, to_key)
    comparison = compare(old, new)
    context.update(
        {
            "from_key": from_key,
            "to_key": to_key,
            "from_label": old_label,
            "to_label": new_label,
            "only_changes": request.GET.get("changes") == "1",
            "comparison": comparison,
            "plan_changes": [_change(c, Plan, _PLAN_CHOICES) for c in comparison.plan_changes],
            "rows": [_row(n, old, new, old_facts, new_facts) for n in comparison.nodes],
            "counts": {
                "added": len(comparison.added),
                "removed": len(comparison.removed),
                "moved": len(comparison.moved),
                "changed": len(comparison.changed),
            },
        }
    )
    return render(request, "plans/versions/compare.html", context)


@require_GET
def reviews_due(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_WINDOW_DAYS)
    plans = (
        Plan.objects.visible_to(request.user)
        .filter(next_review_date__isnull=False, next_review_date__lte=horizon)
        # A superseded or expired plan is no longer reviewed; its successor is.
        .exclude(status__in=[Status.SUPERSEDED, Status.EXPIRED])
        .for_listing()
        .order_by("next_review_date", "code")
    )
    rows = []
    for plan in plans:
        assert plan.next_review_date is not None
        days = (plan.next_review_date - today).days
        rows.append({"plan": plan, "overdue": days < 0, "days": abs(days)})
    context = {"rows": rows, "today": today, "window": REVIEW_WINDOW_DAYS}
    return render(request, "plans/versions/reviews_due.html", context)


# Comparing: each side is a published version or the current draft.


def _side(user: Any, plan: Plan, key: str) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """A snapshot to compare, its label and its plan facts; 404 for an unknown version."""
    if key == CURRENT:
        snapshot = plan_snapshot(plan)
        return snapshot, _("Current draft"), snapshot["plan"]
    if not key.isdigit():
        raise Http404("No plan version found")
    version = access_version(user, plan.pk, int(key))
    label = _("Version %(number)s") % {"number": version.number}
    return version.snapshot, label, version.snapshot.get("plan", {})


def _row(
    node: NodeComparison,
    old: dict[str, Any],
    new: dict[str, Any],
    old_facts: dict[str, Any],
    new_facts: dict[str, Any],
) -> dict[str, Any]:
    return {
        "node": node,
        "before": _node_view(node.before, old_facts),
        "after": _node_view(node.after, new_facts),
        "move": _move_view(node.move, old, new) if node.move else None,
        "changes": [_change(c, PlanNode, _NODE_CHOICES) for c in node.changes],
    }


def _node_view(node: Node | None, facts: dict[str, Any]) -> dict[str, Any] | None:
    if node is None:
        return None
    level = int(node.get("level", 1))
    return {
        "depth": level - 1,
        "code": node.get("code", ""),
        "tier": _tier_name(facts.get("tier_names"), level),
        "text": _shown(node.get("text"), facts.get("original_language")),
    }


def _move_view(move: Move, old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    return {
        "before": _place(move.parent_before, move.position_before, old),
        "after": _place(move.parent_after, move.position_after, new),
    }


def _place(parent_id: int | None, position: int, snapshot: dict[str, Any]) -> str:
    if parent_id is None:
        return _("top tier, position %(position)s") % {"position": position + 1}
    parent = next((n for n in snapshot.get("nodes", []) if n["id"] == parent_id), None)
    name = ""
    if parent is not None:
        original = snapshot.get("plan", {}).get("original_language")
        name = parent.get("code") or _shown(parent.get("text"), original).text
    return _("under %(parent)s, position %(position)s") % {
        "parent": name or "—",
        "position": position + 1,
    }


def _change(change: FieldChange, model: type[models.Model], choices: Choices) -> dict[str, Any]:
    return {
        "field": change.field,
        "label": _label(model, change.field),
        "multilingual": change.is_multilingual,
        "texts": [
            {
                "language": t.language,
                "before": t.before,
                "after": t.after,
                "text_changed": t.text_changed,
                "before_provenance": _provenance(t.before_provenance),
                "after_provenance": _provenance(t.after_provenance),
            }
            for t in change.texts
        ],
        "before": _display(change.field, change.before, choices),
        "after": _display(change.field, change.after, choices),
        "items_added": change.items_added,
        "items_removed": change.items_removed,
    }


# Displaying snapshot values.

# Labels of coded values, per field; lazy, so they are translated when shown.
_NODE_CHOICES: Choices = {"status": dict(NodeStatus.choices)}
_PLAN_CHOICES: Choices = {
    "status": dict(Status.choices),
    "scope": dict(Scope.choices),
    "sensitivity": dict(Sensitivity.choices),
    "original_language": dict(LANGUAGE_NAMES),
}


def _label(model: type[models.Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return capfirst(str(getattr(field, "verbose_name", name)))


def _display(name: str, value: Any, choices: Choices) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in choices:
        return str(choices[name].get(str(value), value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _provenance(value: str | None) -> str:
    labels = {
        "original": _("original"),
        "translated": _("translation"),
        "verified": _("verified translation"),
    }
    return labels.get(value or "", "")


def _shown(value: Any, original: str | None) -> Shown:
    return pick(texts_of(value), original=original)


def _tier_name(tier_names: Any, level: int) -> str:
    """The plan's own name for a tier in the user's language, else the default name."""
    if isinstance(tier_names, list) and 0 < level <= len(tier_names):
        entry = tier_names[level - 1]
        if isinstance(entry, str) and entry.strip():
            return entry
        if isinstance(entry, dict):
            texts = texts_of(entry) or {k: v for k, v in entry.items() if isinstance(v, str)}
            if pick(texts).text:
                return pick(texts).text
    return str(DEFAULT_TIERS[level - 1]) if 0 < level <= MAX_LEVEL else ""


def _facts(facts: dict[str, Any], plan: Plan) -> list[dict[str, str]]:
    """The frozen registry facts worth showing, labelled as the plan form labels them. Stored
    codes are shown with today's labels of those codes (codes are stable, labels may improve)."""
    names = [
        "code",
        "scope",
        "status",
        "sensitivity",
        "original_language",
        "period_start",
        "period_end",
        "adoption_body",
        "adoption_date",
        "adoption_instrument",
        "owner",
        "priority_areas",
    ]
    shown = {name: _display(name, facts.get(name), _PLAN_CHOICES) for name in names}
    if facts.get("owner") == plan.owner.code:
        shown["owner"] = plan.owner.label
    codes = facts.get("priority_areas") or []
    if codes:
        areas = {
            a.code: f"{a.number}. {a.label}" for a in PriorityArea.objects.filter(code__in=codes)
        }
        shown["priority_areas"] = "; ".join(areas.get(code, code) for code in codes)
    return [{"label": _label(Plan, name), "value": shown[name]} for name in names if name in facts]
