"""Coordination groups: the list (the user's groups first), a group's page (members, meetings,
decisions, action items), the group form and its members. Meetings and decisions are in
views_meetings.py, action items in views_items.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pveplan.coordination import actions, queries
from pveplan.coordination.audiences import group_url
from pveplan.coordination.forms import ITEM_FILTERS, GroupForm, MemberForm, add_errors
from pveplan.coordination.models import CoordinationGroup, GroupKind, ItemStatus
from pveplan.coordination.permissions import (
    access_group,
    access_member,
    is_owner,
    may_create_anywhere,
    may_manage,
)
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import COORDINATION_MANAGE

GROUP_PAGE = "coordination/group.html"


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def conflict_notice() -> str:
    return _(
        "Someone else changed this while you were looking at it. Nothing was saved; "
        "here it is as it is now."
    )


@login_required
@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in GroupKind.values:
        kind = ""
    groups = list(queries.group_list(request.user, kind))
    context = {
        "groups": groups,
        "mine": [g for g in groups if getattr(g, "is_mine", False)],
        "others": [g for g in groups if not getattr(g, "is_mine", False)],
        "kinds": GroupKind.choices,
        "chosen_kind": kind,
        "can_create": may_create_anywhere(request.user),
    }
    return render(request, "coordination/list.html", context)


def items_context(request: HttpRequest, group: CoordinationGroup, chosen: str) -> dict[str, Any]:
    """What the action items table needs (also re-rendered alone by htmx)."""
    if chosen not in dict(ITEM_FILTERS):
        chosen = ""
    items, counts = queries.items_of(group, request.user, chosen)
    manager = may_manage(request.user, group)
    for item in items:
        item.can_set_status = manager or is_owner(request.user, item)  # type: ignore[attr-defined]
    return {
        "group": group,
        "items": items,
        "filters": [(value, label, counts.get(value, 0)) for value, label in ITEM_FILTERS],
        "chosen": chosen,
        "statuses": ItemStatus.choices,
        "can_manage": manager,
    }


@login_required
@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = access_group(request.user, pk)
    chosen = request.GET.get("items", "")
    context = items_context(request, group, chosen)
    if is_htmx(request):
        response = render(request, f"{GROUP_PAGE}#items", context)
    else:
        context.update(
            members=queries.members_of(group),
            meetings=queries.meetings_of(group),
            decisions=queries.decisions_of(group),
        )
        response = render(request, GROUP_PAGE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    if not may_create_anywhere(request.user):
        raise PermissionDenied(COORDINATION_MANAGE)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = actions.group_create(by=request.user, data=form.to_input())
        except ValidationError as error:
            add_errors(error, form)
        except PermissionDenied:
            form.add_error(None, _("You cannot set up a group in this country or region."))
        else:
            messages.success(request, _("The group was set up."))
            return HttpResponseRedirect(group_url(group))
    return render(request, "coordination/group_form.html", {"form": form, "group": None})


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = access_group(request.user, pk, need=COORDINATION_MANAGE)
    if request.method == "GET":
        form = GroupForm(initial=GroupForm.initial_from(group))
        version = group.version
    else:
        form = GroupForm(request.POST)
        version = posted_version(request)
        if form.is_valid():
            data = form.to_input()
            try:
                actions.group_update(
                    group=group, by=request.user, data=data, expected_version=version
                )
            except ValidationError as error:
                add_errors(error, form)
            except ConflictError:
                form.add_error(None, conflict_notice())
                version = group.version
            except PermissionDenied:
                form.add_error(None, _("You cannot move the group to this country or region."))
            else:
                messages.success(request, _("The group was saved."))
                return HttpResponseRedirect(group_url(group))
    context = {"form": form, "group": group, "version": version}
    return render(request, "coordination/group_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = access_group(request.user, pk, need=COORDINATION_MANAGE)
    form = MemberForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.member_add(
                group=group,
                by=request.user,
                organization=data.get("organization"),
                user=data.get("user"),
                role=data["role"],
            )
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(request, _("The member was added."))
            return HttpResponseRedirect(group_url(group, "members"))
    return render(request, "coordination/member_form.html", {"form": form, "group": group})


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = access_member(request.user, pk, need=COORDINATION_MANAGE)
    try:
        actions.member_remove(
            member=member, by=request.user, expected_version=posted_version(request)
        )
    except ConflictError:
        messages.error(request, conflict_notice())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(member)s left the group.") % {"member": member.label})
    return HttpResponseRedirect(group_url(member.group, "members"))
