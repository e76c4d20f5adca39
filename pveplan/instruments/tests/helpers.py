"""Shared makers for the instruments tests and the permission matrix."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from pveplan.accounts.models import Organization
from pveplan.instruments import actions
from pveplan.instruments.models import LegalInstrument, NodeInstrumentLink
from pveplan.plans import actions as plan_actions
from pveplan.plans.models import PlanNode
from pveplan.testing import World, org

# The smallest file whose content says PDF.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "law.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def instrument_input(**overrides: Any) -> actions.InstrumentInput:
    values: dict[str, Any] = {
        "titles": {"ar": "قانون منع الإرهاب", "en": "Prevention of Terrorism Law"},
        "original_language": "ar",
        "type": "law",
        "status": "in_force",
        "reference_number": "",
        "date_adopted": datetime.date(2006, 11, 1),
        "link": "https://example.org/gazette/55",
    }
    values.update(overrides)
    return actions.InstrumentInput(**values)


def make_instrument(
    world: World, owner: str | Organization = "jor", **overrides: Any
) -> LegalInstrument:
    organization = org(owner) if isinstance(owner, str) else owner
    return actions.instrument_create(
        owner=organization, by=world.users["admin"], data=instrument_input(**overrides)
    )


def make_node(
    world: World, plan: str = "a_confidential", parent: PlanNode | None = None, text: str = "Item"
) -> PlanNode:
    return plan_actions.node_add(
        plan=world.plans[plan],
        by=world.users["admin"],
        parent=parent,
        data=plan_actions.NodeInput(texts={"en": text}, code=text[:10]),
    )


def make_link(
    world: World,
    node: PlanNode,
    instrument: LegalInstrument,
    harmonization: str = "aligned",
    note: str = "",
) -> NodeInstrumentLink:
    return actions.node_instrument_link(
        node=node,
        instrument=instrument,
        by=world.users["admin"],
        harmonization=harmonization,
        note=note,
    )
