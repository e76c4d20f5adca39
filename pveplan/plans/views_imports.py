"""Spreadsheet round trip of the action matrix: upload an edited XLSX, see every change and
every problem, then apply it all or nothing.

The upload is checked (content, size, headings) and kept under MEDIA_ROOT/imports/ for its
uploader; the preview and the apply both read that same file and check it against the plan as
it is at that moment.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import LANGUAGE_CHOICES, content_language
from pveplan.core.permissions import PLANS_WRITE
from pveplan.core.uploads import safe_filename
from pveplan.plans.forms_imports import ImportForm
from pveplan.plans.imports import diff, pending, reader
from pveplan.plans.imports.actions import ImportRefused, plan_import_matrix
from pveplan.plans.imports.permissions import access_import
from pveplan.plans.models import Plan
from pveplan.plans.permissions import access_plan

UPLOAD = "plans/imports/upload.html"
PREVIEW = "plans/imports/preview.html"


def _upload_page(request: HttpRequest, plan: Plan, form: ImportForm) -> HttpResponse:
    context = {
        "plan": plan,
        "form": form,
        "export_languages": LANGUAGE_CHOICES,
        "language": content_language(),
    }
    return render(request, UPLOAD, context, status=400 if form.errors else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: how the round trip works and the upload form; POST: check the file and keep it for
    the preview."""
    plan = access_plan(request.user, pk, need=PLANS_WRITE)
    form = ImportForm(request.POST or None, request.FILES or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        upload.seek(0)
        item = pending.store(
            plan=plan,
            user=request.user,
            data=upload.read(),
            filename=safe_filename(upload.name or "", "xlsx"),
        )
        return redirect("plans:import_preview", pk=plan.pk, token=item.token)
    return _upload_page(request, plan, form)


def _preview(
    request: HttpRequest,
    plan: Plan,
    item: pending.PendingImport,
    changes: diff.Changes,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "plan": plan,
        "item": item,
        "changes": changes,
        "sheet_language": changes.sheet.meta.language,
    }
    return render(request, PREVIEW, context, status=status)


def _gone(request: HttpRequest, plan: Plan, item: pending.PendingImport | None) -> HttpResponse:
    if item is not None:
        pending.discard(item)
    messages.error(request, _("The uploaded file is no longer there. Upload it again."))
    return redirect("plans:import", pk=plan.pk)


@login_required
@never_cache
@require_GET
def import_preview(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Every row the upload adds, changes or removes, and every problem by row and column."""
    plan, item = access_import(request.user, pk, token)
    try:
        sheet = reader.read_bytes(item.read())
    except pending.Gone:
        return _gone(request, plan, item)
    except ValidationError as error:  # only if the rules changed since the upload was checked
        pending.discard(item)
        messages.error(request, " ".join(error.messages))
        return redirect("plans:import", pk=plan.pk)
    return _preview(request, plan, item, diff.compare(plan, sheet))


@login_required
@never_cache
@require_POST
def import_apply(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Apply the upload, all or nothing; back to the preview (409) when something stops it."""
    plan, item = access_import(request.user, pk, token)
    try:
        result = plan_import_matrix(plan=plan, by=request.user, data=item.read())
    except pending.Gone:
        return _gone(request, plan, item)
    except ImportRefused as refused:
        messages.error(request, _("Nothing was changed: the problems below stop the import."))
        return _preview(request, plan, item, refused.changes, status=409)
    except (ConflictError, ValidationError):
        # Someone else's change slipped in: show the comparison with the plan as it is now.
        messages.error(
            request, _("Nothing was changed: the plan changed meanwhile. Check the preview again.")
        )
        return redirect("plans:import_preview", pk=plan.pk, token=item.token)
    pending.discard(item)
    if not (result.added or result.changed or result.removed):
        messages.info(request, _("The spreadsheet matches the plan: nothing to change."))
        audit.note_no_change("the spreadsheet matches the plan")
    else:
        messages.success(request, _summary(result.added, result.changed, result.removed))
    return redirect("plans:structure", pk=plan.pk)


def _summary(added: int, changed: int, removed: int) -> str:
    parts = [
        ngettext("%(count)s item added", "%(count)s items added", added) % {"count": added},
        ngettext("%(count)s item changed", "%(count)s items changed", changed) % {"count": changed},
        ngettext("%(count)s item removed", "%(count)s items removed", removed) % {"count": removed},
    ]
    return _("The spreadsheet was applied: %(summary)s.") % {"summary": ", ".join(parts)}
