"""Who may review a read document, turn it into a plan and see the cross-plan analysis
(merged into test_permission_matrix).

A document is seen by its library's team (plans:read in its country) and the global roles;
others get 404, whatever they may see of the country's plans. Changing needs plans:write there
(a viewer gets 403). The analysis is open to every account: it only counts what each one sees.
"""

from __future__ import annotations

from typing import Any

from pveplan.documents.models import ReviewStatus, Segment, SourceDocument
from pveplan.documents.tests.factories import french_plan
from pveplan.plans.tests.test_permission_matrix import expect
from pveplan.testing import World

A_READ = expect(404, anonymous=302, a_viewer=200, a_editor=200, a_focal=200, unoct=200, admin=200)
A_WRITE_GET = expect(
    404, anonymous=302, a_viewer=403, a_editor=200, a_focal=200, unoct=200, admin=200
)
A_WRITE_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=302, a_focal=302, unoct=302, admin=302
)
B_READ = expect(404, anonymous=302, b_editor=200, unoct=200, admin=200)
B_WRITE_POST = expect(404, anonymous=302, b_editor=302, unoct=302, admin=302)
LOGGED_IN = expect(200, anonymous=302)


def document_of(world: World, owner: str = "jor") -> SourceDocument:
    """The library's read French plan, made the first time it is asked for, every segment
    accepted (so that it can become a plan)."""
    existing = SourceDocument.objects.filter(owner__code=owner).order_by("pk").first()
    if existing is not None:
        return existing
    document = french_plan(owner=owner)
    Segment.objects.filter(document=document).update(review=ReviewStatus.ACCEPTED)
    return document


def _document(owner: str) -> Any:
    return lambda world: {"pk": document_of(world, owner).pk}


def _segment(owner: str) -> Any:
    return lambda world: {"pk": _first_segment(world, owner).pk}


def _first_segment(world: World, owner: str) -> Segment:
    return Segment.objects.filter(document=document_of(world, owner)).order_by("position")[0]


def _decide(owner: str) -> Any:
    return lambda world: {"decision": "reject", "version": _first_segment(world, owner).version}


def _edit(owner: str) -> Any:
    return lambda world: {
        "kind": "pillar",
        "text": "Jeunesse",
        "areas": ["4", "5"],
        "version": _first_segment(world, owner).version,
    }


def _to_plan(owner: str) -> Any:
    return lambda world: {
        "target": "new",
        "title": "Plan importé",
        "version": document_of(world, owner).version,
    }


POLICY: dict[str, list[tuple[Any, ...]]] = {
    "documents:review": [
        ("get", _document("jor"), A_READ),
        ("get", _document("lbn"), B_READ),
    ],
    "documents:accept_above": [
        ("post", _document("jor"), A_WRITE_POST, {"threshold": "50", "page": "1"}),
    ],
    "documents:to_plan": [
        ("get", _document("jor"), A_WRITE_GET),
        ("post", _document("jor"), A_WRITE_POST, _to_plan("jor")),
        ("post", _document("lbn"), B_WRITE_POST, _to_plan("lbn")),
    ],
    "documents:segment_decide": [
        ("post", _segment("jor"), A_WRITE_POST, _decide("jor")),
        ("post", _segment("lbn"), B_WRITE_POST, _decide("lbn")),
    ],
    "documents:segment_edit": [
        ("get", _segment("jor"), A_WRITE_GET),
        ("post", _segment("jor"), A_WRITE_POST, _edit("jor")),
    ],
    "documents:analysis": [("get", None, LOGGED_IN)],
    "documents:analysis_xlsx": [("get", None, LOGGED_IN)],
    "documents:analysis_csv": [("get", None, LOGGED_IN)],
}
