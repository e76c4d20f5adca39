"""Needs: the list, writing one directly, a need's page and its edit form.

Needs made from gaps come from the gap report (views_report.need_from_gap). Like assessments,
needs are loaded only through `access_need`: 404 outside the owner's team, 403 without the right.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pveplan.accounts.permissions import scope_of
from pveplan.assessments import actions
from pveplan.assessments.forms import NeedFilterForm, NeedForm, add_action_errors, owners_among
from pveplan.assessments.models import Need
from pveplan.assessments.permissions import access_need, holds
from pveplan.core.errors import ConflictError
from pveplan.core.permissions import ASSESSMENTS_WRITE

PAGE_SIZE = 50


def _need_url(need: Need) -> str:
    return reverse("assessments:need_detail", kwargs={"pk": need.pk})


@login_required
@require_GET
def need_list(request: HttpRequest) -> HttpResponse:
    visible = Need.objects.visible_to(request.user)
    form = NeedFilterForm(request.GET or None, owners=owners_among(visible))
    page = Paginator(form.filter(visible.for_listing()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_create": scope_of(request.user).has_anywhere(ASSESSMENTS_WRITE),
    }
    is_htmx = bool(getattr(request, "htmx", False))
    template = "assessments/needs.html#results" if is_htmx else "assessments/needs.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).has_anywhere(ASSESSMENTS_WRITE):
        raise PermissionDenied(ASSESSMENTS_WRITE)
    form = NeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            need = actions.need_create(by=request.user, data=form.to_input())
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The need was recorded."))
            return HttpResponseRedirect(_need_url(need))
    return render(request, "assessments/need_form.html", {"form": form, "need": None})


@login_required
@require_GET
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = access_need(request.user, pk)
    context = {"need": need, "can_write": holds(request.user, ASSESSMENTS_WRITE, need.owner)}
    return render(request, "assessments/need_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = access_need(request.user, pk, need=ASSESSMENTS_WRITE)
    form = NeedForm(request.POST or None, user=request.user, need=need)
    version = request.POST.get("version", need.version)
    if request.method == "POST" and form.is_valid():
        try:
            actions.need_update(
                need=need,
                by=request.user,
                data=form.to_input(),
                expected_version=int(version) if str(version).isdigit() else -1,
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else changed this need while you were editing. Nothing was saved; "
                    "here it is as it is now."
                ),
            )
            return HttpResponseRedirect(reverse("assessments:need_edit", kwargs={"pk": need.pk}))
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The need was saved."))
            return HttpResponseRedirect(_need_url(need))
    return render(
        request, "assessments/need_form.html", {"form": form, "need": need, "version": version}
    )
