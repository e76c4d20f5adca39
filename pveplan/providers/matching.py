"""Matching: which UN entities and donors fit a support request best, and why.

`rank_providers(request)` scores every provider in the catalogue from 0 to 100 as a weighted sum
of factors (WEIGHTS), each with its points and a sentence saying why. The ranking reads a
constant number of queries whatever the number of providers. Donors are ranked only for
requests shared with donors (the others are never shown to them).

`possible_duplicates` (duplicates.py) and `coverage_gaps` (gaps.py) are exposed here too: the
support app looks them up as `pveplan.providers.matching.<name>`.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.core.i18n import LANGUAGE_NAMES, UN_LANGUAGES
from pveplan.providers.duplicates import Duplicate, possible_duplicates
from pveplan.providers.gaps import Gaps, coverage_gaps
from pveplan.providers.models import PROVIDER_KINDS, Capability
from pveplan.support.models import Modality, Offer, OfferStatus, RequestStatus, SupportRequest
from pveplan.taxonomy.models import CompactWorkingGroup, Country, PriorityArea

__all__ = [
    "WEIGHTS",
    "Duplicate",
    "Factor",
    "Gaps",
    "Match",
    "coverage_gaps",
    "possible_duplicates",
    "rank_providers",
]

# The weight of each factor: the most points it gives. They add up to 100.
WEIGHTS: dict[str, int] = {
    "areas": 30,
    "modality": 15,
    "presence": 15,
    "languages": 10,
    "working_groups": 10,
    "capacity": 10,
    "record": 10,
}
FACTOR_NAMES = {
    "areas": gettext_lazy("Expertise in the PoA areas"),
    "modality": gettext_lazy("Kind of support"),
    "presence": gettext_lazy("Presence"),
    "languages": gettext_lazy("Working languages"),
    "working_groups": gettext_lazy("Compact working groups"),
    "capacity": gettext_lazy("Capacity this year"),
    "record": gettext_lazy("Past support there"),
}
# The PVE working group fits every request; these fit particular areas and modalities.
PVE_GROUP = "WG-PVE"
AREA_GROUPS: dict[int, tuple[str, ...]] = {
    2: ("WG-HUMANRIGHTS", "WG-CRIMJUST"),
    5: ("WG-GENDER",),
    7: ("WG-EMERGING",),
}
MODALITY_GROUPS: dict[str, tuple[str, ...]] = {
    Modality.POLICY_ADVICE: ("WG-STRATEGIES",),
    Modality.DRAFTING: ("WG-STRATEGIES",),
    Modality.LEGAL_REVIEW: ("WG-CRIMJUST",),
    Modality.MONITORING: ("WG-RMME",),
    Modality.RESOURCES: ("WG-RMME",),
}
ACTIVE = (RequestStatus.ASSIGNED, RequestStatus.IN_DELIVERY)
DONE = (RequestStatus.DELIVERED, RequestStatus.CLOSED)
GOOD_RATING = 4


@dataclass(frozen=True)
class Factor:
    """One reason in a provider's score: `points` of at most `weight`, and why."""

    key: str
    weight: int
    points: int
    explanation: str

    @property
    def name(self) -> str:
        return str(FACTOR_NAMES[self.key])

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.weight) if self.weight else 0


@dataclass
class Match:
    provider: Organization
    capability: Capability
    factors: list[Factor] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(f.points for f in self.factors)

    def points(self, key: str) -> int:
        return next((f.points for f in self.factors if f.key == key), 0)


@dataclass
class _Context:
    """What every provider is compared with, loaded once per ranking."""

    request: SupportRequest
    requester: Organization
    areas: list[PriorityArea]
    groups: list[CompactWorkingGroup]
    member_countries: set[int]
    active: Counter[int]
    record: dict[int, tuple[int, float | None]]  # delivered, average rating


def _share(weight: int, part: float) -> int:
    return int(weight * part + 0.5)


def _names(items: list[str]) -> str:
    return ", ".join(items)


def _area(area: PriorityArea) -> dict[str, Any]:
    return {"number": area.number, "name": area.label}


def _areas(ctx: _Context, capability: Capability) -> Factor:
    weight = WEIGHTS["areas"]
    if not ctx.areas:
        return Factor("areas", weight, 0, _("The request names no PoA area."))
    levels = capability.levels()
    phrases = []
    for area in ctx.areas:
        level = levels.get(area.number, 0)
        if level == 3:
            phrases.append(_("expert in PoA area %(number)s (%(name)s)") % _area(area))
        elif level == 2:
            phrases.append(_("experienced in PoA area %(number)s (%(name)s)") % _area(area))
        elif level == 1:
            phrases.append(_("working knowledge of PoA area %(number)s (%(name)s)") % _area(area))
        else:
            phrases.append(
                _("no declared expertise in PoA area %(number)s (%(name)s)") % _area(area)
            )
    part = sum(levels.get(a.number, 0) for a in ctx.areas) / (3 * len(ctx.areas))
    return Factor("areas", weight, _share(weight, part), capfirst("; ".join(phrases)) + ".")


def _modality(ctx: _Context, capability: Capability) -> Factor:
    weight = WEIGHTS["modality"]
    name = ctx.request.get_modality_display()
    if ctx.request.modality in capability.modalities:
        return Factor("modality", weight, weight, _("Offers %(modality)s.") % {"modality": name})
    return Factor("modality", weight, 0, _("Does not offer %(modality)s.") % {"modality": name})


def _presence(ctx: _Context, capability: Capability) -> Factor:
    weight, half = WEIGHTS["presence"], WEIGHTS["presence"] // 2
    countries = list(capability.countries.all())
    requester = ctx.requester
    if requester.country is not None:
        place = {"country": requester.country.label}
        if any(c.pk == requester.country_id for c in countries):
            return Factor("presence", weight, weight, _("Present in %(country)s.") % place)
        nearby = [c for c in countries if c.subregion_id == requester.country.subregion_id]
        if nearby:
            text = ngettext(
                "Not present in %(country)s, but in %(count)s other country of its sub-region.",
                "Not present in %(country)s, but in %(count)s other countries of its sub-region.",
                len(nearby),
            ) % {**place, "count": len(nearby)}
            return Factor("presence", weight, half, text)
        return Factor(
            "presence", weight, 0, _("Not present in %(country)s or its sub-region.") % place
        )
    regional = requester.regional_organization
    if regional is None:
        return Factor("presence", weight, 0, _("The requester has no country or region."))
    place = {"organization": regional.label}
    if any(r.pk == regional.pk for r in capability.regional_organizations.all()):
        return Factor("presence", weight, weight, _("Works with %(organization)s.") % place)
    inside = [c for c in countries if c.pk in ctx.member_countries]
    if inside:
        text = ngettext(
            "Present in %(count)s member State of %(organization)s.",
            "Present in %(count)s member States of %(organization)s.",
            len(inside),
        ) % {**place, "count": len(inside)}
        return Factor("presence", weight, half, text)
    return Factor(
        "presence", weight, 0, _("Neither works with %(organization)s nor in its members.") % place
    )


def _languages(ctx: _Context, capability: Capability) -> Factor:
    weight = WEIGHTS["languages"]
    asked = [code for code in UN_LANGUAGES if code in (ctx.request.languages or [])]
    if not asked:
        return Factor("languages", weight, weight, _("The request names no working language."))
    matched = [str(LANGUAGE_NAMES[c]) for c in asked if c in capability.languages]
    missing = [str(LANGUAGE_NAMES[c]) for c in asked if c not in capability.languages]
    points = _share(weight, len(matched) / len(asked))
    if not missing:
        text = _("Works in %(languages)s, as asked.") % {"languages": _names(matched)}
    elif matched:
        text = _("Works in %(matched)s, not in %(missing)s.") % {
            "matched": _names(matched),
            "missing": _names(missing),
        }
    else:
        text = _("Works in none of the languages asked (%(missing)s).") % {
            "missing": _names(missing)
        }
    return Factor("languages", weight, points, text)


def _working_groups(ctx: _Context, capability: Capability) -> Factor:
    weight = WEIGHTS["working_groups"]
    if not ctx.groups:
        return Factor("working_groups", weight, 0, _("No Compact working group is relevant."))
    own = {g.pk for g in capability.working_groups.all()}
    member = [g.label for g in ctx.groups if g.pk in own]
    other = [g.label for g in ctx.groups if g.pk not in own]
    points = _share(weight, len(member) / len(ctx.groups))
    if not other:
        text = _("Member of every relevant working group: %(groups)s.") % {"groups": _names(member)}
    elif member:
        text = _("Member of %(member)s; not of %(other)s.") % {
            "member": _names(member),
            "other": _names(other),
        }
    else:
        text = _("Member of none of the relevant working groups (%(other)s).") % {
            "other": _names(other)
        }
    return Factor("working_groups", weight, points, text)


def remaining_capacity(capability: Capability, active: int) -> int:
    return capability.capacity - active


def _capacity(ctx: _Context, capability: Capability) -> Factor:
    weight = WEIGHTS["capacity"]
    active = ctx.active.get(capability.provider_id, 0)
    left = remaining_capacity(capability, active)
    values = {"capacity": capability.capacity, "year": capability.year, "active": active}
    if capability.capacity == 0:
        return Factor(
            "capacity", weight, 0, _("Declared no capacity for new support in %(year)s.") % values
        )
    points = weight if left >= 2 else weight // 2 if left == 1 else 0
    text = ngettext(
        "%(left)s engagement left in %(year)s (capacity %(capacity)s, %(active)s under way).",
        "%(left)s engagements left in %(year)s (capacity %(capacity)s, %(active)s under way).",
        max(left, 0),
    ) % {**values, "left": max(left, 0)}
    return Factor("capacity", weight, points, text)


def _record(ctx: _Context, capability: Capability) -> Factor:
    weight = WEIGHTS["record"]
    done, average = ctx.record.get(capability.provider_id, (0, None))
    place = {"place": ctx.requester.label}
    if not done:
        return Factor("record", weight, 0, _("No support delivered in %(place)s yet.") % place)
    if average is None:
        points = weight // 2
        text = ngettext(
            "Delivered support %(count)s time in %(place)s, not rated yet.",
            "Delivered support %(count)s times in %(place)s, not rated yet.",
            done,
        ) % {**place, "count": done}
    else:
        points = weight if average >= GOOD_RATING else weight // 2 if average >= 3 else 0
        text = ngettext(
            "Delivered support %(count)s time in %(place)s, rated %(rating)s of 5 by the requester.",
            "Delivered support %(count)s times in %(place)s, rated %(rating)s of 5 on average.",
            done,
        ) % {**place, "count": done, "rating": f"{average:.1f}"}
    return Factor("record", weight, points, text)


FACTORS = (_areas, _modality, _presence, _languages, _working_groups, _capacity, _record)


def _wanted_groups(request: SupportRequest, areas: list[PriorityArea]) -> list[CompactWorkingGroup]:
    codes = {PVE_GROUP, *MODALITY_GROUPS.get(request.modality, ())}
    for area in areas:
        codes.update(AREA_GROUPS.get(area.number, ()))
    return list(CompactWorkingGroup.objects.filter(code__in=codes))


def _same_place(requester: Organization, prefix: str) -> Q:
    if requester.country_id is not None:
        return Q(**{f"{prefix}requester__country_id": requester.country_id})
    return Q(**{f"{prefix}requester__regional_organization_id": requester.regional_organization_id})


def _track_record(
    request: SupportRequest, requester: Organization
) -> dict[int, tuple[int, float | None]]:
    rows = (
        Offer.objects.filter(
            _same_place(requester, "request__"),
            status=OfferStatus.ACCEPTED,
            request__status__in=DONE,
        )
        .exclude(request=request)
        .values("provider_id")
        .annotate(
            done=Count("pk"),
            average=Avg("request__feedback_rating"),
        )
    )
    return {
        r["provider_id"]: (
            r["done"],
            float(r["average"]) if r["average"] is not None else None,
        )
        for r in rows
    }


def capabilities_for(year: int, *, donors: bool = True) -> list[Capability]:
    """Each provider's capability for `year`, or the nearest year it has (earlier first)."""
    kinds = list(PROVIDER_KINDS) if donors else [OrganizationKind.UN_ENTITY]
    years: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, provider_id, y in Capability.objects.filter(provider__kind__in=kinds).values_list(
        "pk", "provider_id", "year"
    ):
        years[provider_id].append((abs(y - year) * 2 + (1 if y > year else 0), pk))
    chosen = [min(options)[1] for options in years.values()]
    return list(Capability.objects.filter(pk__in=chosen).for_listing())


def _context(request: SupportRequest) -> _Context:
    requester = Organization.objects.select_related(
        "country__subregion", "regional_organization"
    ).get(pk=request.requester_id)
    areas = list(request.priority_areas.order_by("number"))
    members: set[int] = set()
    if requester.country_id is None and requester.regional_organization_id is not None:
        members = set(
            Country.objects.filter(
                regional_organizations=requester.regional_organization_id
            ).values_list("pk", flat=True)
        )
    active = Counter(
        dict(
            Offer.objects.filter(status=OfferStatus.ACCEPTED, request__status__in=ACTIVE)
            .exclude(request=request)
            .values_list("provider_id")
            .annotate(n=Count("pk"))
            .values_list("provider_id", "n")
        )
    )
    return _Context(
        request=request,
        requester=requester,
        areas=areas,
        groups=_wanted_groups(request, areas),
        member_countries=members,
        active=active,
        record=_track_record(request, requester),
    )


def target_year(request: SupportRequest, today: datetime.date | None = None) -> int:
    """The year whose capabilities count: the year support starts, or this year."""
    if request.start_date is not None:
        return request.start_date.year
    return (today or datetime.date.today()).year


def rank_providers(request: SupportRequest, *, year: int | None = None) -> list[Match]:
    """Every provider of the catalogue with its score for `request`, best first.

    Ties go to the better expertise, then presence, then the provider's code, so the order is
    the same on every run and in every language.
    """
    ctx = _context(request)
    capabilities = capabilities_for(year or target_year(request), donors=request.shared_with_donors)
    matches = [
        Match(provider=c.provider, capability=c, factors=[factor(ctx, c) for factor in FACTORS])
        for c in capabilities
    ]
    matches.sort(
        key=lambda m: (-m.score, -m.points("areas"), -m.points("presence"), m.provider.code)
    )
    return matches
