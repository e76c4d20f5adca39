"""The gap report (web and PDF), the comparison with another assessment of the same owner, and
turning a gap into a need in one click."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from pveplan.assessments import actions, pdf
from pveplan.assessments.dimensions import ORDER
from pveplan.assessments.models import Assessment
from pveplan.assessments.permissions import access_assessment, holds
from pveplan.assessments.report import comparison, default_earlier, gap_report, others_of
from pveplan.core.i18n import LANGUAGE_CHOICES, UN_LANGUAGES, content_language
from pveplan.core.permissions import ASSESSMENTS_WRITE


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Scores per dimension, the radar chart, the gaps largest first, each with its need."""
    assessment = access_assessment(request.user, pk)
    context = {
        "assessment": assessment,
        "report": gap_report(assessment, request.user),
        "can_make_needs": holds(request.user, ASSESSMENTS_WRITE, assessment.owner),
        "pdf_languages": LANGUAGE_CHOICES,
        "language": content_language(),
    }
    return render(request, "assessments/report.html", context)


@login_required
@require_GET
@never_cache  # confidential: no shared or browser cache keeps it
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access_assessment(request.user, pk)
    language = request.GET.get("language") or content_language()
    if language not in UN_LANGUAGES:
        return HttpResponseBadRequest(_("Choose one of the six UN languages."))
    data = pdf.report_pdf(assessment, language=language, user=request.user)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, pdf.filename(assessment, language)
    )
    return response


@login_required
@require_GET
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """This assessment beside another of the same owner (by default the one just before it):
    per dimension the score before, after, and the change."""
    assessment = access_assessment(request.user, pk)
    others = others_of(assessment, request.user)
    chosen = request.GET.get("with", "")
    other: Assessment | None
    if chosen:
        other = access_assessment(request.user, chosen)
        if other.owner_id != assessment.owner_id or other.pk == assessment.pk:
            raise Http404("No assessment of the same owner found")
    else:
        other = default_earlier(assessment, others) or (others[0] if others else None)
    context = {
        "assessment": assessment,
        "others": others,
        "other": other,
        "comparison": comparison(assessment, other) if other is not None else None,
    }
    return render(request, "assessments/compare.html", context)


@login_required
@require_POST
def need_from_gap(request: HttpRequest, pk: int, dimension: str) -> HttpResponse:
    """Make the gap of `dimension` a need of the assessment's owner, then show the report."""
    assessment = access_assessment(request.user, pk, need=ASSESSMENTS_WRITE)
    if dimension not in ORDER:
        raise Http404("No such dimension")
    url = reverse("assessments:report", kwargs={"pk": assessment.pk})
    try:
        need = actions.need_from_gap(assessment=assessment, dimension=dimension, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(f"{url}#gaps")
    messages.success(request, _("The gap is now a need: “%(title)s”.") % {"title": need.title})
    return HttpResponseRedirect(f"{url}#gap-{dimension}")
