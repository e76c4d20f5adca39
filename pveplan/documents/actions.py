"""Every change to the document library: upload, cancel, delete, and the reading the
background task does.

Typed keyword-only functions; each checks the permission (a refusal is audited), checks the
version it was given where it edits, runs in one transaction and writes one audit event. The
reading writes pages and segments all at once at its end, or nothing.
"""

from __future__ import annotations

import hashlib
import json
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.core import audit, progress
from pveplan.core.errors import ConflictError
from pveplan.core.models import TaskProgress
from pveplan.core.permissions import PLANS_WRITE
from pveplan.core.uploads import MB, SAMPLE_BYTES, check_upload, safe_filename
from pveplan.documents.models import (
    LANGUAGES,
    DocumentPage,
    DocumentStatus,
    Segment,
    SourceDocument,
)
from pveplan.plans.actions.registry import require_permission

KIND = "documents.read"
KINDS = {"pdf", "docx", "text"}
DEFAULT_MAX_BYTES = 50 * MB
OWNER_KINDS = (OrganizationKind.MEMBER_STATE, OrganizationKind.REGIONAL_ORG)
ACTIVE = (DocumentStatus.QUEUED, DocumentStatus.READING)

QUEUED = gettext_noop("Waiting for the background worker")
FAILED = gettext_noop(
    "The document could not be read. Try again; if it fails again, tell the platform "
    "administrators."
)
GONE = gettext_noop("The document was deleted before it was read.")

AUDITED_FIELDS = ["owner_id", "title", "original_name", "kind", "size", "sha256", "status"]


def max_bytes() -> int:
    return int(getattr(settings, "PVEPLAN_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _check_file(file: Any) -> tuple[str, bytes]:
    """The detected kind and content of an upload, or ValidationError saying what is wrong."""
    try:
        kind = check_upload(file, kinds=KINDS, max_bytes=max_bytes())
    except ValidationError:
        file.seek(0)
        head = file.read(SAMPLE_BYTES)
        file.seek(0)
        looks_like_text = all(byte >= 0x20 or byte in b"\t\n\f\r" for byte in head)
        if head and looks_like_text:
            try:
                head.decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(
                    _("The text file is not in UTF-8. Save it as UTF-8 and upload it again.")
                ) from None
        raise
    data = file.read()
    file.seek(0)
    if kind == "text":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The text file is not in UTF-8. Save it as UTF-8 and upload it again.")
            ) from None
    return kind, data


def document_upload(*, owner: Organization, title: str, file: Any, by: Any) -> SourceDocument:
    """Store `file` in the library of `owner` and queue its reading (when the transaction
    commits). Raises PermissionDenied without plans:write there, ValidationError (keyed by
    field) for a bad title or file; nothing is stored then."""
    require_permission(by, PLANS_WRITE, owner, "document.upload")
    errors: dict[str, list[str]] = {}
    title = title.strip()
    if not title:
        errors["title"] = [_("Give the document a title.")]
    elif len(title) > 300:
        errors["title"] = [_("A title has at most 300 characters.")]
    if owner.kind not in OWNER_KINDS:
        errors["owner"] = [_("Documents belong to a Member State or a regional organization.")]
    kind, data = "", b""
    try:
        kind, data = _check_file(file)
    except ValidationError as error:
        errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    original = str(getattr(file, "name", "") or "document")[:255]
    document = SourceDocument(
        owner=owner,
        title=title,
        original_name=original,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
    )
    document.file.save(safe_filename(original, kind), ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
            record = progress.start(owner=by, kind=KIND, label=title, obj=document, message=QUEUED)
            SourceDocument.objects.filter(pk=document.pk).update(task=record)
            document.task = record
            audit.record(
                action="document.upload",
                actor=by,
                obj=document,
                after=audit.snapshot(document, AUDITED_FIELDS),
            )
            transaction.on_commit(partial(_enqueue, record))
    except Exception:
        document.file.delete(save=False)  # no file stays behind without its document
        raise
    return document


def _enqueue(record: TaskProgress) -> None:
    from pveplan.documents.tasks import read_document_task

    progress.enqueue(record, read_document_task, record.pk)


def _check_version(document: SourceDocument, expected_version: int) -> None:
    if document.version != expected_version:
        raise ConflictError(document.pk)


def document_cancel(*, document: SourceDocument, by: Any, expected_version: int) -> None:
    """Stop the reading of `document` (queued or running): nothing it read is kept."""
    require_permission(by, PLANS_WRITE, document.owner, "document.cancel", document)
    with transaction.atomic():
        current = SourceDocument.objects.select_for_update().get(pk=document.pk)
        _check_version(current, expected_version)
        if current.status not in ACTIVE:
            raise ValidationError(_("The document is no longer being read."))
        SourceDocument.objects.filter(pk=current.pk).update(
            status=DocumentStatus.CANCELLED, version=F("version") + 1
        )
        audit.record(
            action="document.cancel",
            actor=by,
            obj=current,
            before={"status": current.status},
            after={"status": DocumentStatus.CANCELLED},
        )
    if current.task_id:
        progress.cancel(current.task_id)
    document.refresh_from_db()


def document_delete(*, document: SourceDocument, by: Any, expected_version: int) -> None:
    """Delete `document`, its pages, segments and file (a reading in progress is cancelled).
    Plans made from it stay; their items lose the link back to it."""
    require_permission(by, PLANS_WRITE, document.owner, "document.delete", document)
    with transaction.atomic():
        current = SourceDocument.objects.select_for_update().get(pk=document.pk)
        _check_version(current, expected_version)
        before = audit.snapshot(current, AUDITED_FIELDS)
        audit.record(action="document.delete", actor=by, obj=current, before=before)
        task_id, file = current.task_id, current.file
        current.delete()
    if task_id:
        progress.cancel(task_id)
    if file:
        file.delete(save=False)


def _set_status(document_id: int, **values: Any) -> int:
    """Write the document's status in a transaction of its own (the progress page polls it)."""
    with transaction.atomic(durable=True):
        return SourceDocument.objects.filter(pk=document_id, status__in=ACTIVE).update(
            version=F("version") + 1, **values
        )


def document_read(progress_id: int) -> None:
    """The background task's work: read the document of progress record `progress_id`, store
    its pages and segments in one transaction, and mark it ready; or mark it failed (with the
    reason) or cancelled, storing nothing. Runs outside any transaction."""
    from pveplan.documents.ingest import read as reading
    from pveplan.documents.ingest.extract import ExtractionError

    record = TaskProgress.objects.filter(pk=progress_id, kind=KIND).first()
    if record is None or not record.is_active:
        return  # cancelled before a worker got to it
    document = SourceDocument.objects.filter(pk=record.object_id, task_id=progress_id).first()
    if document is None:
        progress.fail(progress_id, reason=GONE)
        return
    try:
        progress.advance(progress_id, done=0, total=0, message=reading.READING)
        if not _set_status(document.pk, status=DocumentStatus.READING):
            raise progress.Cancelled(progress_id)
        with document.file.open("rb") as handle:
            data = handle.read()
        result = reading.read(document.kind, data, report=progress.reporter(progress_id))
        # The last chance to cancel: after this the pages are written.
        progress.advance(
            progress_id, done=len(result.pages), total=len(result.pages), message=reading.READING
        )
        _store(document, result)
        try:
            summary = {"pages": len(result.pages), "segments": len(result.segments)}
            progress.finish(
                progress_id,
                content=json.dumps(summary).encode(),
                filename="reading.json",
                content_type="application/json",
            )
        except progress.Cancelled:
            _discard(document.pk)
            raise
    except progress.Cancelled:
        _discard(document.pk)
        _set_status(document.pk, status=DocumentStatus.CANCELLED)
    except ExtractionError as error:
        _discard(document.pk)
        _set_status(document.pk, status=DocumentStatus.FAILED, failure_reason=error.reason)
        progress.fail(progress_id, reason=error.reason)
    except Exception:
        _discard(document.pk)
        _set_status(document.pk, status=DocumentStatus.FAILED, failure_reason=FAILED)
        progress.fail(progress_id, reason=FAILED)
        raise  # django-tasks-db keeps the traceback for the administrators


def _discard(document_id: int) -> None:
    with transaction.atomic(durable=True):
        Segment.objects.filter(document_id=document_id).delete()
        DocumentPage.objects.filter(document_id=document_id).delete()


def _store(document: SourceDocument, result: Any) -> None:
    """Pages and segments, and the document marked ready, in one transaction."""
    language = result.language if result.language in LANGUAGES else ""
    with transaction.atomic(durable=True):
        current = SourceDocument.objects.select_for_update().get(pk=document.pk)
        if current.status not in ACTIVE:
            raise progress.Cancelled(document.task_id)
        Segment.objects.filter(document=current).delete()
        DocumentPage.objects.filter(document=current).delete()
        DocumentPage.objects.bulk_create(
            DocumentPage(
                document=current,
                number=number,
                text=text,
                language=page_language if page_language in LANGUAGES else language,
            )
            for number, (text, page_language) in enumerate(
                zip(result.pages, result.page_languages, strict=True), start=1
            )
        )
        segments = []
        for candidate, segment_language, suggestion in zip(
            result.segments, result.segment_languages, result.suggestions, strict=True
        ):
            segments.append(
                Segment(
                    document=current,
                    position=candidate.position,
                    page=candidate.page,
                    kind=candidate.kind,
                    suggested_kind=candidate.kind,
                    number=candidate.number[:30],
                    text=candidate.text,
                    language=segment_language if segment_language in LANGUAGES else language,
                    lead_body=candidate.lead_body[:300],
                    timeframe=candidate.timeframe[:100],
                    cost=candidate.cost[:100],
                    suggestions=suggestion,
                    areas=list(suggestion.get("labels", [])),
                    pillars=[code for code, _conf in suggestion.get("pillars", [])],
                    drivers=[code for code, _conf in suggestion.get("drivers", [])],
                )
            )
        Segment.objects.bulk_create(segments)
        if any(c.parent is not None for c in result.segments):
            by_position = {
                s.position: s.pk
                for s in Segment.objects.filter(document=current).only("pk", "position")
            }
            with_parent = []
            for candidate in result.segments:
                if candidate.parent is not None:
                    with_parent.append(
                        Segment(
                            pk=by_position[candidate.position],
                            parent_id=by_position[result.segments[candidate.parent].position],
                        )
                    )
            Segment.objects.bulk_update(with_parent, ["parent"], batch_size=500)
        SourceDocument.objects.filter(pk=current.pk).update(
            status=DocumentStatus.READY,
            language=language,
            page_count=len(result.pages),
            failure_reason="",
            version=F("version") + 1,
        )
        audit.record(
            action="document.read",
            actor=current.uploaded_by,
            obj=current,
            after={
                "language": language,
                "pages": len(result.pages),
                "segments": len(result.segments),
            },
        )
