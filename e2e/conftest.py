"""Browser tests: Playwright driving the system Chromium (no browser download).

Where Chromium is missing they are skipped with the reason; where CI is set, they fail instead.
"""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
ARTIFACTS = Path(
    os.environ.get(
        "PVEPLAN_ARTIFACTS", Path(__file__).resolve().parent.parent / "var" / "artifacts"
    )
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if CHROMIUM:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI is set but no Chromium was found: install the chromium package")
    reason = "Chromium is not installed (apt-get install chromium); browser tests skipped"
    print(f"\n{reason}")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def reference_data(transactional_db: Any) -> None:
    """Browser tests run in real transactions, and the database is emptied after each one;
    put the reference data of the data migrations back, as a fresh migrate would."""
    from django.apps import apps
    from django.db import connection

    from pveplan.taxonomy.models import Country
    from pveplan.taxonomy.seed import load_reference_data

    if Country.objects.exists():
        return
    organizations = importlib.import_module(
        "pveplan.accounts.migrations.0002_reference_organizations"
    )
    editor = SimpleNamespace(connection=connection)  # the loaders only ask which database
    load_reference_data(apps, editor)  # type: ignore[arg-type]
    organizations.create_reference_organizations(apps, editor)


@pytest.fixture
def page(page: Any) -> Any:
    """A page that passes the two-factor code step by itself, as a person with the app would.

    Personas whose role requires two-factor (focal point, UNOCT officer, administrator) have an
    authenticator with the demo secret (pveplan.testing); whenever the code form shows, the
    current code is typed in before the test's next action or assertion.
    """
    from pveplan.accounts import twofactor

    def enter_code(form: Any) -> None:
        form.locator("input[name=code]").fill(twofactor.totp_code(twofactor.demo_key()))
        form.locator("button[type=submit]").click()

    page.add_locator_handler(page.locator("form.two-factor-verify"), enter_code)
    return page
