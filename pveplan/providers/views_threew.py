"""Who does what where (3W): the heat map and table, and their XLSX and CSV exports, all with
the same filters (the query string)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pveplan.core import audit
from pveplan.providers import exports
from pveplan.providers.forms import ThreeWForm
from pveplan.providers.threew import HEAT_LEVELS, matrix

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def three_w(request: HttpRequest) -> HttpResponse:
    form = ThreeWForm(request.GET or None)
    context = {
        "form": form,
        "matrix": matrix(request.user, form.to_filters()),
        "query": request.GET.urlencode(),
        "heat_levels": range(1, HEAT_LEVELS + 1),
    }
    htmx = bool(getattr(request, "htmx", False))
    response = render(
        request, "providers/threew.html#results" if htmx else "providers/threew.html", context
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    form = ThreeWForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("The filters are not valid: correct them on the page."))
    filters = form.to_filters()
    data = matrix(request.user, filters)
    audit.record(
        action="threew.export",
        actor=request.user,
        after={"format": kind, "filters": sorted(k for k, v in request.GET.items() if v)},
    )
    if kind == "xlsx":
        response = HttpResponse(exports.to_xlsx(data), content_type=XLSX)
    else:
        response = HttpResponse(exports.to_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="3w.{kind}"'
    return response


@login_required
@require_GET
def three_w_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@login_required
@require_GET
def three_w_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")
