"""The notification pages: only one's own, for anyone signed in (merged by the matrix)."""

from __future__ import annotations

from typing import Any

from pveplan.plans.tests.test_permission_matrix import LOGGED_IN_GET, expect

POLICY: dict[str, list[tuple[Any, ...]]] = {
    "notifications:inbox": [("get", None, LOGGED_IN_GET)],
    "notifications:preferences": [("get", None, LOGGED_IN_GET)],
    "notifications:mark_read": [("post", None, expect(302))],
}
