"""The cross-plan analysis of imported plan documents and its exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from pveplan.core.models import AuditEvent
from pveplan.documents.analysis import analyse
from pveplan.documents.models import DocumentStatus, ReviewStatus, Segment, SegmentKind
from pveplan.documents.tests.factories import Seg, french_plan, make_document
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def _arabic(title: str = "الخطة الوطنية لمنع التطرف العنيف") -> Any:
    return make_document(
        title=title,
        language="ar",
        pages=["تمت مشاورات مع المجتمع المدني. الإطار الزمني 2023-2026"],
        segments=[
            Seg(SegmentKind.ACTION, "برامج للشباب", labels=[4], lead_body="وزارة الشباب"),
            Seg(SegmentKind.ACTION, "حملات إعلامية", labels=[7, 4], lead_body="وزارة الشباب"),
            Seg(SegmentKind.ACTION, "تدريب الأئمة", labels=[1], lead_body="وزارة الأوقاف"),
        ],
    )


def test_the_comparison_reads_each_plan(world: World) -> None:
    french = french_plan()
    arabic = _arabic()
    russian = make_document(
        title="Национальный план",
        language="ru",
        pages=["Ключевые показатели эффективности. 2021 год."],
        segments=[Seg(SegmentKind.ACTION, "Обучение", labels=[6], cost="5 млн руб.")],
    )
    chinese = make_document(
        title="国家计划",
        language="zh",
        pages=["各部门协商。"],
        segments=[Seg(SegmentKind.ACTION, "青年项目", labels=[4])],
    )
    data = analyse(world.users["a_editor"])
    facts = {p.document.pk: p for p in data.plans}
    assert set(facts) == {french.pk, arabic.pk, russian.pk, chinese.pk}

    fr = facts[french.pk]
    assert fr.actions == 3 and fr.per_area == {4: 1, 7: 1, 1: 1}
    assert (fr.budget, fr.indicators, fr.consultation) == (True, True, True)
    assert fr.lead_body == "Ministère de la Jeunesse"  # ties: the first found
    assert fr.span == "2025–2027"  # the timeframes, not the years in the text

    ar = facts[arabic.pk]
    assert ar.actions == 3 and ar.per_area == {4: 2, 7: 1, 1: 1}
    assert ar.lead_body == "وزارة الشباب"
    assert (ar.budget, ar.indicators, ar.consultation) == (False, False, True)
    assert ar.span == "2023–2026"  # no timeframe captured: the years of the text
    assert ar.heat[4] == 4 and ar.heat[7] == 2

    ru, zh = facts[russian.pk], facts[chinese.pk]
    assert (ru.indicators, ru.budget, ru.span) == (True, True, "2021")
    assert (zh.consultation, zh.indicators, zh.span) == (True, False, "")


def test_rejected_segments_and_unread_documents_do_not_count(world: World) -> None:
    document = _arabic()
    Segment.objects.filter(document=document, position=0).update(review=ReviewStatus.REJECTED)
    make_document(title="En lecture", status=DocumentStatus.READING)
    make_document(title="Échec", status=DocumentStatus.FAILED)
    data = analyse(world.users["a_editor"])
    assert [p.document.pk for p in data.plans] == [document.pk]
    assert data.plans[0].actions == 2 and data.plans[0].per_area == {7: 1, 4: 1, 1: 1}


def test_only_documents_in_sight_are_analysed(world: World) -> None:
    ours = french_plan()
    theirs = french_plan(owner="lbn", title="Stratégie libanaise")
    assert [p.document for p in analyse(world.users["a_editor"]).plans] == [ours]
    assert [p.document for p in analyse(world.users["b_editor"]).plans] == [theirs]
    assert analyse(world.users["donor"]).plans == []
    assert len(analyse(world.users["unoct"]).plans) == 2
    html = world.client("b_editor").get(reverse("documents:analysis")).content.decode()
    assert "Stratégie libanaise" in html and "Stratégie nationale" not in html


def test_the_page_takes_the_same_queries_whatever_the_documents(world: World) -> None:
    client = world.client("a_editor")
    french_plan()
    url = reverse("documents:analysis")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        _arabic(title=f"Plan {n}")
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert len(six.captured_queries) == len(one.captured_queries)
    assert response.content.decode().count('<td class="num heat-') == 6 * 7


def test_the_xlsx_export_is_right_to_left_in_arabic_and_audited(world: World) -> None:
    _arabic()
    client = world.client("a_editor")
    with translation.override("ar"):
        response = client.get(reverse("documents:analysis_xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    comparison, coverage = book.worksheets
    assert comparison.sheet_view.rightToLeft and coverage.sheet_view.rightToLeft
    assert comparison["A2"].value == "الخطة الوطنية لمنع التطرف العنيف"
    assert comparison["E2"].value == 3
    assert [c.value for c in coverage[2]][1:] == [1, 0, 0, 2, 0, 0, 1]
    event = AuditEvent.objects.get(action="documents.analysis_export")
    assert event.after is not None and event.after["format"] == "xlsx"

    with translation.override("en"):
        english = client.get(reverse("documents:analysis_xlsx"))
    assert not load_workbook(io.BytesIO(english.content)).worksheets[0].sheet_view.rightToLeft


def test_the_csv_export_has_the_comparison_and_the_coverage(world: World) -> None:
    french_plan(title='=HYPERLINK("x")')
    with translation.override("en"):
        response = world.client("a_editor").get(reverse("documents:analysis_csv"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:5] == [
        "Plan document",
        "Country or organization",
        "Language",
        "Status",
        "Actions",
    ]
    assert row[0].startswith("'=")  # a formula is never run
    assert row[4] == "3" and row[5] == "yes" and row[9] == "2025–2027"
    assert row[10:] == ["1", "0", "0", "1", "0", "0", "1"]
    assert AuditEvent.objects.filter(action="documents.analysis_export").count() == 1
