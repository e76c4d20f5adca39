"""A drafting team writes a plan in Arabic, consults, submits it; another person approves it;
versions 1 and 2 are published and compared. The whole journey through the browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from pveplan.plans.models import PlanNode
from pveplan.taxonomy.models import PriorityArea
from pveplan.testing import PASSWORD, World

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/ar/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator(".user-menu summary")).to_be_visible()


def _log_out(page: Page) -> None:
    page.locator(".user-menu summary").click()
    page.locator(".user-menu form button").click()


def _add_node(page: Page, opener: Any, text: str, code: str, area: int | None = None) -> None:
    page.wait_for_function("() => window.htmx !== undefined")  # the form opens in place
    opener.click()
    form = page.locator("form.node-form").last
    expect(form).to_be_visible()
    form.locator("[name=text_ar]").fill(text)
    form.locator("[name=code]").fill(code)
    if area is not None:  # ids change when the browser tests reload the reference data
        area_pk = PriorityArea.objects.get(number=area).pk
        form.locator(f"input[name=priority_areas][value='{area_pk}']").check()
    form.locator("button[type=submit]").click()
    expect(page.locator(".node-code", has_text=code)).to_be_visible()


def test_a_plan_is_drafted_consulted_approved_and_versioned_in_arabic(
    page: Page, live_server: Any, world: World, artifacts: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    base = live_server.url
    plan = world.plans["a_confidential"]
    _log_in(page, base, "a_editor")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # Pillars and actions, tagged, added in place.
    page.goto(f"{base}/ar/plans/{plan.pk}/structure/")
    _add_node(page, page.locator("a.button.primary").first, "الركيزة الأولى: الوقاية", "P1", 1)
    pillar = page.locator("li.node.level-1").first
    _add_node(page, pillar.locator(".node-tools a.button").nth(1), "الهدف 1.1", "O1.1")
    objective = page.locator("li.node.level-2").first
    _add_node(
        page,
        objective.locator(".node-tools a.button").nth(1),
        "تدريب المعلمين على التفكير النقدي",
        "A1.1.1",
        4,
    )
    expect(page.locator("li.node.level-3 .tag.area")).to_have_count(1)
    page.screenshot(path=str(artifacts / "journey-structure-ar.png"), full_page=True)

    # A consultation input on the action, with its reasoned response.
    page.goto(f"{base}/ar/plans/{plan.pk}/consultations/inputs/add/")
    page.fill("[name=text_ar]", "إشراك الأندية الرياضية كشركاء")
    action_pk = PlanNode.objects.get(plan=plan, code="A1.1.1").pk
    page.locator("select[name=node]").select_option(str(action_pk))
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{base}/ar/plans/{plan.pk}/consultations/inputs/")
    page.locator("a.button[href*='/respond/']").first.click()
    respond = page.locator("form.respond-form")
    respond.locator("select[name=disposition]").select_option("accepted")
    respond.locator("[name=response_ar]").fill("أُضيفت الأندية الرياضية إلى الشركاء.")
    respond.locator("button[type=submit]").click()
    expect(page.locator("text=أُضيفت الأندية الرياضية إلى الشركاء.")).to_be_visible()

    # Submitted for validation by the editor...
    page.goto(f"{base}/ar/plans/{plan.pk}/")
    page.locator("#id_to").select_option("validation")
    page.locator("form[action$='/status/'] button[type=submit]").click()
    expect(page.locator("#approval")).to_be_visible()
    _log_out(page)

    # ...approved by someone else with approver rights (the code step passes by itself).
    _log_in(page, base, "unoct")
    page.goto(f"{base}/ar/plans/{plan.pk}/")
    page.locator("form[action$='/approve/'] button[type=submit]").click()
    expect(page.locator("#approval .approved")).to_be_visible()
    page.screenshot(path=str(artifacts / "journey-approved-ar.png"), full_page=True)

    # Version 1, an edit, version 2, and the comparison.
    page.goto(f"{base}/ar/plans/{plan.pk}/versions/")
    page.locator("select[name=reason]").select_option("adoption")
    page.locator("form[action$='/publish/'] button[type=submit]").click()
    page.goto(f"{base}/ar/plans/{plan.pk}/structure/")
    action = page.locator("li.node.level-3").first
    action.locator(".node-tools a.button").first.click()
    form = page.locator("form.node-form").last
    form.locator("[name=text_ar]").fill("تدريب المعلمين والأئمة على التفكير النقدي")
    form.locator("button[type=submit]").click()
    expect(page.locator("text=تدريب المعلمين والأئمة على التفكير النقدي")).to_be_visible()
    page.goto(f"{base}/ar/plans/{plan.pk}/versions/")
    page.locator("select[name=reason]").select_option("threat_assessment")
    page.locator("form[action$='/publish/'] button[type=submit]").click()
    page.goto(f"{base}/ar/plans/{plan.pk}/versions/compare/?from=1&to=2")
    expect(page.locator("del", has_text="تدريب المعلمين على التفكير النقدي")).to_be_visible()
    expect(
        page.locator("ins", has_text="تدريب المعلمين والأئمة على التفكير النقدي")
    ).to_be_visible()
    page.screenshot(path=str(artifacts / "journey-compare-ar.png"), full_page=True)
