"""Download a plan as a PDF, DOCX or XLSX document, in any of the six UN languages.

Anyone who can see a plan may export it; every export is audited. Exports run within the
request for now (background tasks for large plans come later).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pveplan.core.i18n import content_language
from pveplan.plans import exports
from pveplan.plans.permissions import access_plan


@require_GET
@never_cache  # the documents may be confidential: no shared or browser cache keeps them
def plan_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    plan = access_plan(request.user, pk)
    if format not in exports.FORMATS:
        raise Http404("No such export format")
    language = request.GET.get("language") or content_language()
    if language not in exports.LANGUAGES:
        return HttpResponseBadRequest(_("Choose one of the six UN languages."))
    data = exports.export_plan(plan, format=format, language=language, user=request.user)
    response = HttpResponse(data, content_type=exports.FORMATS[format].content_type)
    name = exports.filename(plan, format=format, language=language)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
