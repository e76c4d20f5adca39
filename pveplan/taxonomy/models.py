"""Reference data: the lists every plan, assessment and report is tagged with.

Seeded by data migrations from the CSV files in `data/`; editable in the admin. Each item has a
stable `code` that imports, exports and the API use; labels exist in the six UN languages.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pveplan.core.models import LabelledModel


class ReferenceItem(LabelledModel):
    code = models.CharField(_("code"), max_length=40, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]


class Region(ReferenceItem):
    """An M49 region (Africa, Asia...) or sub-region (Northern Africa...); `code` is the M49 code."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subregions",
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Country(ReferenceItem):
    """A UN Member State; `code` is the ISO 3166-1 alpha-3 code."""

    iso2 = models.CharField(_("ISO alpha-2 code"), max_length=2, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    subregion = models.ForeignKey(
        Region, verbose_name=_("sub-region"), on_delete=models.PROTECT, related_name="countries"
    )
    un_member_since = models.PositiveSmallIntegerField(_("UN member since"), null=True, blank=True)

    class Meta(ReferenceItem.Meta):
        ordering = ["name_en"]
        verbose_name = _("Member State")
        verbose_name_plural = _("Member States")


class RegionalOrganization(ReferenceItem):
    """A regional or sub-regional organization, or a group of States with a joint plan."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("regional organization")
        SUBREGIONAL = "subregional", _("sub-regional organization")
        INTERREGIONAL = "interregional", _("inter-regional organization")
        GROUP = "group", _("group of States")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    member_countries = models.ManyToManyField(
        Country, verbose_name=_("member States"), blank=True, related_name="regional_organizations"
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("regional organization")
        verbose_name_plural = _("regional organizations")


class SectoralBody(ReferenceItem):
    """A sectoral body of a regional organization (e.g. ASEAN's SOMTC) that can own plan actions."""

    regional_organization = models.ForeignKey(
        RegionalOrganization,
        verbose_name=_("regional organization"),
        on_delete=models.PROTECT,
        related_name="sectoral_bodies",
    )
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    community = models.CharField(_("pillar or community"), max_length=100, blank=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("sectoral body")
        verbose_name_plural = _("sectoral bodies")


class CompactWorkingGroup(ReferenceItem):
    """A working group of the Global Counter-Terrorism Coordination Compact."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("Compact working group")
        verbose_name_plural = _("Compact working groups")


class UNEntity(ReferenceItem):
    """A UN entity (or partner such as INTERPOL) in the Global Counter-Terrorism Coordination Compact."""

    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    working_groups = models.ManyToManyField(
        CompactWorkingGroup,
        verbose_name=_("Compact working groups"),
        blank=True,
        related_name="entities",
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("UN entity")
        verbose_name_plural = _("UN entities")


class PriorityArea(ReferenceItem):
    """One of the 7 priority areas of the Secretary-General's Plan of Action (A/70/674)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta(ReferenceItem.Meta):
        ordering = ["number"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")


class Driver(ReferenceItem):
    """A driver of violent extremism (A/70/674): a push factor or a pull factor."""

    class Kind(models.TextChoices):
        PUSH = "push", _("push: conditions conducive and structural context")
        PULL = "pull", _("pull: processes of radicalization")

    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("driver of violent extremism")
        verbose_name_plural = _("drivers of violent extremism")


class GCTSPillar(ReferenceItem):
    """One of the 4 pillars of the UN Global Counter-Terrorism Strategy (A/RES/60/288)."""

    numeral = models.CharField(_("numeral"), max_length=4, unique=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("Strategy pillar")
        verbose_name_plural = _("Strategy pillars")


class GCTSReview(ReferenceItem):
    """An adoption or General Assembly review of the Global Counter-Terrorism Strategy."""

    resolution = models.CharField(_("resolution"), max_length=20, unique=True)
    adopted_on = models.DateField(_("adopted on"))
    ordinal = models.PositiveSmallIntegerField(_("review number"), unique=True)

    class Meta(ReferenceItem.Meta):
        ordering = ["ordinal"]
        verbose_name = _("Strategy review")
        verbose_name_plural = _("Strategy reviews")


class SDGTarget(ReferenceItem):
    """A Sustainable Development Goal or one of its targets (`code` like SDG16 or SDG16.1)."""

    goal = models.PositiveSmallIntegerField(_("goal"))
    is_goal = models.BooleanField(_("whole goal"), default=False)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("SDG goal or target")
        verbose_name_plural = _("SDG goals and targets")


class PlanPhase(ReferenceItem):
    """One of the 10 phases of developing and living with a plan (0 mandate ... 9 review)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta(ReferenceItem.Meta):
        ordering = ["number"]
        verbose_name = _("plan phase")
        verbose_name_plural = _("plan phases")


class GuidingPrinciple(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")
