"""Segmentation: headings, items and action matrices become pillars, objectives and actions."""

from __future__ import annotations

import pytest

from pveplan.documents.ingest.extract import Block, fix_rtl_line
from pveplan.documents.ingest.segment import fields_in, matrix_columns, read_line, segment


def kinds(lines: list[str]) -> list[tuple[str, str, int | None]]:
    return [(c.kind, c.number, c.parent) for c in segment([Block(page=1, text=t) for t in lines])]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Pillar 1: Prevention", "pillar"),
        ("Axe 2 – Éducation", "pillar"),
        ("المحور الأول: الوقاية", "pillar"),
        ("Eje estratégico 3. Gobernanza", "pillar"),
        ("Направление 2. Молодежь", "pillar"),
        ("支柱三：治理", "pillar"),
        ("Objectif stratégique 2.1 : Renforcer la résilience", "objective"),
        ("Strategic Objective 4 - Reduce recruitment", "objective"),
        ("الهدف 1: تعزيز دور الشباب", "objective"),
        ("Цель 3. Укрепление устойчивости общин", "objective"),
        ("目标一：加强社区复原力", "objective"),
        ("Objetivo 2: Apoyar a las familias", "objective"),
        ("Action 1.1.1: Train teachers", "action"),
    ],
)
def test_keyword_headings_in_the_six_languages(text: str, kind: str) -> None:
    line = read_line(text)
    assert (line.role, line.kind) == ("heading", kind)


@pytest.mark.parametrize(
    "text", ["Objectives of this plan are many", "Actions will be funded by donors.", "Axes"]
)
def test_a_keyword_inside_a_sentence_makes_no_heading(text: str) -> None:
    assert read_line(text).kind == ""


def test_numbered_hierarchy_without_keywords() -> None:
    assert kinds(
        [
            "1. Prevention through education",
            "1.1 Strengthen schools",
            "1.1.1 Train 500 teachers in critical thinking by 2026.",
            "a) Fund youth-led initiatives in 20 municipalities.",
            "2. Youth and communities",
            "2.1 Engage young people",
            "- Launch a debate programme in all governorates",
        ]
    ) == [
        ("pillar", "1", None),
        ("objective", "1.1", 0),
        ("action", "1.1.1", 1),
        ("action", "a)", 1),
        ("pillar", "2", None),
        ("objective", "2.1", 4),
        ("action", "", 5),
    ]


def test_a_numbered_list_under_a_keyword_heading_is_a_list_of_actions() -> None:
    assert kinds(
        [
            "الهدف 1: تعزيز دور الشباب",
            "1. تدريب المعلمين على التفكير النقدي",
            "2. إطلاق برنامج للحوار في المدارس",
            "٣. دعم مبادرات الشباب",
            "الهدف 2: دعم الأسر",
            "1. إنشاء مراكز إرشاد أسري",
        ]
    ) == [
        ("objective", "1", None),
        ("action", "1", 0),
        ("action", "2", 0),
        ("action", "3", 0),
        ("objective", "2", None),
        ("action", "1", 4),
    ]


def test_other_text_and_sections_that_are_not_structure() -> None:
    found = segment(
        [
            Block(page=1, text="Introduction"),
            Block(page=1, text="- a bullet about the context."),
            Block(page=1, text="2025 saw a rise in online recruitment."),
            Block(page=2, text="Annex 1: Glossary"),
        ]
    )
    assert [c.kind for c in found] == ["other"] * 4
    assert [c.page for c in found] == [1, 1, 1, 2]


def test_wrapped_lines_join_the_item_they_continue() -> None:
    found = segment(
        [
            Block(page=1, text="Objective 1: Schools"),
            Block(page=1, text="1. Train teachers in critical thinking and"),
            Block(page=1, text="dialogue in all public schools."),
            Block(page=1, text="Lead: Ministry of Education; Timeframe: 2025-2026"),
        ]
    )
    action = found[1]
    assert action.text.endswith("dialogue in all public schools.")
    assert (action.lead_body, action.timeframe) == ("Ministry of Education", "2025-2026")
    assert len(found) == 2


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        (["Action", "Lead agency", "Timeframe", "Cost"], ["action", "lead", "timeframe", "cost"]),
        (
            ["Activité", "Responsable", "Calendrier", "Coût"],
            ["action", "lead", "timeframe", "cost"],
        ),
        (
            ["الإجراء", "الجهة المسؤولة", "الإطار الزمني", "التكلفة"],
            ["action", "lead", "timeframe", "cost"],
        ),
        (
            ["Мероприятие", "Ответственный", "Сроки", "Стоимость"],
            ["action", "lead", "timeframe", "cost"],
        ),
        (["行动", "负责单位", "时间", "费用"], ["action", "lead", "timeframe", "cost"]),
        (
            ["Medida", "Responsable", "Plazo", "Presupuesto"],
            ["action", "lead", "timeframe", "cost"],
        ),
    ],
)
def test_action_matrix_headers_in_the_six_languages(header: list[str], roles: list[str]) -> None:
    columns = matrix_columns(header)
    assert columns is not None
    assert [r for r, _i in sorted(columns.items(), key=lambda item: item[1])] == roles


def test_a_table_that_is_no_action_matrix_is_other_text() -> None:
    assert matrix_columns(["Year", "Population", "Schools"]) is None
    found = segment([Block(page=1, rows=[["Year", "Population"], ["2024", "11 million"]])])
    assert [c.kind for c in found] == ["other", "other"]


def test_matrix_rows_become_actions_with_their_fields_under_the_objective() -> None:
    rows = [
        ["Objectif", "Action", "Responsable", "Calendrier", "Coût"],
        [
            "Objectif 1 : Écoles",
            "Former les enseignants",
            "Ministère de l'Éducation",
            "2025",
            "10 000 EUR",
        ],
        ["Objectif 1 : Écoles", "Créer des clubs de débat", "Lycées", "2026", ""],
        ["", "", "", "", ""],
    ]
    found = segment([Block(page=3, text="Axe 1 : Prévention"), Block(page=3, rows=rows)])
    assert [(c.kind, c.parent) for c in found] == [
        ("pillar", None),
        ("objective", 0),
        ("action", 1),
        ("action", 1),
    ]
    assert (found[2].lead_body, found[2].timeframe, found[2].cost) == (
        "Ministère de l'Éducation",
        "2025",
        "10 000 EUR",
    )


def test_text_tables_with_tabs_or_bars() -> None:
    found = segment(
        [
            Block(page=1, text="Цель 1. Школы"),
            Block(page=1, text="Мероприятие | Ответственный | Сроки"),
            Block(page=1, text="Обучить учителей | Министерство образования | 2025"),
        ]
    )
    assert [c.kind for c in found] == ["objective", "action"]
    assert found[1].lead_body == "Министерство образования"


def test_fields_written_in_text() -> None:
    assert fields_in("Responsable : Ministère de l'Intérieur; Coût : 5 000 EUR") == {
        "lead": "Ministère de l'Intérieur",
        "cost": "5 000 EUR",
    }
    assert fields_in("الجهة المسؤولة: وزارة الداخلية")["lead"] == "وزارة الداخلية"


def test_right_to_left_numbers_come_back_in_front() -> None:
    assert fix_rtl_line(".. إطلاق برنامج وطني1.1.2") == "1.1.2. إطلاق برنامج وطني."
    assert fix_rtl_line(": تعزيز قدرة المدارس1.1 الهدف") == "الهدف 1.1: تعزيز قدرة المدارس"
    assert fix_rtl_line("1. Latin text stays") == "1. Latin text stays"
