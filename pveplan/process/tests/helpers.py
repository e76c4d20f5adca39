"""Small builders the process tests share: phases, bodies, real files."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from pveplan.accounts import actions as account_actions
from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.process import actions
from pveplan.process.actions import PhaseInput
from pveplan.process.models import PlanPhase
from pveplan.taxonomy.models import Country
from pveplan.taxonomy.models import PlanPhase as Phase
from pveplan.testing import World


def phase(code: str) -> Phase:
    return Phase.objects.get(code=code)


def body(country: str, code: str, name: str) -> Organization:
    return account_actions.organization_create(
        by=None,
        organization=Organization(
            kind=OrganizationKind.GOVERNMENT_BODY,
            code=code,
            country=Country.objects.get(code=country),
            name_en=name,
        ),
    )


def pdf_bytes() -> bytes:
    """A real one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "decision.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def update(
    world: World,
    code: str,
    *,
    plan: str = "a_confidential",
    by: str = "a_editor",
    version: int | None = None,
    **fields: Any,
) -> PlanPhase:
    """Record phase `code` of a plan as `by`, from its current version unless one is given."""
    the_plan = world.plans[plan]
    row = PlanPhase.objects.filter(plan=the_plan, phase__code=code).first()
    fields.setdefault("status", "in_progress")
    return actions.phase_update(
        plan=the_plan,
        phase=phase(code),
        by=world.users[by],
        data=PhaseInput(**fields),
        expected_version=version if version is not None else (row.version if row else 0),
    )
