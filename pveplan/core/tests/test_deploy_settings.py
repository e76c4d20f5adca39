"""Production settings, as README.md documents them, pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_reports_no_issues_with_the_documented_production_settings() -> None:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-key-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "pveplan.example.org",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for Playwright
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_example_production_environment_passes_check_deploy() -> None:
    """deploy/pveplan.env.example as shipped, with a real secret key in place of the placeholder
    (which the check rightly refuses) and the suite's SQLite in place of PostgreSQL."""
    example = (ROOT / "deploy" / "pveplan.env.example").read_text()
    settings = dict(
        line.split("=", 1)
        for line in example.splitlines()
        if line.strip() and not line.startswith("#")
    )
    settings.pop("DATABASE_URL")
    assert settings["SECRET_KEY"].startswith("change-me")
    settings["SECRET_KEY"] = "k7#Vq2!pL9$zR4^wX8&nB1*mT6(yH3)jD5-sF0+cG2=eA7~uK9"
    env = {**os.environ, **settings, "PVEPLAN_VAR_DIR": str(ROOT / "var")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
