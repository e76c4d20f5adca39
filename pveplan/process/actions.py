"""Every change to a plan's process: typed keyword-only functions, one transaction and one audit
event each. Views, the admin and management commands call these; nothing else writes phases.

Phases are stored lazily (see models.py): each action creates the plan's row for the phase on
first write, at version 0, the version a phase without a row shows.

Several phases may be in progress at once, because real processes overlap (consultations go on
while drafting, monitoring runs through implementation); see queries.py for which one is
"current".
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pveplan.accounts.models import Organization
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.permissions import PLANS_WRITE
from pveplan.core.uploads import MB, check_upload, safe_filename
from pveplan.plans.actions.registry import require_permission
from pveplan.plans.models import Plan
from pveplan.process.guidance import guidance_for
from pveplan.process.models import (
    ChecklistAnswer,
    Evidence,
    EvidenceKind,
    PhaseStatus,
    PlanPhase,
)
from pveplan.process.queries import may_be_responsible
from pveplan.taxonomy.models import PlanPhase as Phase

EVIDENCE_KINDS = set(EvidenceKind.values)
MAX_EVIDENCE_BYTES = 20 * MB
MAX_NOTES = 4000
MAX_REASON = 1000
MAX_NOTE = 1000
MAX_TITLE = 200

# The fields recorded before/after in the audit log.
PHASE_FIELDS = [
    "status",
    "skip_reason",
    "start_date",
    "end_date",
    "responsible_body_id",
    "notes",
]
EVIDENCE_FIELDS = ["title", "file_name", "kind", "size", "sha256", "uploaded_by_id"]


@dataclass
class PhaseInput:
    """What a user gives for one phase of a plan."""

    status: str
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    responsible_body: Organization | None = None
    notes: str = ""
    skip_reason: str = ""

    def errors(self, plan: Plan) -> dict[str, list[str]]:
        """Every rule a phase must meet, keyed by the field to blame."""
        errors: dict[str, list[str]] = {}

        def add(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if self.status not in PhaseStatus.values:
            add("status", _("Choose a status."))
        if self.status == PhaseStatus.SKIPPED and not self.skip_reason.strip():
            add("skip_reason", _("Say why the phase is skipped."))
        if len(self.skip_reason) > MAX_REASON:
            add("skip_reason", _("Keep the reason under %(n)s characters.") % {"n": MAX_REASON})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            add("end_date", _("The end cannot come before the start."))
        if (
            self.status == PhaseStatus.DONE
            and self.end_date is not None
            and self.end_date > datetime.date.today()
        ):
            add("end_date", _("A phase that is done cannot end in the future."))
        if self.responsible_body is not None and not may_be_responsible(
            self.responsible_body, plan
        ):
            add(
                "responsible_body",
                _(
                    "Choose the plan's own country or regional organization, or one of its "
                    "ministries or sectoral bodies."
                ),
            )
        if len(self.notes) > MAX_NOTES:
            add("notes", _("Keep the notes under %(n)s characters.") % {"n": MAX_NOTES})
        return errors

    def validate(self, plan: Plan) -> None:
        errors = self.errors(plan)
        if errors:
            raise ValidationError(errors)


def _locked_row(plan: Plan, phase: Phase) -> PlanPhase:
    """The plan's row for `phase`, created at version 0 if missing, locked for update."""
    row, _created = PlanPhase.objects.get_or_create(plan=plan, phase=phase, defaults={"version": 0})
    locked = PlanPhase.objects.select_for_update().get(pk=row.pk)
    locked.plan = plan
    locked.phase = phase
    return locked


def phase_update(
    *,
    plan: Plan,
    phase: Phase,
    by: Any,
    data: PhaseInput,
    expected_version: int,
    rationale: str = "",
) -> PlanPhase:
    """Record a phase's status, dates, responsible body and notes; fails with ConflictError if
    someone else changed the phase since `expected_version` (0 for a phase never recorded)."""
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "process.phase_update", plan)
    data.validate(plan)
    with transaction.atomic():
        row = _locked_row(plan, phase)
        if row.version != expected_version:
            raise ConflictError(row.pk)
        before = audit.snapshot(row, PHASE_FIELDS)
        row.status = data.status
        row.skip_reason = data.skip_reason.strip() if data.status == PhaseStatus.SKIPPED else ""
        row.start_date = data.start_date
        row.end_date = data.end_date
        row.responsible_body = data.responsible_body
        row.notes = data.notes.strip()
        row.updated_by = by if getattr(by, "is_authenticated", False) else None
        row.version += 1
        row.full_clean(exclude=["plan", "phase", "responsible_body", "updated_by"])
        row.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(row, PHASE_FIELDS))
        audit.record(
            action="process.phase_update",
            actor=by,
            on_behalf_of=on_behalf,
            obj=row,
            before=changed_before,
            after={"phase": phase.code, **changed_after},
            rationale=rationale,
        )
    return row


def checklist_answer_set(
    *,
    plan: Plan,
    phase: Phase,
    item_key: str,
    done: bool,
    by: Any,
    expected_version: int,
    note: str = "",
) -> ChecklistAnswer:
    """Tick (or untick) one checklist item of a phase, with an optional note; fails with
    ConflictError if someone else answered it since `expected_version` (0 if never answered)."""
    on_behalf = require_permission(
        by, PLANS_WRITE, plan.owner, "process.checklist_answer_set", plan
    )
    if item_key not in guidance_for(phase.code).item_keys():
        raise ValidationError({"item_key": [_("This phase has no such checklist item.")]})
    if len(note) > MAX_NOTE:
        raise ValidationError(
            {"note": [_("Keep the note under %(n)s characters.") % {"n": MAX_NOTE}]}
        )
    with transaction.atomic():
        row = _locked_row(plan, phase)
        answer = (
            ChecklistAnswer.objects.select_for_update()
            .filter(plan_phase=row, item_key=item_key)
            .first()
        )
        if (answer.version if answer else 0) != expected_version:
            raise ConflictError(item_key)
        before = {"done": answer.done, "note": answer.note} if answer else None
        if answer is None:
            answer = ChecklistAnswer(plan_phase=row, item_key=item_key, version=1)
        else:
            answer.version += 1
        answer.done = done
        answer.note = note.strip()
        answer.answered_by = by if getattr(by, "is_authenticated", False) else None
        answer.answered_at = timezone.now()
        answer.save()
        audit.record(
            action="process.checklist_answer_set",
            actor=by,
            on_behalf_of=on_behalf,
            obj=answer,
            before=before,
            after={
                "plan": plan.pk,
                "phase": phase.code,
                "item": item_key,
                "done": done,
                "note": answer.note,
            },
        )
    return answer


def _digest(file: File[Any]) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    file.seek(0)
    for chunk in file.chunks():
        sha.update(chunk)
        size += len(chunk)
    file.seek(0)
    return sha.hexdigest(), size


def evidence_add(*, plan: Plan, phase: Phase, by: Any, title: str, file: Any) -> Evidence:
    """Attach a file (PDF, DOCX, XLSX, PNG or JPEG, at most 20 MB) to a phase.

    The type is decided by the file's content, never its name; a refused file is not stored.
    The name users see is made safe and given the extension of the type found.
    """
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "process.evidence_add", plan)
    title = title.strip()
    if not title or len(title) > MAX_TITLE:
        raise ValidationError(
            {"title": [_("Give a title of at most %(n)s characters.") % {"n": MAX_TITLE}]}
        )
    try:
        kind = check_upload(file, kinds=EVIDENCE_KINDS, max_bytes=MAX_EVIDENCE_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    wrapped = file if isinstance(file, File) else File(file)
    sha256, size = _digest(wrapped)
    name = safe_filename(getattr(file, "name", "") or "", kind)
    stored, storage = "", None
    try:
        with transaction.atomic():
            row = _locked_row(plan, phase)
            evidence = Evidence(
                plan_phase=row,
                title=title,
                file_name=name,
                kind=kind,
                size=size,
                sha256=sha256,
                uploaded_by=by if getattr(by, "is_authenticated", False) else None,
                uploaded_at=timezone.now(),
            )
            evidence.file.save(name, wrapped, save=False)
            stored, storage = evidence.file.name or "", evidence.file.storage
            evidence.save()
            audit.record(
                action="process.evidence_add",
                actor=by,
                on_behalf_of=on_behalf,
                obj=evidence,
                after={"plan": plan.pk, "phase": phase.code, **_evidence_data(evidence)},
            )
    except BaseException:
        # The row was rolled back: the file must not stay behind without it.
        if stored and storage is not None:
            storage.delete(stored)
        raise
    return evidence


def _evidence_data(evidence: Evidence) -> dict[str, Any]:
    return audit.snapshot(evidence, EVIDENCE_FIELDS)


def evidence_delete(*, evidence: Evidence, by: Any) -> None:
    """Remove an evidence file; ConflictError if someone else removed it first. The audit log
    keeps its name and SHA-256; the file goes once the transaction is committed."""
    plan = evidence.plan_phase.plan
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "process.evidence_delete", evidence)
    with transaction.atomic():
        current = Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
        if current is None:
            raise ConflictError(evidence.pk)
        stored, storage = current.file.name or "", current.file.storage
        audit.record(
            action="process.evidence_delete",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before={
                "plan": plan.pk,
                "phase": evidence.plan_phase.phase.code,
                **_evidence_data(current),
            },
        )
        current.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
