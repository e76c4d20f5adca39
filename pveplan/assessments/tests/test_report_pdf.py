"""The gap report as a PDF: Arabic shaped and named, the radar inside, the export audited."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import formats, translation

from pveplan.assessments import pdf
from pveplan.assessments.dimensions import DIMENSION_NAMES
from pveplan.assessments.tests.factories import submitted
from pveplan.core.models import AuditEvent
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_the_arabic_pdf_names_every_assessed_dimension_in_arabic(world: World) -> None:
    assessment = submitted(world, levels={"costing": [0, 0, 1]})
    data = pdf.report_pdf(assessment, language="ar", user=world.users["a_focal"])
    assert data.startswith(b"%PDF")
    text = text_of(data)
    for code in ("institutions", "monitoring", "costing", "localization"):
        assert DIMENSION_NAMES[code]["ar"] in text, code
    assert "Monitoring and evaluation" not in text
    # The gap figures and the weakest question, in Arabic too.
    # Numbers as Arabic writes them here (Django's Arabic format: a decimal comma).
    with translation.override("ar"):
        gap = formats.number_format(Decimal("3.7"), 1)
    assert gap in text and "الفجوة" in text  # "gap 3,7", worded in Arabic
    assert "قُدِّرت تكاليف إجراءات الخطة" in text  # the weakest question


def test_the_pdf_download_is_in_the_asked_language_and_audited(world: World) -> None:
    assessment = submitted(world)
    client = world.client("a_viewer")
    with translation.override("en"):
        address = reverse("assessments:report_pdf", kwargs={"pk": assessment.pk})
    response = client.get(address, {"language": "fr"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"assessment-{assessment.pk}-2025-fr.pdf" in response["Content-Disposition"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "Suivi et évaluation" in text_of(response.content)
    event = AuditEvent.objects.get(action="assessment.export")
    assert event.actor == world.users["a_viewer"] and event.after == {
        "format": "pdf",
        "language": "fr",
    }
    assert client.get(address, {"language": "de"}).status_code == 400


def test_the_pdf_carries_the_radar_chart(world: World) -> None:
    assessment = submitted(world)
    data = pdf.report_pdf(assessment, language="en", user=world.users["a_focal"])
    # The axis numbers of the chart are drawn as text; the polygons as vector paths.
    text = text_of(data)
    assert "Institutional set-up and coordination mechanism" in text
    reader = pypdf.PdfReader(io.BytesIO(data))
    content = reader.pages[0].get_contents().get_data()
    assert content.count(b" re") + content.count(b" l\n") + content.count(b" l ") > 20


def test_every_page_carries_who_exported_it(world: World) -> None:
    assessment = submitted(world)
    data = pdf.report_pdf(assessment, language="en", user=world.users["a_editor"])
    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert "Exported by a_editor on" in (page.extract_text() or "")
