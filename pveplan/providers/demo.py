"""Illustrative capabilities for the demo: UNDP, UNODC, UNESCO, UN Women and Norway's ministry
of foreign affairs, for this year, entered by the demo UNOCT officer through the action.

The figures are made up for the demonstration, not what these organizations declared.
`seed_demo()` is idempotent; it needs the demo accounts of `python manage.py seed_demo`. When
the demo has support requests waiting for offers, it also prints their ranking and possible
duplicates (what the closing note of issue 4 shows).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from pveplan.accounts.models import Organization, User
from pveplan.providers import actions
from pveplan.providers.matching import possible_duplicates, rank_providers
from pveplan.providers.models import Capability
from pveplan.support.models import Modality, RequestStatus, SupportRequest
from pveplan.taxonomy.models import CompactWorkingGroup, Country, PriorityArea, RegionalOrganization

OFFICER = "unoct.officer"
M = Modality


@dataclass(frozen=True)
class DemoCapability:
    provider: str  # Organization code
    levels: dict[int, int]  # PoA area number -> level 1-3
    modalities: tuple[str, ...]
    countries: tuple[str, ...]  # ISO3
    languages: tuple[str, ...]
    capacity: int
    regional: tuple[str, ...] = ()
    note: str = ""


DEMO_CAPABILITIES: tuple[DemoCapability, ...] = (
    DemoCapability(
        "undp",
        {1: 3, 2: 3, 3: 2, 4: 2, 5: 2, 6: 1},
        (M.POLICY_ADVICE, M.DRAFTING, M.CONSULTATION, M.MONITORING, M.RESOURCES),
        ("JOR", "LBN", "IRQ", "TUN", "MAR", "MLI", "BFA", "NGA", "KEN", "IDN", "BGD", "KGZ"),
        ("ar", "en", "fr", "ru", "es"),
        6,
        ("ASEAN", "CENTRAL-ASIA"),
        "Country offices in most programme countries (illustrative).",
    ),
    DemoCapability(
        "unodc",
        {1: 1, 2: 3, 4: 1, 7: 2},
        (M.LEGAL_REVIEW, M.TRAINING, M.DRAFTING, M.RESEARCH),
        ("JOR", "LBN", "IRQ", "TUN", "MLI", "NGA", "KEN", "IDN", "KGZ", "TJK", "KAZ"),
        ("ar", "en", "fr", "ru"),
        4,
        ("CENTRAL-ASIA",),
        "Criminal justice and prison-related work (illustrative).",
    ),
    DemoCapability(
        "unesco",
        {3: 1, 4: 3, 6: 3, 7: 3},
        (M.TRAINING, M.RESEARCH, M.CONSULTATION),
        ("JOR", "LBN", "TUN", "MAR", "MLI", "KEN", "IDN"),
        ("ar", "zh", "en", "fr", "es"),
        3,
        note="Education and media literacy (illustrative).",
    ),
    DemoCapability(
        "un-women",
        {1: 2, 3: 2, 4: 1, 5: 3},
        (M.POLICY_ADVICE, M.CONSULTATION, M.TRAINING, M.MONITORING),
        ("JOR", "LBN", "IRQ", "TUN", "MAR", "MLI", "NGA", "KEN", "IDN", "BGD"),
        ("ar", "en", "fr"),
        3,
        note="Gender-responsive plans (illustrative).",
    ),
    DemoCapability(
        "norway-mfa",
        {1: 2, 4: 1, 5: 1},
        (M.RESOURCES, M.RESEARCH),
        ("JOR", "LBN", "MLI", "KEN", "BGD", "IDN"),
        ("en", "fr"),
        5,
        note="Funds the UNOCT programme (illustrative).",
    ),
)


def _input(spec: DemoCapability, provider: Organization) -> actions.CapabilityInput:
    areas = {a.number: a for a in PriorityArea.objects.all()}
    groups = (
        list(provider.un_entity.working_groups.all())
        if provider.un_entity is not None
        else list(CompactWorkingGroup.objects.filter(code="WG-RMME"))
    )
    return actions.CapabilityInput(
        working_groups=groups,
        levels={areas[n]: level for n, level in spec.levels.items()},
        modalities=list(spec.modalities),
        countries=list(Country.objects.filter(code__in=spec.countries)),
        regional_organizations=list(RegionalOrganization.objects.filter(code__in=spec.regional)),
        languages=list(spec.languages),
        capacity=spec.capacity,
        notes=spec.note,
        notes_language="en",
    )


def _ranking_lines(limit: int = 3) -> list[str]:
    lines = []
    waiting = SupportRequest.objects.filter(
        status__in=[RequestStatus.TRIAGED, RequestStatus.OPEN]
    ).order_by("pk")
    for support in waiting:
        ranked = rank_providers(support)[:limit]
        names = ", ".join(f"{m.provider.code} {m.score}" for m in ranked) or "nobody"
        lines.append(f"  ranking for “{support.title}”: {names}")
        for duplicate in possible_duplicates(support):
            lines.append(f"    possible duplicate: {duplicate.sentence}")
    return lines


def seed_demo() -> list[str]:
    officer = User.objects.filter(username=OFFICER).first()
    if officer is None:
        return ["providers: no demo UNOCT officer; run `manage.py seed_demo` first"]
    year = datetime.date.today().year
    added = 0
    for spec in DEMO_CAPABILITIES:
        provider = Organization.objects.with_labels().filter(code=spec.provider).first()
        if provider is None or Capability.objects.filter(provider=provider, year=year).exists():
            continue
        with transaction.atomic():
            actions.capability_save(
                provider=provider,
                year=year,
                data=_input(spec, provider),
                by=officer,
                expected_version=None,
            )
        added += 1
    total = Capability.objects.filter(year=year).count()
    return [f"providers: {added} capabilities added for {year} ({total} in all)", *_ranking_lines()]
