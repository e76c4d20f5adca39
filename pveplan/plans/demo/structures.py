"""Illustrative plan structures (pillars and their actions) for a few demo plans.

Paraphrased and shortened from the shape of real plans (see the domain reference); the texts are
sample content, not the plans' own words.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoNode:
    code: str
    texts: dict[str, str]
    areas: tuple[str, ...] = ()
    children: tuple[DemoNode, ...] = field(default=())


def _n(code: str, ar: str, en: str, areas: str = "", *children: DemoNode) -> DemoNode:
    return DemoNode(code, {"ar": ar, "en": en}, tuple(areas.split()), tuple(children))


STRUCTURES: dict[str, tuple[DemoNode, ...]] = {
    "demo-lbn-national-strategy-2018": (
        _n(
            "P1",
            "الحوار ومنع نشوب النزاعات",
            "Dialogue and conflict prevention",
            "PA1",
            _n(
                "P1.A1",
                "رسم خرائط النزاعات المجتمعية لتغذية آلية الإنذار المبكر",
                "Map community conflicts to feed the early-warning mechanism",
                "PA1",
            ),
            _n(
                "P1.A2",
                "برنامج لتدريب الجهات المحلية على حل النزاعات سلمياً",
                "Train local actors in peaceful conflict resolution",
                "PA1 PA3",
            ),
        ),
        _n(
            "P3",
            "العدالة وحقوق الإنسان وسيادة القانون",
            "Justice, human rights and the rule of law",
            "PA2",
            _n(
                "P3.A1",
                "بناء قدرات موظفي السجون في مجال منع التطرف العنيف",
                "Build the capacity of prison staff to prevent violent extremism",
                "PA2",
            ),
        ),
        _n(
            "P5",
            "المساواة بين الجنسين وتمكين المرأة",
            "Gender equality and empowering women",
            "PA5",
            _n(
                "P5.A1",
                "تدريب الصحفيين على التغطية المراعية للنوع الاجتماعي",
                "Train journalists in gender-sensitive reporting",
                "PA5 PA7",
            ),
        ),
        _n(
            "P9",
            "تمكين الشباب",
            "Empowering youth",
            "PA4",
            _n(
                "P9.A1",
                "مساحات شبابية للمشاركة المدنية في البلديات",
                "Youth spaces for civic participation in municipalities",
                "PA4 PA3",
            ),
        ),
    ),
    "demo-jor-revision-draft-2027": (
        _n(
            "1",
            "الوقاية المجتمعية",
            "Community prevention",
            "PA3",
            _n(
                "1.1",
                "لجان محلية للسلم المجتمعي في المحافظات",
                "Local community-peace committees in the governorates",
                "PA3",
            ),
            _n(
                "1.2",
                "برامج إرشاد للشباب في المدارس والجامعات",
                "Mentoring programmes for youth in schools and universities",
                "PA4 PA6",
            ),
        ),
        _n(
            "2",
            "الاتصال الاستراتيجي",
            "Strategic communications",
            "PA7",
            _n(
                "2.1",
                "حملة وطنية لمواجهة خطاب الكراهية على الإنترنت",
                "A national campaign against online hate speech",
                "PA7",
            ),
        ),
    ),
}
