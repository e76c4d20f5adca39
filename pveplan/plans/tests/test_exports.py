"""Plan exports: PDF, DOCX and XLSX in the chosen language, Arabic right to left, audited."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx.oxml.ns import qn

from pveplan.core.models import AuditEvent
from pveplan.plans import actions
from pveplan.plans.exports import export_plan
from pveplan.plans.models import Plan
from pveplan.testing import World

pytestmark = pytest.mark.django_db

PILLAR_AR = "الوقاية من التطرف العنيف"
OBJECTIVE_AR = "تمكين الشباب"


def build_structure(world: World, plan_key: str = "a_confidential") -> Plan:
    """A pillar and an objective in Arabic and English, and an action only in English."""
    plan = world.plans[plan_key]
    by = world.users["a_editor"]
    pillar = actions.node_add(
        plan=plan,
        by=by,
        parent=None,
        data=actions.NodeInput(
            texts={"ar": PILLAR_AR, "en": "Preventing violent extremism"}, code="P1"
        ),
    )
    objective = actions.node_add(
        plan=plan,
        by=by,
        parent=pillar,
        data=actions.NodeInput(texts={"ar": OBJECTIVE_AR, "en": "Empowering youth"}, code="P1.O1"),
    )
    actions.node_add(
        plan=plan,
        by=by,
        parent=objective,
        data=actions.NodeInput(
            texts={"en": "Train 200 youth mentors"},
            code="P1.O1.A1",
            start_date=datetime.date(2025, 3, 1),
            end_date=datetime.date(2026, 6, 30),
            estimated_cost=Decimal("125000"),
            status="ongoing",
        ),
    )
    return plan


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFKC", text)


def paragraphs_with(document: Any, text: str) -> list[Any]:
    found = [p for p in document.paragraphs if text in p.text]
    for table in document.tables:
        for row in table.rows:
            found += [p for cell in row.cells for p in cell.paragraphs if text in p.text]
    return found


def test_an_arabic_pdf_carries_the_title_and_node_texts_in_logical_order(world: World) -> None:
    plan = build_structure(world)
    data = export_plan(plan, format="pdf", language="ar", user=world.users["a_editor"])
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "الخطة الوطنية" in text
    assert PILLAR_AR in text
    assert "Train 200 youth mentors" in text  # the English fallback is shown
    assert "a_editor" in text  # who exported it, on every page


def test_an_english_pdf_says_who_exported_it_and_numbers_its_pages(world: World) -> None:
    plan = build_structure(world)
    text = pdf_text(export_plan(plan, format="pdf", language="en", user=world.users["a_viewer"]))
    assert "National plan to prevent violent extremism" in text
    assert "Exported by a_viewer on" in text and "UTC" in text
    assert "Page 1 / 1" in text
    assert "Preventing violent extremism" in text


def test_an_arabic_docx_is_right_to_left_paragraphs_runs_tables_and_section(world: World) -> None:
    plan = build_structure(world)
    data = export_plan(plan, format="docx", language="ar", user=world.users["a_editor"])
    document = docx.Document(BytesIO(data))
    for text in ("الخطة الوطنية", PILLAR_AR, OBJECTIVE_AR):
        paragraphs = paragraphs_with(document, text)
        assert paragraphs, text
        for paragraph in paragraphs:
            assert paragraph._p.pPr.find(qn("w:bidi")) is not None
            assert paragraph._p.pPr.find(qn("w:jc")) is None  # never "right" on bidi
            arabic_runs = [r for r in paragraph.runs if text in r.text]
            assert arabic_runs
            for run in arabic_runs:
                rPr = run._r.rPr
                assert rPr.find(qn("w:rtl")) is not None
                assert rPr.find(qn("w:rFonts")).get(qn("w:cs")) == "Noto Naskh Arabic"
                assert rPr.find(qn("w:lang")).get(qn("w:bidi")) == "ar-SA"
    assert document.tables
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    # The English fallback is a left-to-right run inside the RTL table.
    (fallback,) = paragraphs_with(document, "Train 200 youth mentors")
    english = next(r for r in fallback.runs if "Train" in r.text)
    assert english._r.rPr is None or english._r.rPr.find(qn("w:rtl")) is None


def test_an_arabic_xlsx_is_a_right_to_left_action_matrix_one_row_per_node(world: World) -> None:
    plan = build_structure(world)
    data = export_plan(plan, format="xlsx", language="ar", user=world.users["a_editor"])
    book = openpyxl.load_workbook(BytesIO(data))
    matrix = book.worksheets[0]
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    rows = list(matrix.iter_rows(values_only=True))
    assert len(rows) == 1 + 3
    assert [row[0] for row in rows[1:]] == ["P1", "P1.O1", "P1.O1.A1"]
    assert rows[1][2] == PILLAR_AR and rows[2][2] == OBJECTIVE_AR
    # Only the action, missing in Arabic, names the language it is shown in.
    assert [bool(row[3]) for row in rows[1:]] == [False, False, True]
    action = rows[3]
    assert action[6] == datetime.datetime(2025, 3, 1) and action[8] == 125000


def test_an_english_export_has_nothing_right_to_left(world: World) -> None:
    plan = build_structure(world)
    user = world.users["a_editor"]
    document = export_plan(plan, format="docx", language="en", user=user)
    xml = docx.Document(BytesIO(document)).element.xml
    assert "w:bidi" not in xml.replace("w:bidi=", "") and "<w:rtl" not in xml
    book = openpyxl.load_workbook(
        BytesIO(export_plan(plan, format="xlsx", language="en", user=user))
    )
    assert not any(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Tier", "Text")
    assert rows[1][2] == "Preventing violent extremism"


def test_dates_follow_the_export_language(world: World) -> None:
    plan = world.plans["a_public"]  # adopted on 1 May 2019
    data = export_plan(plan, format="docx", language="fr", user=None)
    text = "\n".join(p.text for p in paragraphs_with(docx.Document(BytesIO(data)), "2019"))
    assert "1 mai 2019" in text


def test_an_export_is_audited(world: World) -> None:
    plan = world.plans["a_confidential"]
    export_plan(plan, format="xlsx", language="en", user=world.users["a_viewer"])
    event = AuditEvent.objects.get(action="plan.export")
    assert event.actor == world.users["a_viewer"]
    assert event.object_id == str(plan.pk)
    assert event.after == {"format": "xlsx", "language": "en", "nodes": 0}


def test_export_plan_writes_each_format(world: World, tmp_path: Path) -> None:
    plan = build_structure(world)
    for format in ("pdf", "docx", "xlsx"):
        output = tmp_path / f"plan.{format}"
        call_command(
            "export_plan",
            plan.code,
            "--format",
            format,
            "--language",
            "ar",
            "--output",
            str(output),
            stdout=StringIO(),
        )
        assert output.stat().st_size > 1000
    assert output.read_bytes().startswith(b"PK")
    event = AuditEvent.objects.filter(action="plan.export").latest("sequence")
    assert event.actor is None and event.after["format"] == "xlsx"


def test_export_plan_takes_an_id_and_defaults_to_the_original_language(
    world: World, tmp_path: Path
) -> None:
    plan = world.plans["b_confidential"]
    output = tmp_path / "b.xlsx"
    call_command(
        "export_plan", str(plan.pk), "--format", "xlsx", "--output", str(output), stdout=StringIO()
    )
    assert openpyxl.load_workbook(output).worksheets[0].sheet_view.rightToLeft


def test_export_plan_lists_plans_with_their_id_first(world: World) -> None:
    out = StringIO()
    call_command("export_plan", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    plan = world.plans["a_public"]
    assert f"{plan.pk}\t{plan.code}\tNational plan to prevent violent extremism" in lines
    assert len(lines) == Plan.objects.count()
    assert all(line.split("\t")[0].isdigit() for line in lines)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["no-such-plan", "--format", "pdf"], "No plan with id or code no-such-plan"),
        (["{plan}", "--format", "odt"], "invalid choice: 'odt'"),
        (["{plan}", "--format", "pdf", "--language", "de"], "Unknown language de"),
        (["{plan}", "--language", "ar"], "--format"),
        (["--format", "pdf"], "id or code"),
    ],
)
def test_export_plan_refuses_bad_arguments_and_writes_nothing(
    world: World, tmp_path: Path, arguments: list[str], message: str
) -> None:
    output = tmp_path / "out.pdf"
    args = [a.format(plan=world.plans["a_public"].code) for a in arguments]
    with pytest.raises(CommandError, match=message):
        call_command("export_plan", *args, "--output", str(output), stdout=StringIO())
    assert not output.exists()
    assert not AuditEvent.objects.filter(action="plan.export").exists()


def _url(world: World, plan: str, format: str, language: str = "ar") -> str:
    pk = world.plans[plan].pk
    return reverse("plans:export", kwargs={"pk": pk, "format": format}) + f"?language={language}"


def test_a_viewer_downloads_an_attachment_named_after_the_plan(world: World) -> None:
    plan = world.plans["a_confidential"]
    response = world.client("a_viewer").get(_url(world, "a_confidential", "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{plan.code}-ar.xlsx"'
    assert "no-store" in response["Cache-Control"]
    assert openpyxl.load_workbook(BytesIO(response.content)).worksheets[0].sheet_view.rightToLeft
    event = AuditEvent.objects.get(action="plan.export")
    assert event.actor == world.users["a_viewer"] and event.after["language"] == "ar"


def test_the_export_language_defaults_to_the_interface_language(world: World) -> None:
    client = world.client("a_editor")
    pk = world.plans["a_confidential"].pk
    response = client.get(f"/fr/plans/{pk}/export/docx/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-fr.docx"')


def test_an_editor_of_another_country_gets_404_for_a_confidential_plan(world: World) -> None:
    response = world.client("b_editor").get(_url(world, "a_confidential", "pdf"))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="plan.export").exists()


def test_an_anonymous_visitor_gets_404_for_a_confidential_plan(world: World) -> None:
    assert world.client("anonymous").get(_url(world, "a_confidential", "docx")).status_code == 404


def test_an_anonymous_visitor_may_export_a_public_plan(world: World) -> None:
    response = world.client("anonymous").get(_url(world, "a_public", "docx", "en"))
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="plan.export").actor is None


def test_an_unknown_format_is_404_and_an_unknown_language_400(world: World) -> None:
    client = world.client("a_editor")
    assert client.get(_url(world, "a_confidential", "odt")).status_code == 404
    assert client.get(_url(world, "a_confidential", "pdf", "de")).status_code == 400
    assert not AuditEvent.objects.filter(action="plan.export").exists()
