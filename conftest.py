"""Test set-up shared by every test: the personas and plans of `pveplan.testing`, fast hashing."""

from typing import Any

import pytest

pytest_plugins = ["pveplan.testing"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The real hasher is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
