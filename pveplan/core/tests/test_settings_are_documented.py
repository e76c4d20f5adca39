"""Every environment variable the project reads is documented in README.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _variables_read() -> set[str]:
    names: set[str] = set()
    for path in [ROOT / "config" / "settings.py", ROOT / "e2e" / "conftest.py"]:
        text = path.read_text()
        names |= set(re.findall(r"""env(?:bool|int)?\(\s*["']([A-Z_]+)["']""", text))
        names |= set(re.findall(r"""environ\.get\(\s*["']([A-Z_]+)["']""", text))
    return names - {"CI", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_every_environment_variable_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    variables = _variables_read()
    assert {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= variables  # the scan finds them
    variables.add("DATABASE_URL")  # read by dj-database-url
    missing = sorted(name for name in variables if f"`{name}`" not in readme)
    assert not missing, f"undocumented settings: {missing}"
