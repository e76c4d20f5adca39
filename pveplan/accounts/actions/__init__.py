"""Every change to accounts, and every sign-in event: typed keyword-only functions, audited.

Views, the admin, management commands and the API call these.
"""

from pveplan.accounts.actions.accounts import (
    membership_add,
    organization_create,
    user_create,
    user_set_language,
)
from pveplan.accounts.actions.sign_in import (
    lockout_unlock,
    user_changed_password,
    user_logged_in,
    user_logged_out,
    user_login_failed,
    user_password_reset,
    user_password_reset_requested,
)
from pveplan.accounts.actions.two_factor import (
    Enrollment,
    recovery_codes_regenerate,
    totp_device_install,
    two_factor_enroll,
    two_factor_remove,
    two_factor_verify,
)

__all__ = [
    "Enrollment",
    "lockout_unlock",
    "membership_add",
    "organization_create",
    "recovery_codes_regenerate",
    "totp_device_install",
    "two_factor_enroll",
    "two_factor_remove",
    "two_factor_verify",
    "user_changed_password",
    "user_create",
    "user_logged_in",
    "user_logged_out",
    "user_login_failed",
    "user_password_reset",
    "user_password_reset_requested",
    "user_set_language",
]
