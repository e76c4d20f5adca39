"""Evidence files: checked by content and size, stored under an unguessable name, served only
through an access check, removed with their file."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent
from pveplan.process import actions
from pveplan.process.models import Evidence, PlanPhase
from pveplan.process.tests.helpers import pdf_bytes, pdf_upload, phase
from pveplan.testing import World

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def stored_files(media_root: Path) -> list[Path]:
    return [p for p in Path(media_root).rglob("*") if p.is_file()]


def attach(world: World, file: Any, plan: str = "a_confidential", by: str = "a_editor") -> Evidence:
    return actions.evidence_add(
        plan=world.plans[plan], phase=phase("PH5"), by=world.users[by], title="Decree", file=file
    )


def add_url(world: World, plan: str = "a_confidential", code: str = "PH5") -> str:
    return f"/en/plans/{world.plans[plan].pk}/process/{code}/evidence/"


def test_a_real_pdf_is_stored_with_its_hash_under_a_name_nobody_chose(
    world: World, settings: Any
) -> None:
    content = pdf_bytes()
    evidence = attach(world, SimpleUploadedFile("../../Decree no. 5.PDF", content))
    assert evidence.kind == "pdf" and evidence.size == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.file_name == "Decree-no.-5.pdf"
    assert evidence.uploaded_by == world.users["a_editor"]
    plan_pk = world.plans["a_confidential"].pk
    assert (
        evidence.file.name.startswith(f"process/{plan_pk}/") and "Decree" not in evidence.file.name
    )
    [path] = stored_files(settings.MEDIA_ROOT)
    assert path.read_bytes() == content
    [event] = AuditEvent.objects.filter(action="process.evidence_add")
    assert event.after["sha256"] == evidence.sha256 and event.after["phase"] == "PH5"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("minutes.pdf", b"Minutes of the meeting\n", "not an accepted type"),
        ("page.png", b"<html><script>alert(1)</script></html>", "not an accepted type"),
        ("empty.pdf", b"", "The file is empty."),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_stored(
    world: World, settings: Any, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        attach(world, SimpleUploadedFile(name, content))
    assert message in " ".join(refused.value.message_dict["file"])
    assert not Evidence.objects.exists() and not PlanPhase.objects.exists()
    assert not stored_files(settings.MEDIA_ROOT)
    assert not AuditEvent.objects.filter(action="process.evidence_add").exists()


def test_a_file_over_20_mb_is_refused_and_nothing_is_stored(world: World, settings: Any) -> None:
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        attach(world, big)
    assert "the limit is 20.0" in refused.value.message_dict["file"][0]
    assert not Evidence.objects.exists() and not stored_files(settings.MEDIA_ROOT)


def test_a_viewer_cannot_attach_a_file(world: World, settings: Any) -> None:
    with pytest.raises(PermissionDenied):
        attach(world, pdf_upload(), by="a_viewer")
    assert not stored_files(settings.MEDIA_ROOT)


def test_a_title_is_needed(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.evidence_add(
            plan=world.plans["a_confidential"],
            phase=phase("PH5"),
            by=world.users["a_editor"],
            title=" ",
            file=pdf_upload(),
        )
    assert "title" in refused.value.message_dict


def test_removing_evidence_deletes_the_file_after_the_commit_and_keeps_its_hash_in_the_log(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    evidence = attach(world, pdf_upload())
    with django_capture_on_commit_callbacks(execute=True):
        actions.evidence_delete(evidence=evidence, by=world.users["a_focal"])
    assert not Evidence.objects.exists() and not stored_files(settings.MEDIA_ROOT)
    [event] = AuditEvent.objects.filter(action="process.evidence_delete")
    assert event.before["sha256"] == evidence.sha256 and event.before["title"] == "Decree"
    with pytest.raises(ConflictError):
        actions.evidence_delete(evidence=evidence, by=world.users["a_focal"])


# -- through the pages --------------------------------------------------------------------------


def test_uploading_through_the_page_redirects_to_the_phase_with_a_message(world: World) -> None:
    client = world.client("a_editor")
    response = client.post(add_url(world), {"title": "Cabinet decision", "file": pdf_upload()})
    assert response.status_code == 302 and response["Location"].endswith("#phase-PH5")
    page = client.get(response["Location"]).content.decode()
    assert "The file was attached." in page and "Cabinet decision" in page


def test_uploading_with_htmx_answers_the_fresh_phase_card_and_summary(world: World) -> None:
    response = world.client("a_editor").post(
        add_url(world), {"title": "Cabinet decision", "file": pdf_upload()}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and response["HX-Retarget"] == "#phase-PH5"
    assert '<li id="phase-PH5"' in html and "Cabinet decision" in html
    assert 'id="process-summary" class="process-summary"' in html and 'hx-swap-oob="true"' in html
    assert "<html" not in html


def test_a_refused_upload_through_the_page_says_why_and_stores_nothing(
    world: World, settings: Any
) -> None:
    fake = SimpleUploadedFile("report.pdf", b"just text pretending")
    response = world.client("a_editor").post(add_url(world), {"title": "Report", "file": fake})
    html = response.content.decode()
    assert response.status_code == 400
    assert "This file&#x27;s content is not an accepted type." in html
    assert not Evidence.objects.exists() and not stored_files(settings.MEDIA_ROOT)
    # The form stays open on the phase, with the title the user typed.
    assert 'value="Report"' in html


def test_a_refused_upload_with_htmx_answers_the_card_with_the_reason(world: World) -> None:
    fake = SimpleUploadedFile("report.pdf", b"just text pretending")
    response = world.client("a_editor").post(
        add_url(world), {"title": "Report", "file": fake}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and "The file was not attached." in html
    assert "not an accepted type" in html


def test_the_download_is_an_attachment_with_the_safe_arabic_name_and_no_sniffing(
    world: World,
) -> None:
    content = pdf_bytes()
    evidence = attach(world, SimpleUploadedFile("قرار مجلس الوزراء.pdf", content))
    response = world.client("a_viewer").get(f"/en/plans/process/evidence/{evidence.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote("قرار-مجلس-الوزراء.pdf") in disposition
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("persona", ["outsider", "b_editor", "donor", "anonymous"])
def test_people_outside_the_plans_sight_get_404_for_its_files(world: World, persona: str) -> None:
    evidence = attach(world, pdf_upload())
    response = world.client(persona).get(f"/en/plans/process/evidence/{evidence.pk}/download/")
    assert response.status_code == 404


def test_anyone_downloads_the_evidence_of_a_public_plan(world: World) -> None:
    evidence = attach(world, pdf_upload(), plan="a_public")
    response = world.client("anonymous").get(f"/en/plans/process/evidence/{evidence.pk}/download/")
    assert response.status_code == 200


def test_removing_through_the_page_asks_first_then_removes(world: World) -> None:
    evidence = attach(world, pdf_upload())
    client = world.client("a_editor")
    url = f"/en/plans/process/evidence/{evidence.pk}/delete/"
    confirm = client.get(url, headers=HTMX).content.decode()
    assert "Remove it?" in confirm and "Decree" in confirm and "<html" not in confirm
    response = client.post(url, headers=HTMX)
    assert response.status_code == 200 and "The file was removed." in response.content.decode()
    assert not Evidence.objects.exists()
