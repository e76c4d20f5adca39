"""A plan's legal framework (what it relies on, what it must change) and, on each plan node, its
links to instruments: add, change and remove them.

The node page answers a whole page to a normal request and its `links` partial to an htmx
request, so it works with and without JavaScript.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import PLANS_WRITE
from pveplan.instruments import actions
from pveplan.instruments.forms import LinkEditForm, LinkForm, add_action_errors
from pveplan.instruments.models import LegalInstrument, NodeInstrumentLink
from pveplan.instruments.permissions import (
    access_link,
    access_node_links,
    access_registry,
    can_in_registry,
)
from pveplan.instruments.queries import framework_for, linkable_instruments, ordered_nodes
from pveplan.plans.models import PlanNode, Scope

NODE_PAGE = "instruments/node.html"


@login_required
@require_GET
def framework(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan `pk`'s legal framework: every linked node, grouped by what the plan does with the
    instrument (relies on it; must change it)."""
    plan, owner = access_registry(request.user, pk)
    rows = framework_for(plan, request.user)
    can_write = can_in_registry(request.user, PLANS_WRITE, plan.owner)
    linked: Counter[int] = Counter(row.node.pk for row in rows)
    context = {
        "plan": plan,
        "owner": owner,
        "relies_on": [row for row in rows if not row.must_change],
        "must_change": [row for row in rows if row.must_change],
        "instrument_count": len({row.instrument.pk for row in rows}),
        "is_regional": plan.scope == Scope.REGIONAL,
        "can_write": can_write,
        # Writers link instruments from here: every item, with how many links it has.
        "items": [(node, linked[node.pk]) for node in ordered_nodes(plan)] if can_write else [],
    }
    return render(request, "instruments/framework.html", context)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _node_links(node: PlanNode, user: Any) -> list[NodeInstrumentLink]:
    links = (
        NodeInstrumentLink.objects.filter(
            node=node, instrument__in=LegalInstrument.objects.visible_to(user)
        )
        .select_related("instrument__owner__country", "instrument__owner__regional_organization")
        .order_by("pk")
    )
    return list(links)


def _render_node(
    request: HttpRequest,
    node: PlanNode,
    *,
    add_form: LinkForm | None = None,
    bound: dict[int, LinkEditForm] | None = None,
    notice: str = "",
    failed: bool = False,
) -> HttpResponse:
    """The node's links, each with its edit form when the user may write, and the add form."""
    plan = node.plan
    can_write = can_in_registry(request.user, PLANS_WRITE, plan.owner)
    links = _node_links(node, request.user)
    rows = []
    for link in links:
        form = None
        if can_write:
            form = (bound or {}).get(link.pk) or LinkEditForm(
                initial={"harmonization": link.harmonization, "note": link.note},
                auto_id=f"id_link{link.pk}_%s",
            )
        rows.append({"link": link, "form": form})
    if can_write and add_form is None:
        add_form = _add_form(request, node, links, data=None)
    context = {
        "plan": plan,
        "node": node,
        "rows": rows,
        "add_form": add_form if can_write else None,
        "can_write": can_write,
        "notice": notice,
        "notice_failed": failed,
    }
    template = f"{NODE_PAGE}#links" if _is_htmx(request) else NODE_PAGE
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _add_form(
    request: HttpRequest, node: PlanNode, links: list[NodeInstrumentLink], data: Any
) -> LinkForm:
    candidates = (
        linkable_instruments(node.plan, request.user)
        .exclude(pk__in=[link.instrument_id for link in links])
        .order_by("owner__kind", "owner__country__name_en", "type", "pk")
    )
    home = node.plan.owner
    return LinkForm(
        data,
        candidates=candidates,
        home_owner_id=home.pk,
        auto_id="id_new_%s",
    )


def _after_write(request: HttpRequest, node: PlanNode, notice: str, failed: bool) -> HttpResponse:
    """htmx: the fresh list with the notice. Otherwise: a message, back to the node's page."""
    if _is_htmx(request):
        return _render_node(request, node, notice=notice, failed=failed)
    (messages.error if failed else messages.success)(request, notice)
    return HttpResponseRedirect(reverse("instruments:node", kwargs={"pk": node.pk}))


@login_required
@require_http_methods(["GET", "POST"])
def node_instruments(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the node's links to instruments; POST: link it to one more."""
    if request.method == "GET":
        return _render_node(request, access_node_links(request.user, pk))
    node = access_node_links(request.user, pk, need=PLANS_WRITE)
    form = _add_form(request, node, _node_links(node, request.user), data=request.POST)
    if form.is_valid():
        try:
            actions.node_instrument_link(
                node=node,
                instrument=form.cleaned_data["instrument"],
                by=request.user,
                harmonization=form.cleaned_data["harmonization"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            return _after_write(request, node, _("The instrument was linked."), failed=False)
    return _render_node(request, node, add_form=form)


@login_required
@require_POST
def link_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a link's harmonization and note."""
    link = access_link(request.user, pk, need=PLANS_WRITE)
    node = link.node
    form = LinkEditForm(request.POST, auto_id=f"id_link{link.pk}_%s")
    if form.is_valid():
        try:
            actions.node_instrument_update(
                link=link,
                by=request.user,
                harmonization=form.cleaned_data["harmonization"],
                note=form.cleaned_data["note"],
                expected_version=posted_version(request),
            )
        except ConflictError:
            return _after_write(request, node, _conflict(), failed=True)
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            return _after_write(request, node, _("The link was saved."), failed=False)
    return _render_node(request, node, bound={link.pk: form})


@login_required
@require_POST
def link_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a link between a plan node and an instrument."""
    link = access_link(request.user, pk, need=PLANS_WRITE)
    node = link.node
    try:
        actions.node_instrument_unlink(
            link=link, by=request.user, expected_version=posted_version(request)
        )
    except ConflictError:
        return _after_write(request, node, _conflict(), failed=True)
    return _after_write(request, node, _("The link was removed."), failed=False)


def _conflict() -> str:
    return _("Someone else changed this link first. Nothing was changed; here it is as it is now.")
