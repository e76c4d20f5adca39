"""Test set-up shared by every test: the personas and plans of `pveplan.testing`, fast hashing."""

from typing import Any

import pytest

pytest_plugins = ["pveplan.testing"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The real hasher is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings: Any, tmp_path: Any) -> None:
    # Uploads and export files written by tests never land in var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_language_left_active() -> Any:
    # A test that activates a language (or renders a page in one) must not leave it to the next.
    from django.utils import translation

    yield
    translation.deactivate()
