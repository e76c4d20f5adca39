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
def _shared_test_models(settings: Any) -> None:
    # The fitted classifier is trained once into var/test-models and reused by every test and run
    # (SQLite then PostgreSQL in CI), never written into the app's own var/models.
    settings.PVEPLAN_MODELS_DIR = settings.BASE_DIR / "var" / "test-models"


@pytest.fixture(autouse=True)
def _no_language_left_active() -> Any:
    # A test that activates a language (or renders a page in one) must not leave it to the next.
    from django.utils import translation

    yield
    translation.deactivate()
