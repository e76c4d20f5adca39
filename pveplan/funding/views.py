"""The funding overview: totals in USD, balances per donor and per country as at a date, the
contributions (or, for a country's team, the allocations) the user may see; and its XLSX.

Every page needs an account and shows only what `permissions` lets the user see: a signed-in
user with nothing to see gets an empty overview, not an error. The date filter updates the
report in place with htmx (the view answers the fragment) and works without JavaScript.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_GET

from pveplan.core import audit
from pveplan.funding import balances, xlsx
from pveplan.funding.forms import ReportDateForm
from pveplan.funding.permissions import (
    is_manager,
    sees_contributions,
    visible_allocations,
    visible_contributions,
)

PAGE_SIZE = 50


def report_date(request: HttpRequest) -> tuple[ReportDateForm, datetime.date]:
    """The report date asked for in the query string (today by default), and its form."""
    form = ReportDateForm(request.GET if request.GET.get("on") else None)
    return form, form.report_date()


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _listing(request: HttpRequest) -> dict[str, Any]:
    """The contributions the user sees (managers, funders), else the allocations to their
    country or organization; a page of them."""
    rows: QuerySet[Any]
    if sees_contributions(request.user):
        rows = (
            visible_contributions(request.user)
            .select_related("donor__un_entity", "donor__country")
            .prefetch_related("countries", "priority_areas")
        )
        kind = "contributions"
    else:
        rows = visible_allocations(request.user).select_related(
            "contribution__donor__un_entity",
            "contribution__donor__country",
            "recipient__country",
            "recipient__regional_organization",
        )
        kind = "allocations"
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"listing": kind, "page": page, "query": query.urlencode()}


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    form, on = report_date(request)
    context = {
        "form": form,
        "report": balances.overview(request.user, on),
        "can_manage": is_manager(request.user),
        **_listing(request),
    }
    template = "funding/overview.html#report" if is_htmx(request) else "funding/overview.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The overview's balances as a workbook (right to left in Arabic), as at the same date."""
    _form, on = report_date(request)
    report = balances.overview(request.user, on)
    content = xlsx.balances_workbook(report, rtl=get_language_bidi())
    audit.record(action="funding.export", actor=request.user, after={"format": "xlsx", "on": on})
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="funding-{on.isoformat()}.xlsx"'
    return response
