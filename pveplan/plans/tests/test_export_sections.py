"""Exports carry the legal framework and the consultation annex, and never a pseudonymous
contributor's name or anyone's contact details."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from pveplan.consultations import actions as consultations
from pveplan.instruments import actions as instruments
from pveplan.plans import actions, exports
from pveplan.plans.models import Plan
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db

REAL_NAME = "Fatima Secret-Name"
EMAIL = "hidden.contact@example.org"


def _plan_with_sections(world: World) -> Plan:
    plan = world.plans["a_confidential"]
    editor = world.users["a_editor"]
    node = actions.node_add(
        plan=plan,
        by=editor,
        parent=None,
        data=actions.NodeInput(texts={"ar": "تمكين الشباب", "en": "Empowering youth"}, code="P4"),
    )
    law = instruments.instrument_create(
        owner=org("jor"),
        by=editor,
        data=instruments.InstrumentInput(
            titles={"en": "Youth Law 2021", "ar": "قانون الشباب 2021"},
            original_language="ar",
            type="law",
        ),
    )
    instruments.node_instrument_link(
        node=node, instrument=law, by=editor, harmonization="needs_amendment", note="Age limits"
    )
    person = consultations.stakeholder_create(
        plan=plan,
        by=editor,
        data=consultations.StakeholderData(
            type="youth_org",
            name=REAL_NAME,
            is_pseudonymous=True,
            pseudonym="Youth voice A",
            email=EMAIL,
        ),
    )
    event = consultations.event_create(
        plan=plan,
        by=editor,
        data=consultations.EventData(
            titles={"en": "Youth hearing in Irbid", "ar": "جلسة استماع للشباب في إربد"},
            original_language="ar",
            date=datetime.date(2026, 3, 2),
            place="Irbid",
        ),
    )
    consultations.participants_set(
        event=event,
        counts={("youth_org", "women", "18_29"): 12, ("cso", "men", "30_59"): 8},
        by=editor,
        expected_version=event.version,
    )
    item = consultations.input_create(
        plan=plan,
        by=editor,
        data=consultations.InputData(
            texts={"en": "Add sports clubs as partners"},
            original_language="en",
            event=event,
            stakeholder=person,
            node=node,
        ),
    )
    consultations.input_respond(
        consultation_input=item,
        disposition="accepted",
        response="Sports clubs were added as partners of action P4.",
        by=editor,
        expected_version=item.version,
    )
    plan.refresh_from_db()
    return plan


def test_the_pdf_has_the_framework_and_the_annex_without_names(world: World) -> None:
    plan = _plan_with_sections(world)
    data = exports.export_plan(plan, format="pdf", language="en", user=world.users["a_editor"])
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    text = " ".join(text.split())  # table cells wrap their lines
    for expected in (
        "Legal and policy framework",
        "Youth Law 2021",
        "needs amendment",
        "Consultation annex",
        "Youth hearing in Irbid",
        "Sports clubs were added as partners",
        "Youth voice A",
        "60.0 % women",  # 12 of 20 participants
    ):
        assert expected in text, expected
    assert REAL_NAME not in text and EMAIL not in text


def test_the_arabic_docx_has_the_annex_and_keeps_contacts_out(world: World) -> None:
    plan = _plan_with_sections(world)
    data = exports.export_plan(plan, format="docx", language="ar", user=world.users["a_editor"])
    document = Document(BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "قانون الشباب 2021" in text and "جلسة استماع للشباب في إربد" in text
    assert "Sports clubs were added as partners of action P4." in text
    assert REAL_NAME not in text and EMAIL not in text


def test_an_anonymous_visitor_gets_no_legal_framework(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    plan = _plan_with_sections(world)
    data = exports.export_plan(plan, format="docx", language="en", user=AnonymousUser())
    document = Document(BytesIO(data))
    text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Youth Law 2021" not in text


def test_the_exports_show_the_process_status(world: World) -> None:
    from pveplan.process.actions import PhaseInput, phase_update
    from pveplan.taxonomy.models import PlanPhase as Phase

    plan = world.plans["a_confidential"]
    first, second = Phase.objects.order_by("number")[:2]
    phase_update(
        plan=plan,
        phase=first,
        by=world.users["a_editor"],
        data=PhaseInput(status="done", start_date=datetime.date(2025, 1, 5)),
        expected_version=0,
    )
    phase_update(
        plan=plan,
        phase=second,
        by=world.users["a_editor"],
        data=PhaseInput(status="in_progress", responsible_body=org("jor")),
        expected_version=0,
    )
    data = exports.export_plan(plan, format="pdf", language="en", user=world.users["a_editor"])
    text = " ".join(
        "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages).split()
    )
    assert "Process status" in text and f"Current phase: {second.name_en}" in text
    data = exports.export_plan(plan, format="docx", language="ar", user=world.users["a_editor"])
    paragraphs = [p.text for p in Document(BytesIO(data)).paragraphs]
    assert any(second.name_ar in p for p in paragraphs)
