"""An illustrative Arabic plan document (demo only) in Jordan's library, read at once."""

from __future__ import annotations

import importlib.util

from django.core.files.uploadedfile import SimpleUploadedFile

from pveplan.accounts.models import Organization, User
from pveplan.documents import actions
from pveplan.documents.ingest import samples
from pveplan.documents.models import SourceDocument

TITLE = "الخطة الوطنية لمنع التطرف العنيف (وثيقة توضيحية)"


def seed_demo() -> list[str]:
    owner = Organization.objects.filter(code="jor").first()
    editor = User.objects.filter(username="jordan.editor").first()
    if owner is None or editor is None or SourceDocument.objects.filter(title=TITLE).exists():
        return []
    if importlib.util.find_spec("pveplan.documents.classifier") is None:
        return ["  plan documents: skipped (the classifier is not installed)"]
    upload = SimpleUploadedFile("khutta-wataniya.pdf", samples.plan_pdf("ar", pages=2))
    document = actions.document_upload(owner=owner, title=TITLE, file=upload, by=editor)
    if document.task_id:
        actions.document_read(document.task_id)  # at once: the demo needs no worker
    document.refresh_from_db()
    return [
        f"  plan documents: 1 Arabic document for Jordan ({document.page_count} pages, "
        f"{document.segments.count()} segments, {document.get_status_display()})"
    ]
