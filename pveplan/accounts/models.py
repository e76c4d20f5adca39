from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from pveplan.core.i18n import LANGUAGE_CHOICES, UN_LANGUAGES, pick
from pveplan.core.permissions import GLOBAL_ROLES, Role
from pveplan.taxonomy.models import Country, RegionalOrganization, SectoralBody, UNEntity


class User(AbstractUser):  # type: ignore[django-manager-missing]  # django-otp devices
    language = models.CharField(
        _("preferred language"), max_length=5, choices=LANGUAGE_CHOICES, blank=True
    )

    class Meta(AbstractUser.Meta):
        pass


class OrganizationKind(models.TextChoices):
    MEMBER_STATE = "member_state", _("Member State")
    GOVERNMENT_BODY = "government_body", _("government body")
    REGIONAL_ORG = "regional_org", _("regional organization")
    SECTORAL_BODY = "sectoral_body", _("sectoral body")
    UN_ENTITY = "un_entity", _("UN entity")
    DONOR = "donor", _("donor")
    CSO = "cso", _("civil-society organization")


# Which reference link each kind must have (and no other); names are own only where none.
_LINKS = ("country", "regional_organization", "sectoral_body", "un_entity")
_REQUIRED_LINKS: dict[str, set[str]] = {
    OrganizationKind.MEMBER_STATE: {"country"},
    OrganizationKind.GOVERNMENT_BODY: {"country"},
    OrganizationKind.REGIONAL_ORG: {"regional_organization"},
    OrganizationKind.SECTORAL_BODY: {"sectoral_body", "regional_organization"},
    OrganizationKind.UN_ENTITY: {"un_entity"},
    OrganizationKind.DONOR: set(),
    OrganizationKind.CSO: set(),
}
_OPTIONAL_LINKS: dict[str, set[str]] = {
    OrganizationKind.DONOR: {"country"},
    OrganizationKind.CSO: {"country"},
}


def _kind_constraint() -> Q:
    q = Q()
    for kind, required in _REQUIRED_LINKS.items():
        allowed = required | _OPTIONAL_LINKS.get(kind, set())
        clause = Q(kind=kind)
        for link in _LINKS:
            if link in required:
                clause &= Q(**{f"{link}__isnull": False})
            elif link not in allowed:
                clause &= Q(**{f"{link}__isnull": True})
        q |= clause
    return q


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def with_labels(self) -> OrganizationQuerySet:
        return self.select_related("country", "regional_organization", "sectoral_body", "un_entity")


class Organization(models.Model):
    """Anyone a user can act for: a Member State, one of its ministries, a regional organization
    or one of its sectoral bodies, a UN entity, a donor or a civil-society organization.

    Member States, regional organizations, sectoral bodies and UN entities take their names from
    the reference data they point to; the others carry their own names.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT
    )
    regional_organization = models.ForeignKey(
        RegionalOrganization,
        verbose_name=_("regional organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    sectoral_body = models.ForeignKey(
        SectoralBody,
        verbose_name=_("sectoral body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    un_entity = models.ForeignKey(
        UNEntity, verbose_name=_("UN entity"), null=True, blank=True, on_delete=models.PROTECT
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=300, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=_kind_constraint(), name="organization_links_match_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["member_state", "regional_org", "sectoral_body", "un_entity"])
                | ~Q(name_en=""),
                name="organization_own_name_needs_english",
            ),
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(kind="member_state"),
                name="one_member_state_org_per_country",
            ),
            models.UniqueConstraint(
                fields=["regional_organization"],
                condition=Q(kind="regional_org"),
                name="one_org_per_regional_organization",
            ),
            models.UniqueConstraint(
                fields=["sectoral_body"],
                condition=Q(kind="sectoral_body"),
                name="one_org_per_sectoral_body",
            ),
            models.UniqueConstraint(
                fields=["un_entity"], condition=Q(kind="un_entity"), name="one_org_per_un_entity"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def reference(self) -> Country | RegionalOrganization | SectoralBody | UNEntity | None:
        """The reference item this organization stands for, whose names it shows."""
        if self.kind == OrganizationKind.MEMBER_STATE:
            return self.country
        if self.kind == OrganizationKind.REGIONAL_ORG:
            return self.regional_organization
        if self.kind == OrganizationKind.SECTORAL_BODY:
            return self.sectoral_body
        if self.kind == OrganizationKind.UN_ENTITY:
            return self.un_entity
        return None

    @property
    def label(self) -> str:
        ref = self.reference
        if ref is not None:
            return ref.label
        return (
            pick({code: getattr(self, f"name_{code}") for code in UN_LANGUAGES}).text or self.code
        )

    def clean(self) -> None:
        errors = {}
        required = _REQUIRED_LINKS.get(self.kind, set())
        allowed = required | _OPTIONAL_LINKS.get(self.kind, set())
        for link in _LINKS:
            value = getattr(self, f"{link}_id")
            if link in required and value is None:
                errors[link] = _("An organization of this kind needs this field.")
            elif link not in allowed and value is not None:
                errors[link] = _("An organization of this kind cannot have this field.")
        if self.kind not in _REFERENCED_KINDS and not self.name_en.strip():
            errors["name_en"] = _("Give the organization's name in English at least.")
        if (
            self.kind == OrganizationKind.SECTORAL_BODY
            and self.sectoral_body is not None
            and self.sectoral_body.regional_organization_id != self.regional_organization_id
        ):
            errors["regional_organization"] = _(
                "A sectoral body belongs to its own regional organization."
            )
        if errors:
            raise ValidationError(errors)


_REFERENCED_KINDS = {
    OrganizationKind.MEMBER_STATE,
    OrganizationKind.REGIONAL_ORG,
    OrganizationKind.SECTORAL_BODY,
    OrganizationKind.UN_ENTITY,
}

# Which roles a membership in each kind of organization may carry.
ROLES_BY_KIND: dict[str, set[str]] = {
    OrganizationKind.MEMBER_STATE: {Role.FOCAL_POINT, Role.EDITOR, Role.VIEWER},
    OrganizationKind.GOVERNMENT_BODY: {Role.FOCAL_POINT, Role.EDITOR, Role.VIEWER},
    OrganizationKind.REGIONAL_ORG: {Role.FOCAL_POINT, Role.EDITOR, Role.VIEWER},
    OrganizationKind.SECTORAL_BODY: {Role.EDITOR, Role.VIEWER},
    OrganizationKind.UN_ENTITY: {Role.UN_STAFF, Role.UNOCT_OFFICER, Role.PLATFORM_ADMIN},
    OrganizationKind.DONOR: {Role.DONOR},
    OrganizationKind.CSO: {Role.CSO_CONTRIBUTOR},
}


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="unique_membership_role"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"

    @property
    def is_global(self) -> bool:
        return self.role in GLOBAL_ROLES

    def clean(self) -> None:
        kind = self.organization.kind if self.organization_id else None
        if kind and self.role not in ROLES_BY_KIND.get(kind, set()):
            raise ValidationError({"role": _("This role does not fit this kind of organization.")})
        if self.role == Role.UNOCT_OFFICER and (
            self.organization_id is None
            or self.organization.un_entity is None
            or self.organization.un_entity.code != "UNOCT"
        ):
            raise ValidationError({"role": _("Only UNOCT staff can be UNOCT programme officers.")})


def recovery_code_digest(code: str) -> str:
    """The stored form of a recovery code: SHA-256 of the code without spaces, dashes or case.

    The codes are random (50 bits) and single-use, so a fast hash suffices; nobody can read a
    code back from the database.
    """
    normalized = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalized.encode()).hexdigest()


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):  # type: ignore[misc]
    """A user's single-use recovery codes, for when their authenticator app is lost.

    A django-otp device, so a session verified with a recovery code counts as verified. Only the
    digests are stored; the codes are shown once, when they are made.
    """

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: str) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        match = self.codes.filter(digest=recovery_code_digest(token)).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(
        RecoveryCodeDevice,
        verbose_name=_("recovery codes"),
        on_delete=models.CASCADE,
        related_name="codes",
    )
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["device", "digest"], name="unique_recovery_code"),
            models.CheckConstraint(
                condition=Q(digest__regex=r"^[0-9a-f]{64}$"), name="recovery_code_is_a_digest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.digest[:8]}"
