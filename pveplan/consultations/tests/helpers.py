"""Building consultation records for tests, through the actions (as the pages do)."""

from __future__ import annotations

import datetime
from typing import Any

from pveplan.consultations import actions
from pveplan.consultations.models import (
    ConsultationEvent,
    ConsultationInput,
    Stakeholder,
    StakeholderType,
)
from pveplan.plans import actions as plan_actions
from pveplan.plans.models import Plan, PlanNode
from pveplan.testing import World

REAL_NAME = "Amal Haddad Secret-Name"
PSEUDONYM = "Voice of Zarqa"
EMAIL = "contact-hidden@example.org"
PHONE = "+962 6 555 0199"
ADDRESS = "12 Hidden Street, Zarqa"


def plan(world: World, key: str = "a_partners") -> Plan:
    return world.plans[key]


def admin(world: World) -> Any:
    return world.users["admin"]


def node(world: World, key: str = "a_partners", code: str = "P1", text: str = "Youth") -> PlanNode:
    return plan_actions.node_add(
        plan=world.plans[key],
        by=admin(world),
        parent=None,
        data=plan_actions.NodeInput(texts={"en": text}, code=code),
    )


def stakeholder(
    world: World, key: str = "a_partners", *, pseudonymous: bool = False, **extra: Any
) -> Stakeholder:
    values: dict[str, Any] = {
        "type": StakeholderType.WOMENS_ORGANIZATION,
        "name": REAL_NAME if pseudonymous else "Jordanian Women's Union",
        "is_pseudonymous": pseudonymous,
        "pseudonym": PSEUDONYM if pseudonymous else "",
        "email": EMAIL,
        "phone": PHONE,
        "address": ADDRESS,
    }
    values.update(extra)
    return actions.stakeholder_create(
        plan=world.plans[key], data=actions.StakeholderData(**values), by=admin(world)
    )


def event(
    world: World, key: str = "a_partners", title: str = "Youth dialogue"
) -> ConsultationEvent:
    return actions.event_create(
        plan=world.plans[key],
        data=actions.EventData(
            titles={"en": title, "ar": "حوار الشباب"},
            original_language="en",
            date=datetime.date(2025, 3, 4),
            place="Amman",
        ),
        by=admin(world),
    )


def consultation_input(
    world: World, key: str = "a_partners", text: str = "Add a youth council.", **extra: Any
) -> ConsultationInput:
    return actions.input_create(
        plan=world.plans[key],
        data=actions.InputData(texts={"en": text}, original_language="en", **extra),
        by=admin(world),
    )


def respond(
    world: World, item: ConsultationInput, disposition: str, response: str
) -> ConsultationInput:
    return actions.input_respond(
        consultation_input=item,
        disposition=disposition,
        response={"en": response},
        by=admin(world),
        expected_version=item.version,
    )


def set_counts(world: World, item: ConsultationEvent, counts: dict[Any, int]) -> ConsultationEvent:
    return actions.participants_set(
        event=item, counts=counts, by=admin(world), expected_version=item.version
    )
