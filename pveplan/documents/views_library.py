"""The document library: the list of documents a user may see, the upload form, and a
document's page with the progress of its reading (polled with htmx), cancel and delete.

The upload request stores the file and queues the reading; it never waits for it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pveplan.core import progress
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import PLANS_WRITE
from pveplan.documents import actions
from pveplan.documents.forms import LibraryFilterForm, UploadForm, libraries
from pveplan.documents.models import SourceDocument
from pveplan.documents.permissions import access_document, can_in_library

PROGRESS_FRAGMENT = "documents/document_progress.html"


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    """The documents of every library the user may read, filtered by library and status."""
    form = LibraryFilterForm(request.GET or None, user=request.user)
    documents = form.filter(
        SourceDocument.objects.visible_to(request.user)
        .with_owner()
        .select_related("owner__country", "owner__regional_organization")
        .annotate(segment_count=Count("segments"))
    )
    context = {
        "form": form,
        "documents": list(documents),
        "can_upload": libraries(request.user, PLANS_WRITE).exists(),
    }
    return render(request, "documents/library_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a document to a library where the user may write plans (403 where none)."""
    if not libraries(request.user, PLANS_WRITE).exists():
        raise PermissionDenied(PLANS_WRITE)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.document_upload(
                owner=form.cleaned_data["owner"],
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The document was uploaded; it is being read."))
            return redirect("documents:document", pk=document.pk)
    return render(request, "documents/library_upload.html", {"form": form})


def _context(request: HttpRequest, document: SourceDocument) -> dict[str, object]:
    task = document.task
    if task is not None and task.is_active:
        progress.expire_stale(type(task).objects.filter(pk=task.pk))
        task.refresh_from_db()
    return {
        "document": document,
        "task": task,
        "active": document.status in actions.ACTIVE and (task is None or task.is_active),
        "can_write": can_in_library(request.user, PLANS_WRITE, document.owner),
        "poll_url": reverse("documents:document", args=[document.pk]),
        "cancel_url": reverse("documents:document_cancel", args=[document.pk]),
    }


@login_required
@require_GET
@never_cache
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """A document: what it is, how its reading goes (to htmx, only the progress fragment)."""
    found = access_document(request.user, pk)
    context = _context(request, found)
    if getattr(request, "htmx", False):
        return render(request, PROGRESS_FRAGMENT, context)
    context["pages"] = found.pages.count()
    context["kinds"] = dict(
        found.segments.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return render(request, "documents/document_detail.html", context)


@login_required
@require_POST
def document_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = access_document(request.user, pk, need=PLANS_WRITE)
    try:
        actions.document_cancel(
            document=found, by=request.user, expected_version=posted_version(request)
        )
    except ConflictError:
        messages.error(request, _("The document changed in the meantime. Nothing was done."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    if getattr(request, "htmx", False):
        found = access_document(request.user, pk)
        return render(request, PROGRESS_FRAGMENT, _context(request, found))
    return redirect("documents:document", pk=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm; POST: delete the document, its pages, segments and file."""
    found = access_document(request.user, pk, need=PLANS_WRITE)
    if request.method == "POST":
        try:
            actions.document_delete(
                document=found, by=request.user, expected_version=posted_version(request)
            )
        except ConflictError:
            messages.error(request, _("The document changed in the meantime. Nothing was deleted."))
            return redirect("documents:document", pk=found.pk)
        messages.success(request, _("The document was deleted."))
        return redirect("documents:library")
    return render(request, "documents/document_delete.html", {"document": found})
