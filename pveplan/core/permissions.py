"""The permission vocabulary: roles, scoped permission names, and the one table joining them.

A permission name is `<app>:<read|write|approve|manage>`. A membership gives its role's
permissions within its organization's scope (a country, or a regional organization); the
global roles give them everywhere. Reading is decided by visibility (see each app's
`visible_to`); this table decides writing, approving and managing.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

PLANS_READ = "plans:read"
PLANS_WRITE = "plans:write"
PLANS_APPROVE = "plans:approve"
ACCOUNTS_MANAGE = "accounts:manage"
TAXONOMY_MANAGE = "taxonomy:manage"
AUDIT_READ = "audit:read"
# Capacity-needs assessments: the country's team answers, UNOCT validates.
ASSESSMENTS_WRITE = "assessments:write"
ASSESSMENTS_VALIDATE = "assessments:validate"
# Support requests: a country (or regional organization) asks, UNOCT triages and assigns,
# UN entities and donors offer on behalf of their organization.
SUPPORT_REQUEST = "support:request"
SUPPORT_TRIAGE = "support:triage"
SUPPORT_OFFER = "support:offer"
# Coordination groups, their meetings, decisions and action items; programme funding.
COORDINATION_MANAGE = "coordination:manage"
FUNDING_MANAGE = "funding:manage"

ALL_PERMISSIONS: frozenset[str] = frozenset(
    {
        PLANS_READ,
        PLANS_WRITE,
        PLANS_APPROVE,
        ACCOUNTS_MANAGE,
        TAXONOMY_MANAGE,
        AUDIT_READ,
        ASSESSMENTS_WRITE,
        ASSESSMENTS_VALIDATE,
        SUPPORT_REQUEST,
        SUPPORT_TRIAGE,
        SUPPORT_OFFER,
        COORDINATION_MANAGE,
        FUNDING_MANAGE,
    }
)


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    UNOCT_OFFICER = "unoct_officer", _("UNOCT programme officer")
    FOCAL_POINT = "focal_point", _("Focal point")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")
    UN_STAFF = "un_staff", _("UN entity staff")
    DONOR = "donor", _("Donor representative")
    CSO_CONTRIBUTOR = "cso_contributor", _("Civil-society contributor")


_COUNTRY_TEAM = {PLANS_READ, PLANS_WRITE, ASSESSMENTS_WRITE, SUPPORT_REQUEST}
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.PLATFORM_ADMIN: ALL_PERMISSIONS,
    Role.UNOCT_OFFICER: frozenset(
        {
            PLANS_READ,
            PLANS_WRITE,
            PLANS_APPROVE,
            AUDIT_READ,
            ASSESSMENTS_VALIDATE,
            SUPPORT_REQUEST,
            SUPPORT_TRIAGE,
            SUPPORT_OFFER,
            COORDINATION_MANAGE,
            FUNDING_MANAGE,
        }
    ),
    Role.FOCAL_POINT: frozenset({*_COUNTRY_TEAM, PLANS_APPROVE, ACCOUNTS_MANAGE}),
    Role.EDITOR: frozenset(_COUNTRY_TEAM),
    Role.VIEWER: frozenset({PLANS_READ}),
    # UN entity staff and donors offer support on behalf of their own organization.
    Role.UN_STAFF: frozenset({PLANS_READ, SUPPORT_OFFER}),
    Role.DONOR: frozenset({PLANS_READ, SUPPORT_OFFER}),
    Role.CSO_CONTRIBUTOR: frozenset({PLANS_READ}),
}

# Roles whose permissions hold everywhere, whatever organization the membership is in.
GLOBAL_ROLES: frozenset[str] = frozenset({Role.PLATFORM_ADMIN, Role.UNOCT_OFFICER})


def permissions_of(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())
