"""Action items: the form, and the status change from the group's table (in place with htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from pveplan.coordination import actions
from pveplan.coordination.audiences import group_url
from pveplan.coordination.forms import ItemForm, ItemStatusForm, add_errors
from pveplan.coordination.permissions import access_group, access_item, may_set_status
from pveplan.coordination.views import (
    GROUP_PAGE,
    conflict_notice,
    is_htmx,
    items_context,
)
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import COORDINATION_MANAGE


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = access_group(request.user, pk, need=COORDINATION_MANAGE)
    initial = {}
    decision = request.GET.get("decision", "")
    if decision.isdigit():
        initial["decision"] = int(decision)
    form = ItemForm(request.POST or None, user=request.user, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.action_item_create(group=group, by=request.user, data=form.to_input())
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(request, _("The action item was added."))
            return HttpResponseRedirect(group_url(group, f"item-{item.pk}"))
    context = {"form": form, "group": group, "item": None}
    return render(request, "coordination/item_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_item(request.user, pk, need=COORDINATION_MANAGE)
    group = item.group
    if request.method == "GET":
        form = ItemForm(
            user=request.user, group=group, item=item, initial=ItemForm.initial_from(item)
        )
        version = item.version
    else:
        form = ItemForm(request.POST, user=request.user, group=group, item=item)
        version = posted_version(request)
        if form.is_valid():
            try:
                actions.action_item_update(
                    item=item, by=request.user, data=form.to_input(), expected_version=version
                )
            except ValidationError as error:
                add_errors(error, form)
            except ConflictError:
                form.add_error(None, conflict_notice())
                version = item.version
            else:
                messages.success(request, _("The action item was saved."))
                return HttpResponseRedirect(group_url(group, f"item-{item.pk}"))
    context = {"form": form, "group": group, "item": item, "version": version}
    return render(request, "coordination/item_form.html", context)


@login_required
@require_POST
def item_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an item along (its group's managers and its owner). htmx: the fresh table, under the
    filter the user had; otherwise back to the group's page."""
    item = access_item(request.user, pk)
    if not may_set_status(request.user, item):
        raise PermissionDenied(COORDINATION_MANAGE)
    form = ItemStatusForm(request.POST)
    notice, failed = _("The status was saved."), False
    if not form.is_valid():
        notice, failed = _("Choose a status."), True
    else:
        try:
            actions.action_item_set_status(
                item=item,
                by=request.user,
                status=form.cleaned_data["status"],
                expected_version=posted_version(request),
            )
        except ConflictError:
            notice, failed = conflict_notice(), True
    if is_htmx(request):
        context = items_context(request, item.group, request.POST.get("items", ""))
        context.update(notice=notice, notice_failed=failed)
        response = render(request, f"{GROUP_PAGE}#items", context)
        return reswap(retarget(response, "#items"), "outerHTML")
    (messages.error if failed else messages.success)(request, notice)
    return HttpResponseRedirect(group_url(item.group, f"item-{item.pk}"))
