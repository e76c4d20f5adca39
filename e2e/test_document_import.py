"""Issue 5's journey through the browser: the Jordan team uploads an Arabic PDF and a French Word
plan (both generated here: WeasyPrint and python-docx), waits on the progress bar while the
background worker reads them, reviews the suggestions (accepting the confident ones, correcting
one) and turns each into a draft plan whose structure shows the items with their tags.

The worker is the real one (`db_worker`'s code, run by `run_queued_tasks` in the test thread).
The live server shares the test's in-memory database connection, so while the worker runs, the
page's progress polls are held in the browser (a Playwright route answers them when the test
next waits on the page) instead of meeting the worker's transaction on the same connection.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from pveplan.core.tests.test_progress import run_queued_tasks
from pveplan.documents.ingest import samples
from pveplan.documents.models import DocumentStatus, SourceDocument, TrainingExample
from pveplan.plans.models import Plan, PlanNode
from pveplan.testing import PASSWORD, World, org

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator(".user-menu summary")).to_have_text(username)


def _upload(page: Page, base: str, *, title: str, name: str, mime: str, data: bytes) -> None:
    """Upload through the form, see the progress bar, let the worker read, wait for the end."""
    page.goto(f"{base}/en/documents/upload/")
    page.fill("#id_title", title)
    page.select_option("#id_owner", value=str(org("jor").pk))
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.locator("main button[type=submit]").click()
    expect(page.locator("#document-progress-bar")).to_be_visible()
    expect(page.locator("#document-progress")).to_contain_text("Waiting for the background worker")
    assert run_queued_tasks() == 1
    # The held polls now reach the server: the bar gives way to the review button.
    review = page.locator("#document-progress a", has_text="Review the suggestions")
    expect(review).to_be_visible(timeout=20_000)
    review.click()
    expect(page.locator("h1")).to_have_text("Review the suggestions")


def _review_and_convert(page: Page, artifacts: Path, shot: str, direction: str) -> None:
    expect(page.locator(".page-text")).to_have_attribute("dir", direction)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")  # the interface stays English
    expect(page.locator(".segment").first).to_be_visible()
    # Correct one action's areas in place (htmx): it is accepted with changes.
    action = page.locator(".segment.kind-action").first
    action_id = action.get_attribute("id")
    action.locator("a", has_text="Edit").click()
    form = page.locator(f"#{action_id} form.segment-form")
    expect(form).to_be_visible()
    # Add an area the classifier did not choose (women's participation, or else communities).
    box = form.locator('input[name=areas][value="5"]')
    if box.is_checked():
        box = form.locator('input[name=areas][value="3"]')
    box.set_checked(True)
    form.locator("button", has_text="Save and accept").click()
    expect(page.locator(f"#{action_id}")).to_have_class(re.compile(r"review-edited"))
    # Then every other pending suggestion, whatever its confidence.
    page.fill("#id_threshold", "0")
    page.locator("form.accept-above button").click()
    expect(page.locator("ul.messages")).to_contain_text("accepted as suggested")
    page.screenshot(path=str(artifacts / f"{shot}-review.png"), full_page=True)
    page.locator("a", has_text="Turn the accepted segments into a plan").click()
    page.locator("button", has_text="Make the plan").click()
    expect(page.locator("h1")).to_have_text("Structure of the plan")
    expect(page.locator(".node.level-1").first).to_be_visible()
    expect(page.locator(".node.level-3 .tag.area").first).to_be_visible()
    page.screenshot(path=str(artifacts / f"{shot}-structure.png"), full_page=True)


def test_an_arabic_pdf_and_a_french_docx_become_draft_plans(
    page: Page, live_server: Any, world: World, artifacts: Path
) -> None:
    base = live_server.url
    page.route(re.compile(r"/documents/\d+/$"), lambda route: _continue(route))
    _log_in(page, base, "a_editor")

    _upload(
        page,
        base,
        title="الخطة الوطنية لمنع التطرف العنيف",
        name="plan-ar.pdf",
        mime="application/pdf",
        data=samples.plan_pdf("ar", pages=2),
    )
    _review_and_convert(page, artifacts, "document-import-ar", "rtl")
    arabic = SourceDocument.objects.get(title="الخطة الوطنية لمنع التطرف العنيف")
    assert arabic.language == "ar" and arabic.status == DocumentStatus.CONVERTED
    plan = Plan.objects.get(source_documents=arabic)
    assert plan.original_language == "ar" and plan.status == "drafting"
    assert PlanNode.objects.filter(plan=plan, level=3).exists()

    _upload(
        page,
        base,
        title="Stratégie nationale de prévention",
        name="strategie.docx",
        mime=DOCX,
        data=samples.french_docx(),
    )
    _review_and_convert(page, artifacts, "document-import-fr", "ltr")
    french = SourceDocument.objects.get(title="Stratégie nationale de prévention")
    assert french.language == "fr" and french.status == DocumentStatus.CONVERTED
    assert Plan.objects.get(source_documents=french).original_language == "fr"
    # Each correction is kept for retraining.
    assert TrainingExample.objects.filter(language__in=["ar", "fr"]).count() == 2


def _continue(route: Route) -> None:
    route.continue_()
