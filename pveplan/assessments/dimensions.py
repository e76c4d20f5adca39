"""The capacity dimensions a capacity-needs assessment scores, in the order reports list them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pveplan.core.i18n import Shown, pick


class Dimension(models.TextChoices):
    INSTITUTIONS = "institutions", _("Institutional set-up and coordination mechanism")
    EVIDENCE = "evidence", _("Evidence and drivers analysis")
    LEGAL = "legal", _("Legal and policy framework")
    SOCIETY = "society", _("Whole-of-society engagement")
    GENDER_YOUTH = "gender_youth", _("Gender and youth")
    MONITORING = "monitoring", _("Monitoring and evaluation")
    COSTING = "costing", _("Costing and resource mobilization")
    COMMUNICATIONS = "communications", _("Strategic communications")
    LOCALIZATION = "localization", _("Localization")
    DDR = "ddr", _("DDR (where relevant)")


class Maturity(models.IntegerChoices):
    """How far a capacity has come: 0 (absent) to 4 (sustained)."""

    ABSENT = 0, _("0 · absent")
    INITIAL = 1, _("1 · initial")
    DEVELOPING = 2, _("2 · developing")
    ESTABLISHED = 3, _("3 · established")
    SUSTAINED = 4, _("4 · sustained")


# The dimensions' names in the six UN languages, like the reference data in pveplan.taxonomy:
# reports and forms show these (through `dimension_name`), so an Arabic gap report or PDF names
# its dimensions in Arabic whatever the state of the message catalogues.
DIMENSION_NAMES: dict[str, dict[str, str]] = {
    Dimension.INSTITUTIONS: {
        "ar": "الإطار المؤسسي وآلية التنسيق",
        "zh": "机构设置和协调机制",
        "en": "Institutional set-up and coordination mechanism",
        "fr": "Dispositif institutionnel et mécanisme de coordination",
        "ru": "Институциональная структура и механизм координации",
        "es": "Estructura institucional y mecanismo de coordinación",
    },
    Dimension.EVIDENCE: {
        "ar": "الأدلة وتحليل الدوافع",
        "zh": "证据和驱动因素分析",
        "en": "Evidence and drivers analysis",
        "fr": "Données probantes et analyse des facteurs",
        "ru": "Фактические данные и анализ движущих факторов",
        "es": "Datos empíricos y análisis de los factores impulsores",
    },
    Dimension.LEGAL: {
        "ar": "الإطار القانوني والسياساتي",
        "zh": "法律和政策框架",
        "en": "Legal and policy framework",
        "fr": "Cadre juridique et politique",
        "ru": "Правовая и политическая база",
        "es": "Marco jurídico y normativo",
    },
    Dimension.SOCIETY: {
        "ar": "إشراك المجتمع بأسره",
        "zh": "全社会参与",
        "en": "Whole-of-society engagement",
        "fr": "Mobilisation de l’ensemble de la société",
        "ru": "Вовлечение всего общества",
        "es": "Participación de toda la sociedad",
    },
    Dimension.GENDER_YOUTH: {
        "ar": "النوع الاجتماعي والشباب",
        "zh": "性别与青年",
        "en": "Gender and youth",
        "fr": "Genre et jeunesse",
        "ru": "Гендерные вопросы и молодежь",
        "es": "Género y juventud",
    },
    Dimension.MONITORING: {
        "ar": "الرصد والتقييم",
        "zh": "监测和评价",
        "en": "Monitoring and evaluation",
        "fr": "Suivi et évaluation",
        "ru": "Мониторинг и оценка",
        "es": "Seguimiento y evaluación",
    },
    Dimension.COSTING: {
        "ar": "تقدير التكاليف وتعبئة الموارد",
        "zh": "成本核算和资源调动",
        "en": "Costing and resource mobilization",
        "fr": "Chiffrage et mobilisation des ressources",
        "ru": "Оценка затрат и мобилизация ресурсов",
        "es": "Cálculo de costos y movilización de recursos",
    },
    Dimension.COMMUNICATIONS: {
        "ar": "الاتصالات الاستراتيجية",
        "zh": "战略传播",
        "en": "Strategic communications",
        "fr": "Communication stratégique",
        "ru": "Стратегические коммуникации",
        "es": "Comunicaciones estratégicas",
    },
    Dimension.LOCALIZATION: {
        "ar": "التوطين على المستوى المحلي",
        "zh": "地方化",
        "en": "Localization",
        "fr": "Localisation",
        "ru": "Локализация",
        "es": "Localización",
    },
    Dimension.DDR: {
        "ar": "نزع السلاح والتسريح وإعادة الإدماج (حيثما ينطبق)",
        "zh": "解除武装、复员和重返社会（如适用）",
        "en": "DDR (where relevant)",
        "fr": "DDR (le cas échéant)",
        "ru": "РДР (где применимо)",
        "es": "DDR (cuando proceda)",
    },
}

# Dimensions an assessment may leave out entirely (DDR only where it is relevant).
OPTIONAL_DIMENSIONS: frozenset[str] = frozenset({Dimension.DDR})

# The Plan of Action's priority areas (by number) a need in each dimension usually serves, so a
# need made from a gap arrives tagged for matching; empty where the dimension is cross-cutting.
DIMENSION_PRIORITY_AREAS: dict[str, tuple[int, ...]] = {
    Dimension.INSTITUTIONS: (2,),
    Dimension.EVIDENCE: (),
    Dimension.LEGAL: (2,),
    Dimension.SOCIETY: (3,),
    Dimension.GENDER_YOUTH: (4, 5),
    Dimension.MONITORING: (),
    Dimension.COSTING: (),
    Dimension.COMMUNICATIONS: (7,),
    Dimension.LOCALIZATION: (3,),
    Dimension.DDR: (1,),
}

ORDER: tuple[str, ...] = tuple(Dimension.values)


def dimension_name(code: str, language: str | None = None) -> Shown:
    """The dimension's name in `language` (default: the active one), with visible fallback."""
    return pick(DIMENSION_NAMES.get(code, {}), language)


def dimension_number(code: str) -> int:
    """The dimension's number (1-10) in reports, tables and on the radar chart's axes."""
    return ORDER.index(code) + 1
