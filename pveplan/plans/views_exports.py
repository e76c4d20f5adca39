"""Download a plan as a PDF, DOCX or XLSX document, in any of the six UN languages.

Anyone who can see a plan may export it; every export is audited once (by `export_plan`), and
so is each download of a file a background export made ("plan.export_download").

Small plans (up to `tasks.IMMEDIATE_MAX_NODES` nodes), and every export by an anonymous
visitor, are made within the request and downloaded at once. Larger ones become a background
task run by `db_worker`: the export view redirects to a progress page whose bar polls its own
fragment every second (htmx; a `<noscript>` refresh without JavaScript) and shows the download
link when the file is ready, or the reason when it failed. Only the person who asked sees the
task, its page and its file, and only while they can still see the plan (404 otherwise);
files are kept for `progress.KEEP_FILES_FOR`, streamed by `export_download`, never from a
media URL. A task whose worker died is shown as failed after `progress.STALE_AFTER` without
progress (see pveplan/core/progress.py).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
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

from pveplan.core import audit, progress
from pveplan.core.i18n import content_language
from pveplan.core.models import TaskProgress
from pveplan.plans import exports
from pveplan.plans.exports import tasks
from pveplan.plans.models import Plan
from pveplan.plans.permissions import access_plan

PROGRESS_PAGE = "plans/exports/progress.html"
PROGRESS_FRAGMENT = "core/progress.html"


@require_GET
@never_cache  # the documents may be confidential: no shared or browser cache keeps them
def plan_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    plan = access_plan(request.user, pk)
    if format not in exports.FORMATS:
        raise Http404("No such export format")
    language = request.GET.get("language") or content_language()
    if language not in exports.LANGUAGES:
        return HttpResponseBadRequest(_("Choose one of the six UN languages."))
    if tasks.runs_in_background(plan, request.user):
        record = tasks.plan_export_enqueue(
            plan=plan, format=format, language=language, by=request.user
        )
        return HttpResponseRedirect(reverse("plans:export_progress", args=[record.token]))
    data = exports.export_plan(plan, format=format, language=language, user=request.user)
    response = HttpResponse(data, content_type=exports.FORMATS[format].content_type)
    name = exports.filename(plan, format=format, language=language)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _progress_context(record: TaskProgress, plan: Plan) -> dict[str, object]:
    return {
        "plan": plan,
        "task": record,
        "format": record.params.get("format", "").upper(),
        "language": record.params.get("language", ""),
        "waiting_long": progress.is_waiting_long(record),
        "poll_url": reverse("plans:export_progress", args=[record.token]),
        "download_url": reverse("plans:export_download", args=[record.token]),
        "cancel_url": reverse("plans:export_cancel", args=[record.token]),
    }


@require_GET
@login_required
@never_cache
def export_progress(request: HttpRequest, token: str) -> HttpResponse:
    """The progress page; to htmx, only the progress fragment it polls."""
    record, plan = tasks.access_export(request.user, token)
    template = PROGRESS_FRAGMENT if getattr(request, "htmx", False) else PROGRESS_PAGE
    return render(request, template, _progress_context(record, plan))


@require_GET
@login_required
@never_cache
def export_download(request: HttpRequest, token: str) -> FileResponse:
    record, plan = tasks.access_export(request.user, token)
    handle = progress.open_file(record)
    audit.record(
        action="plan.export_download",
        actor=request.user,
        obj=plan,
        after={**record.params, "file_name": record.result_name},
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=record.result_name,
        content_type=record.result_content_type,
    )


@require_POST
@login_required
def export_cancel(request: HttpRequest, token: str) -> HttpResponse:
    record, plan = tasks.access_export(request.user, token)
    cancelled = progress.cancel(record.pk)
    audit.record(
        action="plan.export_cancel",
        actor=request.user,
        obj=plan,
        after={**record.params, "cancelled": cancelled},
    )
    if getattr(request, "htmx", False):
        record.refresh_from_db()
        return render(request, PROGRESS_FRAGMENT, _progress_context(record, plan))
    return HttpResponseRedirect(reverse("plans:export_progress", args=[record.token]))


@require_GET
@login_required
@never_cache
def export_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's latest exports, with their state and download links."""
    rows = tasks.visible_exports(request.user)
    return render(request, "plans/exports/list.html", {"rows": rows})
