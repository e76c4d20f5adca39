"""Synthetic plans for `seed_demo --scale N`, drawn deterministically from fixed seeds."""

import datetime
import random
from dataclasses import dataclass

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.plans.demo.content import (
    _ALL_AREAS,
    BASE_PLANS,
    SYNTHETIC_PREFIX,
    SYNTHETIC_SEED,
    Adoption,
    DemoPlan,
)
from pveplan.plans.models import ADOPTED_STATUSES, Sensitivity, Status
from pveplan.taxonomy.models import Country


def _iso3(codes: str) -> list[str]:
    return codes.split()


# The UN language a country's plan would plausibly be written in; English otherwise.
_LANGUAGE_OF_COUNTRY: dict[str, str] = {
    **dict.fromkeys(
        _iso3(
            "ARE BHR COM DJI DZA EGY IRQ JOR KWT LBN LBY MAR MRT OMN QAT SAU SDN SOM SYR TUN YEM"
        ),
        "ar",
    ),
    **dict.fromkeys(
        _iso3(
            "BDI BEL BEN BFA CAF CIV CMR COD COG FRA GAB GIN HTI LUX MCO MDG MLI NER SEN TCD TGO"
        ),
        "fr",
    ),
    **dict.fromkeys(_iso3("BLR KAZ KGZ RUS TJK TKM UZB"), "ru"),
    **dict.fromkeys(
        _iso3("ARG BOL CHL COL CRI CUB DOM ECU ESP GNQ GTM HND MEX NIC PAN PER PRY SLV URY VEN"),
        "es",
    ),
    "CHN": "zh",
}

_TITLE_KINDS: tuple[dict[str, str], ...] = (
    {
        "ar": "خطة العمل الوطنية لمنع التطرف العنيف",
        "zh": "防止暴力极端主义国家行动计划",
        "en": "National Action Plan to Prevent Violent Extremism",
        "fr": "Plan d'action national de prévention de l'extrémisme violent",
        "ru": "Национальный план действий по предупреждению насильственного экстремизма",
        "es": "Plan de acción nacional para prevenir el extremismo violento",
    },
    {
        "ar": "الاستراتيجية الوطنية لمنع التطرف العنيف",
        "zh": "国家防止暴力极端主义战略",
        "en": "National Strategy for the Prevention of Violent Extremism",
        "fr": "Stratégie nationale de prévention de l'extrémisme violent",
        "ru": "Национальная стратегия предупреждения насильственного экстремизма",
        "es": "Estrategia nacional de prevención del extremismo violento",
    },
    {
        "ar": "البرنامج الوطني للوقاية من التطرف العنيف وتعزيز التماسك الاجتماعي",
        "zh": "国家防止暴力极端主义和加强社会凝聚力方案",
        "en": "National Programme on Preventing Violent Extremism and Strengthening Social Cohesion",
        "fr": "Programme national de prévention de l'extrémisme violent et de renforcement de la "
        "cohésion sociale",
        "ru": "Государственная программа по профилактике насильственного экстремизма и "
        "укреплению социальной сплочённости",
        "es": "Programa nacional de prevención del extremismo violento y fortalecimiento de la "
        "cohesión social",
    },
)
_SYNTHETIC_SUMMARY = {
    "ar": "خطة توضيحية مولَّدة آلياً لأغراض العرض فقط، وليست وثيقة حقيقية.",
    "zh": "为演示自动生成的示例计划，并非真实文件。",
    "en": "Illustrative plan generated for the demonstration; it is not a real document.",
    "fr": "Plan fictif généré pour la démonstration ; ce n'est pas un document réel.",
    "ru": "Условный план, созданный для демонстрации; это не реальный документ.",
    "es": "Plan ficticio generado para la demostración; no es un documento real.",
}
_ADOPTION_BODIES = ("Council of Ministers", "Office of the President", "National Assembly")

# Statuses drawn for synthetic plans (weights), and for each the years a plausible plan spans.
_STATUS_WEIGHTS: dict[str, int] = {
    Status.SUPPORT_REQUESTED: 1,
    Status.DRAFTING: 2,
    Status.CONSULTATION: 2,
    Status.VALIDATION: 1,
    Status.ADOPTED: 2,
    Status.IMPLEMENTING: 4,
    Status.UNDER_REVIEW: 1,
    Status.SUPERSEDED: 1,
    Status.EXPIRED: 1,
}
_FIRST_YEARS: dict[str, tuple[int, int]] = {
    Status.SUPPORT_REQUESTED: (2027, 2028),
    Status.DRAFTING: (2026, 2027),
    Status.CONSULTATION: (2026, 2027),
    Status.VALIDATION: (2026, 2027),
    Status.ADOPTED: (2024, 2025),
    Status.IMPLEMENTING: (2019, 2024),
    Status.UNDER_REVIEW: (2017, 2021),
    Status.SUPERSEDED: (2013, 2017),
    Status.EXPIRED: (2014, 2019),
}


@dataclass(frozen=True)
class SyntheticCountry:
    code: str  # ISO3
    names: dict[str, str]


def _titled(kind: dict[str, str], country: str, language: str, period: str) -> str:
    if language == "zh":
        return f"{country}{kind['zh']}" + (f"（{period}年）" if period else "")
    comma = "، " if language == "ar" else ", "
    return f"{kind[language]} — {country}" + (f"{comma}{period}" if period else "")


def synthetic_plan(index: int, countries: list[SyntheticCountry]) -> DemoPlan:
    """The synthetic plan number `index` (from 1): the same for a given index on every run."""
    rng = random.Random(f"{SYNTHETIC_SEED}:{index}")  # noqa: S311 - repeatable demo data, not secrets
    country = rng.choice(countries)
    language = _LANGUAGE_OF_COUNTRY.get(country.code, "en")
    status = rng.choices(list(_STATUS_WEIGHTS), weights=list(_STATUS_WEIGHTS.values()))[0]
    adopted = status in ADOPTED_STATUSES
    start: int | None = rng.randint(*_FIRST_YEARS[status])
    end: int | None = start + rng.randint(3, 5) if start else None
    if status == Status.IMPLEMENTING:
        end = max(end or 0, 2026 + rng.randint(0, 3))
    if status == Status.SUPPORT_REQUESTED and rng.random() < 0.5:
        start = end = None
    period = f"{start}–{end}" if start and end else ""
    adoption = None
    if adopted and start:
        adoption = Adoption(
            rng.choice(_ADOPTION_BODIES),
            datetime.date(start - rng.randint(0, 1), rng.randint(1, 12), rng.randint(1, 28)),
            "Decree (illustrative)",
        )
    weights = (5, 3, 1) if adopted else (1, 2, 4)  # public, partners, confidential
    sensitivity = rng.choices(
        [Sensitivity.PUBLIC, Sensitivity.PARTNERS, Sensitivity.CONFIDENTIAL], weights=weights
    )[0]
    kind = rng.choice(_TITLE_KINDS)
    areas = tuple(sorted(rng.sample(_ALL_AREAS, rng.randint(2, 5))))
    name = {code: country.names.get(code) or country.names["en"] for code in _SYNTHETIC_SUMMARY}
    titles = {"en": _titled(kind, name["en"], "en", period)}
    titles[language] = _titled(kind, name[language], language, period)
    summaries = {"en": _SYNTHETIC_SUMMARY["en"], language: _SYNTHETIC_SUMMARY[language]}
    return DemoPlan(
        code=f"{SYNTHETIC_PREFIX}{index:05d}",
        owner=country.code.lower(),
        original_language=language,
        titles=titles,
        summaries=summaries,
        status=status,
        sensitivity=sensitivity,
        priority_areas=areas,
        period=(start, end),
        adoption=adoption,
    )


def synthetic_countries() -> list[SyntheticCountry]:
    """Member States without a base demo plan, in code order (so the draw is stable)."""
    taken = {plan.owner.upper() for plan in BASE_PLANS}
    with_org = Organization.objects.filter(kind=OrganizationKind.MEMBER_STATE).values_list(
        "country__code", flat=True
    )
    return [
        SyntheticCountry(c.code, {code: getattr(c, f"name_{code}") for code in _SYNTHETIC_SUMMARY})
        for c in Country.objects.filter(code__in=with_org).exclude(code__in=taken).order_by("code")
    ]


# --- Seeding --------------------------------------------------------------------------------
