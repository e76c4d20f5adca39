"""A programme officer logs in, opens the registry in Arabic and in English, and registers a plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from pveplan.testing import PASSWORD, World

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in(page: Page, base: str, username: str, language: str) -> None:
    page.goto(f"{base}/{language}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()


def test_an_officer_opens_the_registry_in_arabic_and_english(
    page: Page, live_server: Any, world: World, artifacts: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, live_server.url, "unoct", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_contain_text("خطط")
    # The map is drawn from the offline TopoJSON: shapes, some coloured by plan status.
    expect(page.locator("#world-map svg path.country").first).to_be_attached(timeout=10_000)
    expect(page.locator("#world-map path.status-drafting").first).to_be_attached()
    assert page.locator("#world-map path.country").count() > 150
    expect(page.locator("table.registry tbody tr")).to_have_count(len(world.plans))
    page.screenshot(path=str(artifacts / "registry-ar.png"), full_page=True)

    page.select_option("#language-select", "en")
    page.locator(".language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_contain_text("plans to prevent violent extremism")
    page.screenshot(path=str(artifacts / "registry-en.png"), full_page=True)


def test_filters_update_the_results_in_place(page: Page, live_server: Any, world: World) -> None:
    _log_in(page, live_server.url, "unoct", "en")
    expect(page.locator("#id_status")).to_be_visible()  # past the code step, on the registry
    page.wait_for_function("() => window.htmx !== undefined")  # htmx listens before we change
    page.select_option("#id_status", "implementing")
    expect(page.locator("table.registry tbody tr")).to_have_count(1)
    assert "status=implementing" in page.url


def test_a_focal_point_registers_a_plan_in_arabic(
    page: Page, live_server: Any, world: World, artifacts: Path
) -> None:
    _log_in(page, live_server.url, "a_focal", "ar")
    page.goto(f"{live_server.url}/ar/plans/new/")
    page.select_option("#id_original_language", "ar")
    page.fill("#id_title_ar", "الاستراتيجية الوطنية للوقاية من التطرف العنيف ٢٠٢٦")
    page.fill("#id_period_start", "2026")
    page.fill("#id_period_end", "2030")
    page.screenshot(path=str(artifacts / "plan-form-ar.png"), full_page=True)
    page.locator("form.plan-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("الاستراتيجية الوطنية")
    expect(page.locator(".page-head .badge")).to_contain_text("الصياغة")
