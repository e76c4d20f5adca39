"""The process in the admin: every page opens; files added there pass the same checks."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pveplan.core.models import AuditEvent
from pveplan.process.models import Evidence
from pveplan.process.tests.helpers import pdf_bytes, update
from pveplan.testing import World

pytestmark = pytest.mark.django_db

MODELS = ("planphase", "checklistanswer", "evidence")


def test_the_administrator_opens_each_list_add_and_change_page(world: World) -> None:
    row = update(world, "PH5")
    client = world.client("admin")
    for model in MODELS:
        for page in ("", "add/"):
            url = f"/en/admin/process/{model}/{page}"
            assert client.get(url).status_code == 200, url
    assert client.get(f"/en/admin/process/planphase/{row.pk}/change/").status_code == 200


def test_a_file_added_in_the_admin_is_checked_hashed_and_audited(world: World) -> None:
    row = update(world, "PH5")
    client = world.client("admin")
    url = "/en/admin/process/evidence/add/"
    fake = SimpleUploadedFile("decree.pdf", b"not really a pdf")
    response = client.post(url, {"plan_phase": row.pk, "title": "Decree", "file": fake})
    assert response.status_code == 200 and "not an accepted type" in response.content.decode()
    assert not Evidence.objects.exists()
    real = SimpleUploadedFile("decree.pdf", pdf_bytes())
    response = client.post(url, {"plan_phase": row.pk, "title": "Decree", "file": real})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.kind == "pdf" and len(evidence.sha256) == 64
    assert AuditEvent.objects.filter(action="process.evidence_add").count() == 1
    change = client.get(f"/en/admin/process/evidence/{evidence.pk}/change/").content.decode()
    assert evidence.sha256 in change
