"""Who may open the document library, upload, follow a reading, cancel it and delete a document
(merged into test_permission_matrix).

A document belongs to a library (Jordan's here): its team and the global roles see it; nobody
else learns it exists (404). Upload, cancel and delete need plans:write there (a_viewer: 403).
Every page needs an account (anonymous: 302).
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from pveplan.documents.models import DocumentStatus, SourceDocument
from pveplan.plans.tests.test_permission_matrix import expect
from pveplan.testing import World, org

DOCUMENT_READ = expect(
    404, anonymous=302, a_viewer=200, a_editor=200, a_focal=200, unoct=200, admin=200
)
DOCUMENT_WRITE_GET = expect(
    404, anonymous=302, a_viewer=403, a_editor=200, a_focal=200, unoct=200, admin=200
)
DOCUMENT_WRITE_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=302, a_focal=302, unoct=302, admin=302
)
LIBRARY = expect(200, anonymous=302)
UPLOAD_GET = expect(
    403, anonymous=302, a_editor=200, a_focal=200, b_editor=200, unoct=200, admin=200
)


def document_of(world: World, status: str = DocumentStatus.QUEUED) -> SourceDocument:
    """A document of Jordan's library (made directly: the matrix checks access, not reading)."""
    document = SourceDocument(
        owner=org("jor"),
        title="Plan national (document)",
        original_name="plan.txt",
        kind="text",
        size=12,
        sha256="0" * 64,
        uploaded_by=world.users["a_editor"],
        status=status,
    )
    document.file.save("plan.txt", ContentFile(b"Pillar 1: x\n"), save=False)
    document.save()
    return document


def _document(status: str = DocumentStatus.QUEUED) -> Any:
    return lambda world: {"pk": document_of(world, status).pk}


def _version(world: World) -> dict[str, Any]:
    document = SourceDocument.objects.order_by("-pk").first()
    return {"version": document.version if document else 0}


POLICY: dict[str, list[tuple[Any, ...]]] = {
    "documents:library": [("get", None, LIBRARY)],
    "documents:upload": [("get", None, UPLOAD_GET)],
    "documents:document": [("get", _document(), DOCUMENT_READ)],
    "documents:document_cancel": [("post", _document(), DOCUMENT_WRITE_POST, _version)],
    "documents:document_delete": [
        ("get", _document(DocumentStatus.READY), DOCUMENT_WRITE_GET),
        ("post", _document(DocumentStatus.READY), DOCUMENT_WRITE_POST, _version),
    ],
}
