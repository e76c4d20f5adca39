"""Illustrative legal instruments (demo only) for Jordan, linked to its revision draft."""

from __future__ import annotations

import datetime

from pveplan.accounts.models import Organization, User
from pveplan.instruments.actions import InstrumentInput, instrument_create, node_instrument_link
from pveplan.instruments.models import LegalInstrument
from pveplan.plans.models import PlanNode

PLAN = "demo-jor-revision-draft-2027"
INSTRUMENTS = (
    (
        {"ar": "قانون منع الإرهاب (توضيحي)", "en": "Prevention of Terrorism Law (illustrative)"},
        "law",
        "amended",
        datetime.date(2014, 6, 1),
        "1.1",
        "needs_amendment",
        "Community committees need a legal basis to receive referrals (illustrative).",
    ),
    (
        {"ar": "قانون الجرائم الإلكترونية (توضيحي)", "en": "Cybercrime Law (illustrative)"},
        "law",
        "in_force",
        datetime.date(2023, 8, 12),
        "2.1",
        "conflicts",
        "Broad speech offences could deter the counter-narrative campaign (illustrative).",
    ),
    (
        {
            "ar": "الاستراتيجية الوطنية للشباب (توضيحية)",
            "en": "National Youth Strategy (illustrative)",
        },
        "strategy",
        "in_force",
        datetime.date(2019, 3, 1),
        "1.2",
        "aligned",
        "",
    ),
)


def seed_demo() -> list[str]:
    owner = Organization.objects.filter(code="jor").first()
    if owner is None or LegalInstrument.objects.filter(owner=owner).exists():
        return []
    editor = User.objects.get(username="jordan.editor")
    nodes = {n.code: n for n in PlanNode.objects.filter(plan__code=PLAN).select_related("plan")}
    for titles, kind, status, adopted, node_code, harmonization, note in INSTRUMENTS:
        instrument = instrument_create(
            owner=owner,
            by=editor,
            data=InstrumentInput(
                titles=titles,
                original_language="ar",
                type=kind,
                status=status,
                date_adopted=adopted,
            ),
        )
        if node_code in nodes:
            node_instrument_link(
                node=nodes[node_code],
                instrument=instrument,
                by=editor,
                harmonization=harmonization,
                note=note,
            )
    return [f"  legal instruments: {len(INSTRUMENTS)} for Jordan, linked to {PLAN}"]
