"""Who gets what on the assessment and needs pages (merged by test_permission_matrix).

Assessments and needs are confidential: Jordan's team (a_viewer, a_editor, a_focal), UNOCT and
the administrator see Jordan's; donors, UN staff, other countries and outsiders get 404; every
page needs an account (302 to the login for anonymous visitors).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pveplan.assessments import actions
from pveplan.assessments.tests.factories import answer, make_assessment, submitted
from pveplan.plans.tests.test_permission_matrix import expect
from pveplan.testing import World, org

LOGGED_IN = expect(200, anonymous=302)
A_READ = expect(404, anonymous=302, a_viewer=200, a_editor=200, a_focal=200, unoct=200, admin=200)
B_READ = expect(404, anonymous=302, b_editor=200, unoct=200, admin=200)
A_WRITE_GET = expect(
    404, anonymous=302, a_viewer=403, a_editor=200, a_focal=200, unoct=403, admin=200
)
# A processed POST redirects back to the assessment (or its report).
A_WRITE_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=302, a_focal=302, unoct=403, admin=302
)
# Validating and returning: UNOCT's; the team sees the assessment but may not (403).
A_REVIEW_POST = expect(
    404, anonymous=302, a_viewer=403, a_editor=403, a_focal=403, unoct=302, admin=302
)
CREATE_GET = expect(403, anonymous=302, a_editor=200, a_focal=200, b_editor=200, admin=200)


def _draft(owner: str = "jor") -> Callable[[World], dict[str, Any]]:
    def target(world: World) -> dict[str, Any]:
        return {"pk": make_assessment(world, owner=owner, by="admin").pk}

    return target


def _submitted(world: World) -> dict[str, Any]:
    # Submitted by Jordan's focal point, so the administrator may validate it.
    return {"pk": submitted(world, by="a_focal").pk}


def _complete_draft(world: World) -> dict[str, Any]:
    # Every question answered, so the POST really submits it.
    assessment = make_assessment(world, by="admin")
    answer(assessment, world.users["admin"])
    return {"pk": assessment.pk}


def _answer(world: World) -> dict[str, Any]:
    return {**_draft()(world), "dimension": "legal"}


def _gap(world: World) -> dict[str, Any]:
    return {**_submitted(world), "dimension": "costing"}


def _need(owner: str) -> Callable[[World], dict[str, Any]]:
    def target(world: World) -> dict[str, Any]:
        need = actions.need_create(
            by=world.users["admin"], data=actions.NeedInput(owner=org(owner), title="Training")
        )
        return {"pk": need.pk}

    return target


def _version(world: World) -> dict[str, Any]:
    """The POST body: the version of the assessment the target just made (the newest)."""
    from pveplan.assessments.models import Assessment

    latest = Assessment.objects.order_by("-pk").first()
    return {"version": latest.version if latest else 0, "note": "Looks right."}


POLICY: dict[str, list[Any]] = {
    "assessments:list": [("get", None, LOGGED_IN)],
    "assessments:create": [("get", None, CREATE_GET)],
    "assessments:detail": [
        ("get", _draft("jor"), A_READ),
        ("get", _draft("lbn"), B_READ),
    ],
    "assessments:answer": [("get", _answer, A_WRITE_GET)],
    "assessments:submit": [("post", _complete_draft, A_WRITE_POST, _version)],
    "assessments:validate": [("post", _submitted, A_REVIEW_POST, _version)],
    "assessments:return": [("post", _submitted, A_REVIEW_POST, _version)],
    "assessments:report": [
        ("get", _draft("jor"), A_READ),
        ("get", _draft("lbn"), B_READ),
    ],
    "assessments:report_pdf": [("get", _draft("jor"), A_READ)],
    "assessments:compare": [("get", _draft("jor"), A_READ)],
    "assessments:need_from_gap": [("post", _gap, A_WRITE_POST)],
    "assessments:needs": [("get", None, LOGGED_IN)],
    "assessments:need_create": [("get", None, CREATE_GET)],
    "assessments:need_detail": [
        ("get", _need("jor"), A_READ),
        ("get", _need("lbn"), B_READ),
    ],
    "assessments:need_edit": [("get", _need("jor"), A_WRITE_GET)],
}
