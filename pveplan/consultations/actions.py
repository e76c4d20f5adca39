"""Every change to a plan's consultations: typed keyword-only functions, one transaction and one
audit event each, with the permission check (`plans:write` over the plan) and, for changes to an
existing record, the version check (ConflictError when someone else changed it first).

Views, the admin and the API call these; nothing else writes consultation records.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pveplan.consultations.models import (
    AgeGroup,
    ConsultationEvent,
    ConsultationInput,
    Disposition,
    EventFormat,
    ParticipantCount,
    Sex,
    Stakeholder,
    StakeholderType,
)
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import UN_LANGUAGES, build_multilingual
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans.actions.registry import require_permission
from pveplan.plans.models import Plan, PlanNode

# One cell of an event's participant grid: (stakeholder type, sex, age group).
Cell = tuple[str, str, str]
# No consultation has more participants in one cell; a larger number is a typing error.
MAX_CELL_COUNT = 1_000_000

STAKEHOLDER_FIELDS = [
    "plan_id",
    "type",
    "name",
    "is_pseudonymous",
    "pseudonym",
    "email",
    "phone",
    "address",
]
EVENT_FIELDS = [
    "plan_id",
    "title",
    "summary",
    "original_language",
    "date",
    "place",
    "format",
    "organizer",
]
INPUT_FIELDS = ["plan_id", "event_id", "stakeholder_id", "node_id", "text", "original_language"]
RESPONSE_FIELDS = ["disposition", "response", "responded_by_id", "responded_at"]


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _locked[M: (Stakeholder, ConsultationEvent, ConsultationInput)](
    obj: M, expected_version: int
) -> M:
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if current.version != expected_version:
        raise ConflictError(obj.pk)
    return current


# -- stakeholders -------------------------------------------------------------------------------


@dataclass
class StakeholderData:
    """What the team gives for one entry of the stakeholder registry."""

    type: str
    name: str = ""
    is_pseudonymous: bool = False
    pseudonym: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.type not in StakeholderType.values:
            errors.setdefault("type", []).append(_("Choose a type."))
        name, pseudonym = self.name.strip(), self.pseudonym.strip()
        if not self.is_pseudonymous and not name:
            errors.setdefault("name", []).append(
                _("Give the name, or mark the stakeholder as pseudonymous.")
            )
        if self.is_pseudonymous and name and pseudonym.casefold() == name.casefold():
            errors.setdefault("pseudonym", []).append(
                _("A pseudonym must not be the real name: it is what the public sees.")
            )
        if self.email.strip():
            try:
                validate_email(self.email.strip())
            except ValidationError:
                errors.setdefault("email", []).append(_("Give a valid email address."))
        return errors


def _apply_stakeholder(stakeholder: Stakeholder, data: StakeholderData) -> None:
    stakeholder.type = data.type
    stakeholder.name = data.name.strip()
    stakeholder.is_pseudonymous = data.is_pseudonymous
    stakeholder.pseudonym = data.pseudonym.strip() if data.is_pseudonymous else ""
    stakeholder.email = data.email.strip()
    stakeholder.phone = data.phone.strip()
    stakeholder.address = data.address.strip()


def stakeholder_create(*, plan: Plan, data: StakeholderData, by: Any) -> Stakeholder:
    """Add a stakeholder to the plan's registry."""
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "stakeholder.create", plan)
    _raise_if(data.errors())
    with transaction.atomic():
        stakeholder = Stakeholder(plan=plan, created_by=_user(by))
        _apply_stakeholder(stakeholder, data)
        stakeholder.save()
        audit.record(
            action="stakeholder.create",
            actor=by,
            on_behalf_of=on_behalf,
            obj=stakeholder,
            after=audit.snapshot(stakeholder, STAKEHOLDER_FIELDS),
        )
    return stakeholder


def stakeholder_update(
    *, stakeholder: Stakeholder, data: StakeholderData, by: Any, expected_version: int
) -> Stakeholder:
    """Change a registry entry; fails if someone else changed it first."""
    on_behalf = require_permission(
        by, PLANS_WRITE, stakeholder.plan.owner, "stakeholder.update", stakeholder
    )
    _raise_if(data.errors())
    with transaction.atomic():
        current = _locked(stakeholder, expected_version)
        before = audit.snapshot(current, STAKEHOLDER_FIELDS)
        _apply_stakeholder(current, data)
        current.version += 1
        current.save()
        changed_before, changed_after = audit.diff(
            before, audit.snapshot(current, STAKEHOLDER_FIELDS)
        )
        audit.record(
            action="stakeholder.update",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def stakeholder_delete(*, stakeholder: Stakeholder, by: Any, expected_version: int) -> None:
    """Remove a stakeholder from the registry (at their request, say). What they said stays,
    no longer attributed to them."""
    on_behalf = require_permission(
        by, PLANS_WRITE, stakeholder.plan.owner, "stakeholder.delete", stakeholder
    )
    with transaction.atomic():
        current = _locked(stakeholder, expected_version)
        before = audit.snapshot(current, STAKEHOLDER_FIELDS)
        before["inputs"] = sorted(current.inputs.values_list("pk", flat=True))
        audit.record(
            action="stakeholder.delete",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=before,
        )
        current.delete()


# -- events -------------------------------------------------------------------------------------


@dataclass
class EventData:
    """What the team gives for one consultation event."""

    titles: dict[str, str]
    original_language: str
    date: datetime.date
    summaries: dict[str, str] = field(default_factory=dict)
    place: str = ""
    format: str = EventFormat.IN_PERSON
    organizer: str = ""

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.original_language not in UN_LANGUAGES:
            errors.setdefault("original_language", []).append(
                _("Choose one of the six UN languages.")
            )
        elif not any(text.strip() for text in self.titles.values()):
            errors.setdefault(f"title_{self.original_language}", []).append(
                _("Give the title in at least one language.")
            )
        if self.format not in EventFormat.values:
            errors.setdefault("format", []).append(_("Choose a format."))
        return errors


def _apply_event(event: ConsultationEvent, data: EventData) -> None:
    event.original_language = data.original_language
    event.title = build_multilingual(data.titles, data.original_language, event.title)
    event.summary = build_multilingual(data.summaries, data.original_language, event.summary)
    event.date = data.date
    event.place = data.place.strip()
    event.format = data.format
    event.organizer = data.organizer.strip()


def event_create(*, plan: Plan, data: EventData, by: Any) -> ConsultationEvent:
    """Record a consultation event held on the plan."""
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "consultation_event.create", plan)
    _raise_if(data.errors())
    with transaction.atomic():
        event = ConsultationEvent(plan=plan, created_by=_user(by))
        _apply_event(event, data)
        event.save()
        audit.record(
            action="consultation_event.create",
            actor=by,
            on_behalf_of=on_behalf,
            obj=event,
            after=audit.snapshot(event, EVENT_FIELDS),
        )
    return event


def event_update(
    *, event: ConsultationEvent, data: EventData, by: Any, expected_version: int
) -> ConsultationEvent:
    """Change an event's facts; fails if someone else changed it (or its grid) first."""
    on_behalf = require_permission(
        by, PLANS_WRITE, event.plan.owner, "consultation_event.update", event
    )
    _raise_if(data.errors())
    with transaction.atomic():
        current = _locked(event, expected_version)
        before = audit.snapshot(current, EVENT_FIELDS)
        _apply_event(current, data)
        current.version += 1
        current.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(current, EVENT_FIELDS))
        audit.record(
            action="consultation_event.update",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def _grid(event: ConsultationEvent) -> dict[str, int]:
    return {
        f"{c.stakeholder_type}/{c.sex}/{c.age_group}": c.count
        for c in event.participant_counts.all()
    }


def event_delete(*, event: ConsultationEvent, by: Any, expected_version: int) -> None:
    """Remove an event and its participant counts. An event with inputs recorded stays: what
    was said there is part of the plan's record."""
    on_behalf = require_permission(
        by, PLANS_WRITE, event.plan.owner, "consultation_event.delete", event
    )
    with transaction.atomic():
        current = _locked(event, expected_version)
        if current.inputs.exists():
            raise ValidationError(
                _(
                    "Inputs were recorded at this event, so it cannot be deleted. "
                    "Link them to another event first."
                )
            )
        before = audit.snapshot(current, EVENT_FIELDS)
        before["participants"] = _grid(current)
        audit.record(
            action="consultation_event.delete",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=before,
        )
        current.delete()


def _grid_errors(counts: Mapping[Cell, int]) -> list[str]:
    errors: list[str] = []
    for (kind, sex, age), count in counts.items():
        if (
            kind not in StakeholderType.values
            or sex not in Sex.values
            or age not in AgeGroup.values
        ):
            errors.append(_("Unknown row or column in the participants grid."))
        elif not isinstance(count, int) or isinstance(count, bool):
            errors.append(_("Give whole numbers of participants."))
        elif count < 0:
            errors.append(_("A number of participants cannot be negative."))
        elif count > MAX_CELL_COUNT:
            errors.append(_("A number of participants this large is surely a typing error."))
    return sorted(set(errors))


def participants_set(
    *, event: ConsultationEvent, counts: Mapping[Cell, int], by: Any, expected_version: int
) -> ConsultationEvent:
    """Replace the event's whole participant grid with `counts` (missing cells count zero).

    All or nothing: one invalid cell (unknown type, sex or age group; not a whole number; below
    zero) and nothing is changed. Counts as part of the event: its version goes up.
    """
    on_behalf = require_permission(
        by, PLANS_WRITE, event.plan.owner, "consultation_event.participants_set", event
    )
    errors = _grid_errors(counts)
    if errors:
        raise ValidationError({"participants": errors})
    with transaction.atomic():
        current = _locked(event, expected_version)
        before = _grid(current)
        current.participant_counts.all().delete()
        ParticipantCount.objects.bulk_create(
            ParticipantCount(
                event=current, stakeholder_type=kind, sex=sex, age_group=age, count=count
            )
            for (kind, sex, age), count in sorted(counts.items())
            if count
        )
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        after = _grid(current)
        keys = {*before, *after}
        changed_before, changed_after = audit.diff(
            {key: before.get(key, 0) for key in keys}, {key: after.get(key, 0) for key in keys}
        )
        audit.record(
            action="consultation_event.participants_set",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


# -- inputs -------------------------------------------------------------------------------------


@dataclass
class InputData:
    """What the team records for one input: what was said, by whom, where, on which part."""

    texts: dict[str, str]
    original_language: str
    event: ConsultationEvent | None = None
    stakeholder: Stakeholder | None = None
    node: PlanNode | None = None

    def errors(self, plan: Plan) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.original_language not in UN_LANGUAGES:
            errors.setdefault("original_language", []).append(
                _("Choose one of the six UN languages.")
            )
        elif not any(text.strip() for text in self.texts.values()):
            errors.setdefault(f"text_{self.original_language}", []).append(
                _("Write the input in at least one language.")
            )
        if self.event is not None and self.event.plan_id != plan.pk:
            errors.setdefault("event", []).append(_("Choose an event of this plan."))
        if self.stakeholder is not None and self.stakeholder.plan_id != plan.pk:
            errors.setdefault("stakeholder", []).append(_("Choose a stakeholder of this plan."))
        if self.node is not None and self.node.plan_id != plan.pk:
            errors.setdefault("node", []).append(_("Choose a part of this plan."))
        return errors


def _apply_input(consultation_input: ConsultationInput, data: InputData) -> None:
    consultation_input.original_language = data.original_language
    consultation_input.text = build_multilingual(
        data.texts, data.original_language, consultation_input.text
    )
    consultation_input.event = data.event
    consultation_input.stakeholder = data.stakeholder
    consultation_input.node = data.node


def input_create(*, plan: Plan, data: InputData, by: Any) -> ConsultationInput:
    """Record an input received in the consultation; it waits for a response (pending)."""
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "consultation_input.create", plan)
    _raise_if(data.errors(plan))
    with transaction.atomic():
        consultation_input = ConsultationInput(plan=plan, created_by=_user(by))
        _apply_input(consultation_input, data)
        consultation_input.save()
        audit.record(
            action="consultation_input.create",
            actor=by,
            on_behalf_of=on_behalf,
            obj=consultation_input,
            after=audit.snapshot(consultation_input, INPUT_FIELDS),
        )
    return consultation_input


def input_update(
    *, consultation_input: ConsultationInput, data: InputData, by: Any, expected_version: int
) -> ConsultationInput:
    """Correct what an input says, who gave it, where, and the part of the plan it is about.
    The response stays as it is."""
    plan = consultation_input.plan
    on_behalf = require_permission(
        by, PLANS_WRITE, plan.owner, "consultation_input.update", consultation_input
    )
    _raise_if(data.errors(plan))
    with transaction.atomic():
        current = _locked(consultation_input, expected_version)
        before = audit.snapshot(current, INPUT_FIELDS)
        _apply_input(current, data)
        current.version += 1
        current.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(current, INPUT_FIELDS))
        audit.record(
            action="consultation_input.update",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def input_respond(
    *,
    consultation_input: ConsultationInput,
    disposition: str,
    response: Mapping[str, str] | str,
    by: Any,
    expected_version: int,
) -> ConsultationInput:
    """Decide on an input: accepted, partly accepted or declined, with the reasoned response
    (texts per language, or one text in the input's language). Back to pending clears who
    responded and when; a draft response may stay."""
    plan = consultation_input.plan
    on_behalf = require_permission(
        by, PLANS_WRITE, plan.owner, "consultation_input.respond", consultation_input
    )
    texts = (
        {consultation_input.original_language: response}
        if isinstance(response, str)
        else dict(response)
    )
    if disposition not in Disposition.values:
        raise ValidationError({"disposition": [_("Choose a disposition.")]})
    if disposition != Disposition.PENDING and not any(t.strip() for t in texts.values()):
        raise ValidationError(
            {
                f"response_{consultation_input.original_language}": [
                    _("Give the reasons for the decision: the response is published with it.")
                ]
            }
        )
    with transaction.atomic():
        current = _locked(consultation_input, expected_version)
        before = audit.snapshot(current, RESPONSE_FIELDS)
        current.disposition = disposition
        current.response = build_multilingual(texts, current.original_language, current.response)
        if disposition == Disposition.PENDING:
            current.responded_by, current.responded_at = None, None
        else:
            current.responded_by, current.responded_at = _user(by), timezone.now()
        current.version += 1
        current.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(current, RESPONSE_FIELDS))
        audit.record(
            action="consultation_input.respond",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current
