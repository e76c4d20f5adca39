"""Cross-plan analysis of imported plan documents: the page and its XLSX and CSV exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pveplan.documents import analysis as analysis_module

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def analysis(request: HttpRequest) -> HttpResponse:
    data = analysis_module.analyse(request.user)
    context = {"data": data, "heat_levels": range(1, analysis_module.HEAT_LEVELS + 1)}
    return render(request, "documents/analysis_page.html", context)


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    body = analysis_module.analysis_export(by=request.user, format=kind)
    content_type = XLSX if kind == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="plan-documents-analysis.{kind}"'
    return response


@login_required
@require_GET
def analysis_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@login_required
@require_GET
def analysis_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")
