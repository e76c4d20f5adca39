"""Who gets what on the sign-in security pages (merged by test_permission_matrix).

Persona clients are verified with their authenticator when they have one (a_focal, unoct and
admin, whose roles require two-factor); the enforcement itself is tested in
pveplan/accounts/tests/.
"""

from __future__ import annotations

from typing import Any

from pveplan.plans.tests.test_permission_matrix import EVERYONE, LOGGED_IN_GET, expect

WITH_AUTHENTICATOR = {"a_focal": 200, "unoct": 200, "admin": 200}
REQUIRED = {"a_focal": 403, "unoct": 403, "admin": 403}
ADMINISTRATORS_ONLY_GET = expect(403, anonymous=302, admin=200)
ADMINISTRATORS_ONLY_POST = expect(403, anonymous=302, admin=302)


def _reset_link(world: Any) -> dict[str, str]:
    return {"uidb64": "MQ", "token": "not-a-token"}


POLICY: dict[str, list[Any]] = {
    "accounts:password_reset": [("get", None, EVERYONE)],
    "accounts:password_reset_done": [("get", None, EVERYONE)],
    # A wrong link answers with a page saying so.
    "accounts:password_reset_confirm": [("get", _reset_link, EVERYONE)],
    "accounts:password_reset_complete": [("get", None, EVERYONE)],
    "accounts:two_factor": [("get", None, LOGGED_IN_GET)],
    # Verified sessions and accounts without an authenticator are sent on.
    "accounts:two_factor_verify": [("get", None, expect(302))],
    "accounts:two_factor_enroll": [("get", None, LOGGED_IN_GET)],
    # New codes are shown to those with an authenticator; the others are sent to set one up.
    "accounts:recovery_codes": [("post", None, expect(302, **WITH_AUTHENTICATOR))],
    # Those whose role requires two-factor may not turn it off; the others have nothing to remove.
    "accounts:two_factor_remove": [("post", None, expect(302, **REQUIRED))],
    "accounts:lockouts": [
        ("get", None, ADMINISTRATORS_ONLY_GET),
        ("post", None, ADMINISTRATORS_ONLY_POST, {"username": "someone"}),
    ],
    # Another person's account is out of sight (404); one's own is in sight, not allowed (403).
    "accounts:two_factor_reset": [
        (
            "post",
            None,
            expect(404, anonymous=302, admin=302, a_editor=403),
            {"username": "a_editor"},
        )
    ],
}
