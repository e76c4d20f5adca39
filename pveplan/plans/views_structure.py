"""The structure editor: a plan's tree of pillars, objectives and actions, edited in place.

Every view answers a whole page to a normal request and a template partial to an htmx request,
so the editor works without JavaScript (POST, then redirect) and without full reloads with it.
Writes answer htmx with the re-rendered tree, retargeted over the old one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from pveplan.consultations.queries import inputs_by_node
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.i18n import UN_LANGUAGES, pick
from pveplan.core.permissions import PLANS_WRITE
from pveplan.documents.queries import sources_by_node
from pveplan.instruments.queries import links_by_node
from pveplan.plans import actions, ddr
from pveplan.plans.forms import add_action_errors
from pveplan.plans.forms_structure import MOVE_DIRECTIONS, NodeForm
from pveplan.plans.models import DEFAULT_TIERS, MAX_LEVEL, Plan, PlanNode
from pveplan.plans.permissions import access_node, access_plan, can

PAGE = "plans/structure/page.html"
FORM = "plans/structure/form.html"
DELETE = "plans/structure/delete.html"
TREE_ID = "#structure-tree"


@dataclass
class Row:
    """One node as the tree shows it, with what its move buttons may do."""

    node: PlanNode
    tier: str
    child_tier: str | None
    is_first: bool = True
    is_last: bool = True
    children: list[Row] = field(default_factory=list)
    # Unanswered or unsafe IDDRS safeguard answers of a DDR-linked node (None when not linked).
    ddr_open: int | None = None
    # Legal instruments the node relies on or must change, and consultation inputs about it.
    instruments: list[Any] = field(default_factory=list)
    # The document segment the node was made from, when the reader may see the document.
    source: Any = None
    inputs: list[Any] = field(default_factory=list)

    @property
    def can_indent(self) -> bool:
        # It becomes the last child of its previous sibling, one tier down.
        return not self.is_first and self.node.level < MAX_LEVEL

    @property
    def can_outdent(self) -> bool:
        return self.node.level > 1


def tier_names(plan: Plan) -> list[str]:
    """The name of each tier, top first: the plan's own (a text or texts per language per
    tier) where it names one, else the defaults."""
    names = [str(name) for name in DEFAULT_TIERS]
    custom = plan.tier_names if isinstance(plan.tier_names, list) else []
    for index, entry in enumerate(custom[:MAX_LEVEL]):
        text = ""
        if isinstance(entry, str):
            text = entry
        elif isinstance(entry, dict):
            texts = {
                code: str(value.get("text", "") if isinstance(value, dict) else value)
                for code, value in entry.items()
                if code in UN_LANGUAGES
            }
            text = pick(texts, original=plan.original_language).text
        if text.strip():
            names[index] = text.strip()
    return names


def _tree(plan: Plan, user: Any) -> tuple[list[Row], list[tuple[str, int]]]:
    """The plan's nodes as nested rows, and how many nodes each tier has, in constant queries.

    Links between national and regional actions show only the other side's nodes `user` sees.
    """
    linked = PlanNode.objects.filter(plan__in=Plan.objects.visible_to(user)).select_related("plan")
    nodes = (
        PlanNode.objects.filter(plan=plan)
        .for_tree()
        .prefetch_related(
            Prefetch("contributes_to", queryset=linked),
            Prefetch("contributions", queryset=linked),
        )
    )
    tiers = tier_names(plan)
    rows_by_parent: dict[int | None, list[Row]] = defaultdict(list)
    counts: Counter[int] = Counter()
    # for_tree orders by level, so a parent's row exists before its children's.
    instruments = links_by_node(plan, user)
    inputs = inputs_by_node(plan)
    sources = sources_by_node(plan, user)
    for node in nodes:
        node.plan = plan  # shown_text reads the plan's original language; spare a query a node
        counts[node.level] += 1
        row = Row(
            node=node,
            tier=tiers[node.level - 1],
            child_tier=tiers[node.level] if node.level < MAX_LEVEL else None,
            ddr_open=ddr.open_safeguards(node.ddr_safeguards) if node.is_ddr_related else None,
            instruments=instruments.get(node.pk, []),
            inputs=inputs.get(node.pk, []),
            source=sources.get(node.pk),
        )
        rows_by_parent[node.parent_id].append(row)
    for siblings in rows_by_parent.values():
        for index, row in enumerate(siblings):
            row.is_first = index == 0
            row.is_last = index == len(siblings) - 1
            row.children = rows_by_parent.get(row.node.pk, [])
    summary = [(tiers[level - 1], counts[level]) for level in range(1, MAX_LEVEL + 1)]
    return rows_by_parent[None], summary


def _tree_context(request: HttpRequest, plan: Plan, notice: str = "", failed: bool = False) -> Any:
    rows, summary = _tree(plan, request.user)
    return {
        "plan": plan,
        "rows": rows,
        "summary": summary,
        "top_tier": tier_names(plan)[0],
        "can_write": can(request.user, PLANS_WRITE, plan),
        "notice": notice,
        "notice_failed": failed,
    }


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _structure_url(plan: Plan, node_pk: int | None = None) -> str:
    url = reverse("plans:structure", kwargs={"pk": plan.pk})
    return f"{url}#node-{node_pk}" if node_pk else url


@require_GET
def structure(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk)
    template = f"{PAGE}#tree" if _is_htmx(request) else PAGE
    response = render(request, template, _tree_context(request, plan))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _after_write(
    request: HttpRequest,
    plan: Plan,
    notice: str,
    *,
    failed: bool = False,
    node_pk: int | None = None,
) -> HttpResponse:
    """htmx: the fresh tree over the old one, with the notice. Otherwise: back to the page."""
    if _is_htmx(request):
        # Reload the plan as the user may see it now: the tree is what they may read.
        fresh = access_plan(request.user, plan.pk)
        response = render(request, f"{PAGE}#tree", _tree_context(request, fresh, notice, failed))
        return reswap(retarget(response, TREE_ID), "outerHTML")
    (messages.error if failed else messages.success)(request, notice)
    return HttpResponseRedirect(_structure_url(plan, node_pk))


def _render_form(
    request: HttpRequest,
    *,
    plan: Plan,
    form: NodeForm,
    node: PlanNode | None,
    parent: PlanNode | None,
    version: int | str | None,
    notice: str = "",
) -> HttpResponse:
    tiers = tier_names(plan)
    level = node.level if node else (parent.level + 1 if parent else 1)
    if node is not None:
        action = reverse("plans:node_edit", kwargs={"pk": node.pk})
    else:
        action = reverse("plans:node_add", kwargs={"pk": plan.pk})
    context = {
        "plan": plan,
        "form": form,
        "node": node,
        "parent": parent,
        "tier": tiers[min(level, MAX_LEVEL) - 1],
        "version": version,
        "action": action,
        "notice": notice,
        "key": f"{node.pk}" if node else f"new-{parent.pk if parent else 'top'}",
    }
    return render(request, f"{FORM}#form" if _is_htmx(request) else FORM, context)


def _parent_from(request: HttpRequest, plan: Plan) -> PlanNode | None:
    raw = (request.POST if request.method == "POST" else request.GET).get("parent", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No plan node found")
    parent = access_node(request.user, int(raw), need=PLANS_WRITE)
    if parent.plan_id != plan.pk:
        raise Http404("No plan node found")
    return parent


@login_required
@require_http_methods(["GET", "POST"])
def node_add(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form for a new node (under `parent` if given); POST: add it."""
    plan = access_plan(request.user, pk, need=PLANS_WRITE)
    parent = _parent_from(request, plan)
    key = f"new-{parent.pk if parent else 'top'}"
    form = NodeForm(request.POST or None, plan=plan, auto_id=f"id_{key}_%s")
    if request.method == "POST" and form.is_valid():
        try:
            node = actions.node_add(plan=plan, by=request.user, parent=parent, data=form.to_input())
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            return _after_write(request, plan, _("The item was added."), node_pk=node.pk)
    return _render_form(request, plan=plan, form=form, node=None, parent=parent, version=None)


@login_required
@require_http_methods(["GET", "POST"])
def node_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form for a node; POST: save it, unless someone else changed it first."""
    node = access_node(request.user, pk, need=PLANS_WRITE)
    plan = node.plan
    auto_id = f"id_{node.pk}_%s"
    if request.method == "GET":
        form = NodeForm(plan=plan, initial=NodeForm.initial_from(node), auto_id=auto_id)
        return _render_form(
            request, plan=plan, form=form, node=node, parent=node.parent, version=node.version
        )
    form = NodeForm(request.POST, plan=plan, auto_id=auto_id)
    if form.is_valid():
        try:
            actions.node_update(
                node=node,
                by=request.user,
                data=form.to_input(),
                expected_version=posted_version(request),
            )
        except ConflictError:
            return _edit_conflict(request, node)
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            return _after_write(request, plan, _("The item was saved."), node_pk=node.pk)
    # Show the version the user started from, so a conflict is still noticed on the next try.
    return _render_form(
        request,
        plan=plan,
        form=form,
        node=node,
        parent=node.parent,
        version=request.POST.get("version", ""),
    )


def _edit_conflict(request: HttpRequest, node: PlanNode) -> HttpResponse:
    notice = _(
        "Someone else changed this item while you were editing. Nothing was saved; "
        "here it is as it is now. Make your change again."
    )
    if not _is_htmx(request):
        messages.error(request, notice)
        return HttpResponseRedirect(reverse("plans:node_edit", kwargs={"pk": node.pk}))
    current = access_node(request.user, node.pk, need=PLANS_WRITE)
    form = NodeForm(
        plan=current.plan, initial=NodeForm.initial_from(current), auto_id=f"id_{current.pk}_%s"
    )
    return _render_form(
        request,
        plan=current.plan,
        form=form,
        node=current,
        parent=current.parent,
        version=current.version,
        notice=notice,
    )


def _conflict_notice() -> str:
    return _(
        "Someone else changed this item first. Nothing was changed; here is the structure as it is now."
    )


@login_required
@require_http_methods(["GET", "POST"])
def node_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: ask to confirm (saying how many items go with it); POST: delete the node and its
    subtree."""
    node = access_node(request.user, pk, need=PLANS_WRITE)
    plan = node.plan
    if request.method == "GET":
        context = {
            "plan": plan,
            "node": node,
            "tier": tier_names(plan)[node.level - 1],
            "descendants": len(node.descendants()),
        }
        return render(request, f"{DELETE}#confirm" if _is_htmx(request) else DELETE, context)
    try:
        actions.node_delete(node=node, by=request.user, expected_version=posted_version(request))
    except ConflictError:
        return _after_write(request, plan, _conflict_notice(), failed=True, node_pk=node.pk)
    return _after_write(request, plan, _("The item was deleted."))


@login_required
@require_POST
def node_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a node up or down among its siblings, or indent or outdent it (with its subtree)."""
    node = access_node(request.user, pk, need=PLANS_WRITE)
    plan = node.plan
    try:
        parent, position = _move_target(node, request.POST.get("direction", ""))
        actions.node_move(
            node=node,
            by=request.user,
            parent=parent,
            position=position,
            expected_version=posted_version(request),
        )
    except ConflictError:
        return _after_write(request, plan, _conflict_notice(), failed=True, node_pk=node.pk)
    except ValidationError as error:
        return _after_write(request, plan, " ".join(error.messages), failed=True, node_pk=node.pk)
    return _after_write(request, plan, _("The item was moved."), node_pk=node.pk)


def _move_target(node: PlanNode, direction: str) -> tuple[PlanNode | None, int]:
    """The new parent and position for a move in `direction`; ValidationError if there is none."""
    if direction not in MOVE_DIRECTIONS:
        raise ValidationError(_("Choose up, down, indent or outdent."))
    siblings = list(
        PlanNode.objects.filter(plan_id=node.plan_id, parent_id=node.parent_id).order_by(
            "position", "pk"
        )
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
    if direction == "up":
        if index == 0:
            raise ValidationError(_("This item is already the first."))
        return node.parent, siblings[index - 1].position
    if direction == "down":
        if index == len(siblings) - 1:
            raise ValidationError(_("This item is already the last."))
        return node.parent, siblings[index + 1].position
    if direction == "indent":
        if index == 0:
            raise ValidationError(_("Only an item with an item before it can be indented."))
        new_parent = siblings[index - 1]
        return new_parent, PlanNode.objects.filter(parent=new_parent).count()
    if node.parent is None:
        raise ValidationError(_("An item of the top tier cannot be outdented."))
    grandparent = PlanNode.objects.get(pk=node.parent.parent_id) if node.parent.parent_id else None
    return grandparent, node.parent.position + 1
