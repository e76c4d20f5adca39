"""Changes to the capability catalogue: typed keyword-only functions, one audit event each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pveplan.accounts.models import Organization
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import UN_LANGUAGES, build_multilingual, texts_of
from pveplan.core.models import AuditOutcome
from pveplan.core.permissions import SUPPORT_OFFER
from pveplan.providers.models import (
    FIRST_YEAR,
    LAST_YEAR,
    PROVIDER_KINDS,
    Capability,
    Expertise,
    ExpertiseLevel,
    code_errors,
)
from pveplan.providers.permissions import may_edit
from pveplan.taxonomy.models import CompactWorkingGroup, Country, PriorityArea, RegionalOrganization

MAX_CAPACITY = 1000


@dataclass
class CapabilityInput:
    """What a provider says it can offer in a year."""

    working_groups: list[CompactWorkingGroup] = field(default_factory=list)
    # Expertise level (1-3) per PoA area; areas left out have none.
    levels: dict[PriorityArea, int] = field(default_factory=dict)
    modalities: list[str] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    regional_organizations: list[RegionalOrganization] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    capacity: int = 0
    notes: str = ""
    notes_language: str = "en"

    def errors(self) -> dict[str, list[str]]:
        errors = code_errors(self.modalities, self.languages)
        if any(level not in ExpertiseLevel.values for level in self.levels.values()):
            errors["levels"] = [_("An expertise level goes from 1 to 3.")]
        if not 0 <= self.capacity <= MAX_CAPACITY:
            errors["capacity"] = [
                _("Give a number of engagements between 0 and %(max)s.") % {"max": MAX_CAPACITY}
            ]
        if self.notes_language not in UN_LANGUAGES:
            errors["notes_language"] = [_("Choose one of the six UN languages.")]
        return errors


def _snapshot(capability: Capability) -> dict[str, Any]:
    """The audited facts of a capability, with its many-to-many links by code."""
    data = audit.snapshot(capability, ["year", "modalities", "languages", "capacity", "notes"])
    data["working_groups"] = sorted(capability.working_groups.values_list("code", flat=True))
    data["levels"] = dict(
        sorted(
            Expertise.objects.filter(capability=capability).values_list(
                "priority_area__code", "level"
            )
        )
    )
    data["countries"] = sorted(capability.countries.values_list("code", flat=True))
    data["regional_organizations"] = sorted(
        capability.regional_organizations.values_list("code", flat=True)
    )
    return data


def _refuse(by: Any, provider: Organization, action: str) -> PermissionDenied:
    audit.record(
        action=action, actor=by, obj=provider, outcome=AuditOutcome.DENIED, rationale=SUPPORT_OFFER
    )
    return PermissionDenied(SUPPORT_OFFER)


def capability_save(
    *,
    provider: Organization,
    year: int,
    data: CapabilityInput,
    by: Any,
    expected_version: int | None,
) -> Capability:
    """Create or change `provider`'s capability for `year`.

    Needs support:offer for that provider (its own staff, UNOCT, administrators).
    `expected_version` is the version the user edited, or None for a new capability; a
    capability created or changed by someone else meanwhile raises ConflictError.
    """
    if not may_edit(by, provider):
        raise _refuse(by, provider, "capability.save")
    errors = data.errors()
    if provider.kind not in PROVIDER_KINDS:
        errors["provider"] = [_("Only UN entities and donors have a capability.")]
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [
            _("Give a year between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = (
            Capability.objects.select_for_update().filter(provider=provider, year=year).first()
        )
        found = None if current is None else current.version
        if found != expected_version:
            raise ConflictError(current.pk if current is not None else provider.pk)
        before = _snapshot(current) if current is not None else None
        capability = current or Capability(provider=provider, year=year)
        capability.modalities = list(data.modalities)
        capability.languages = [code for code in UN_LANGUAGES if code in data.languages]
        capability.capacity = data.capacity
        # The note is written in one language at a time; the others are kept as they were.
        texts = {**texts_of(capability.notes), data.notes_language: data.notes}
        capability.notes = build_multilingual(texts, data.notes_language, capability.notes)
        if current is not None:
            capability.version += 1
        capability.save()
        capability.working_groups.set(data.working_groups)
        capability.countries.set(data.countries)
        capability.regional_organizations.set(data.regional_organizations)
        Expertise.objects.filter(capability=capability).delete()
        Expertise.objects.bulk_create(
            Expertise(capability=capability, priority_area=area, level=level)
            for area, level in data.levels.items()
        )
        after = _snapshot(capability)
        if before is not None:
            before, after = audit.diff(before, after)
        audit.record(
            action="capability.update" if current is not None else "capability.create",
            actor=by,
            on_behalf_of=provider.code,
            obj=capability,
            before=before,
            after=after,
        )
    return capability
