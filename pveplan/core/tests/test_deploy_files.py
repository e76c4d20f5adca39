"""The files in deploy/ agree with the settings: every variable they set is documented and
read, and the gunicorn configuration loads and points at the project's WSGI application."""

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_example_environment_sets_only_documented_variables() -> None:
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / "deploy" / "pveplan.env.example").read_text()
    names = re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE)
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DEBUG"} <= set(names)
    missing = [name for name in names if f"`{name}`" not in readme]
    assert not missing, f"deploy/pveplan.env.example sets undocumented variables: {missing}"


def test_the_gunicorn_configuration_loads(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PVEPLAN_WORKERS", "3")
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["wsgi_app"] == "config.wsgi:application" and config["workers"] == 3
    assert (ROOT / "config" / "wsgi.py").exists()


def test_the_gunicorn_variables_are_documented() -> None:
    readme = (ROOT / "README.md").read_text()
    text = (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    names = re.findall(r"""environ\.get\(\s*["']([A-Z_]+)["']""", text)
    assert names
    missing = [name for name in names if f"`{name}`" not in readme]
    assert not missing, f"undocumented gunicorn settings: {missing}"
