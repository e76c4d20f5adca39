"""The capability catalogue: what each UN entity and donor can offer, year by year.

One Capability per provider organization (a UN entity or a donor) and year: the Compact working
groups it takes part in, its expertise per PoA area (level 1-3), the modalities of support it
offers, the countries and regional organizations where it is present, its working languages
and how many new engagements it can take this year. Matching (matching.py) ranks providers for
a support request from these facts; the 3W view (threew.py) shows where they actually work.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.core.i18n import LANGUAGE_NAMES, UN_LANGUAGES, Shown, pick, texts_of
from pveplan.core.models import TimestampedModel
from pveplan.support.models import Modality
from pveplan.taxonomy.models import CompactWorkingGroup, Country, PriorityArea, RegionalOrganization

PROVIDER_KINDS = (OrganizationKind.UN_ENTITY, OrganizationKind.DONOR)
FIRST_YEAR, LAST_YEAR = 2000, 2100


class ExpertiseLevel(models.IntegerChoices):
    BASIC = 1, _("working knowledge")
    EXPERIENCED = 2, _("experienced")
    EXPERT = 3, _("expert")


def code_errors(modalities: object, languages: object) -> dict[str, list[str]]:
    """What is wrong with the modality and language lists (JSON in the database)."""
    errors: dict[str, list[str]] = {}
    if not isinstance(modalities, list) or any(m not in Modality.values for m in modalities):
        errors["modalities"] = [str(_("Choose modalities from the list."))]
    elif len(set(modalities)) != len(modalities):
        errors["modalities"] = [str(_("Give each modality once."))]
    if not isinstance(languages, list) or any(code not in UN_LANGUAGES for code in languages):
        errors["languages"] = [str(_("Choose languages among the six UN languages."))]
    elif len(set(languages)) != len(languages):
        errors["languages"] = [str(_("Give each language once."))]
    return errors


class CapabilityQuerySet(models.QuerySet["Capability"]):
    def for_listing(self) -> CapabilityQuerySet:
        """With everything the catalogue and the matching read, in a constant number of queries."""
        return self.select_related("provider__un_entity", "provider__country").prefetch_related(
            "working_groups",
            Prefetch("expertise", queryset=Expertise.objects.select_related("priority_area")),
            Prefetch("countries", queryset=Country.objects.only("pk", "code", "subregion_id")),
            "regional_organizations",
        )


class Capability(TimestampedModel):
    provider = models.ForeignKey(
        Organization,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="capabilities",
        help_text=_("The UN entity or donor."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    working_groups = models.ManyToManyField(
        CompactWorkingGroup,
        verbose_name=_("Compact working groups"),
        blank=True,
        related_name="provider_capabilities",
    )
    priority_areas = models.ManyToManyField(
        PriorityArea,
        verbose_name=_("expertise by priority area"),
        through="Expertise",
        blank=True,
        related_name="provider_capabilities",
    )
    modalities = models.JSONField(
        _("modalities"), default=list, blank=True, help_text=_("The kinds of support it offers.")
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries where present"),
        blank=True,
        related_name="provider_capabilities",
    )
    regional_organizations = models.ManyToManyField(
        RegionalOrganization,
        verbose_name=_("regional organizations it works with"),
        blank=True,
        related_name="provider_capabilities",
    )
    languages = models.JSONField(
        _("working languages"), default=list, blank=True, help_text=_("UN language codes.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity this year"),
        default=0,
        help_text=_("How many new engagements it can take on this year."),
    )
    # Narrative, per language: {"en": {"text": "...", "provenance": "original"}, ...}
    notes = models.JSONField(_("notes"), default=dict, blank=True)

    objects = CapabilityQuerySet.as_manager()

    class Meta:
        ordering = ["provider__code", "-year"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        constraints = [
            models.UniqueConstraint(fields=["provider", "year"], name="one_capability_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="capability_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.year}"

    def clean(self) -> None:
        errors: dict[str, Any] = dict(code_errors(self.modalities, self.languages))
        provider = getattr(self, "provider", None)
        if provider is not None and provider.kind not in PROVIDER_KINDS:
            errors["provider"] = [_("Only UN entities and donors have a capability.")]
        if errors:
            raise ValidationError(errors)

    @property
    def shown_notes(self) -> Shown:
        return pick(texts_of(self.notes))

    def modality_labels(self) -> list[str]:
        labels = dict(Modality.choices)
        return [str(labels[m]) for m in self.modalities if m in labels]

    def language_labels(self) -> list[str]:
        return [str(LANGUAGE_NAMES[c]) for c in UN_LANGUAGES if c in self.languages]

    def levels(self) -> dict[int, int]:
        """Expertise level per PoA area number (prefetched by `for_listing`)."""
        return {e.priority_area.number: e.level for e in self.expertise.all()}


class Expertise(models.Model):
    """How much a provider knows of one PoA area, from 1 (working knowledge) to 3 (expert)."""

    capability = models.ForeignKey(
        Capability, verbose_name=_("capability"), on_delete=models.CASCADE, related_name="expertise"
    )
    priority_area = models.ForeignKey(
        PriorityArea, verbose_name=_("priority area"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=ExpertiseLevel.choices)

    class Meta:
        ordering = ["capability", "priority_area__number"]
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")
        constraints = [
            models.UniqueConstraint(
                fields=["capability", "priority_area"], name="one_level_per_area"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=3), name="expertise_level_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.priority_area_id}: {self.level}"
