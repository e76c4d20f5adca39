"""Every change to a plan: typed keyword-only functions, one transaction and one audit event each.

Views, the admin, management commands and the API call these; nothing else writes plans.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.accounts.permissions import acting_for, scope_of, users_with
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import UN_LANGUAGES, build_multilingual
from pveplan.core.models import AuditOutcome
from pveplan.core.permissions import PLANS_APPROVE, PLANS_WRITE
from pveplan.notifications.actions import notify
from pveplan.notifications.models import Kind
from pveplan.plans.models import (
    ADOPTED_STATUSES,
    APPROVAL_STATUSES,
    TRANSITIONS,
    Plan,
    Scope,
    Sensitivity,
    Status,
)
from pveplan.taxonomy.models import PriorityArea

NATIONAL_OWNER_KINDS = (OrganizationKind.MEMBER_STATE, OrganizationKind.GOVERNMENT_BODY)
REGIONAL_OWNER_KINDS = (OrganizationKind.REGIONAL_ORG, OrganizationKind.SECTORAL_BODY)
FIRST_YEAR, LAST_YEAR = 1990, 2100

# The fields recorded before/after in the audit log.
AUDITED_FIELDS = [
    "code",
    "scope",
    "owner_id",
    "parent_id",
    "subnational_area",
    "title",
    "summary",
    "original_language",
    "status",
    "period_start",
    "period_end",
    "lead_body_id",
    "adoption_body",
    "adoption_date",
    "adoption_instrument",
    "sensitivity",
    "is_illustrative",
    "next_review_date",
]


@dataclass
class PlanInput:
    """What a user gives when registering or editing a plan."""

    scope: str
    owner: Organization
    original_language: str
    titles: dict[str, str]
    summaries: dict[str, str] = field(default_factory=dict)
    sensitivity: str = Sensitivity.CONFIDENTIAL
    parent: Plan | None = None
    subnational_area: str = ""
    period_start: int | None = None
    period_end: int | None = None
    lead_body: Organization | None = None
    adoption_body: str = ""
    adoption_date: datetime.date | None = None
    adoption_instrument: str = ""
    priority_areas: list[PriorityArea] = field(default_factory=list)
    is_illustrative: bool = False
    next_review_date: datetime.date | None = None

    def errors(self, status: str) -> dict[str, list[str]]:
        """Every rule a plan must meet beyond single fields, keyed by the field to blame."""
        errors: dict[str, list[str]] = {}

        def add(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if self.scope not in Scope.values:
            add("scope", _("Choose national, regional or sub-national."))
        if self.scope == Scope.REGIONAL and self.owner.kind not in REGIONAL_OWNER_KINDS:
            add("owner", _("A regional plan is owned by a regional organization."))
        if self.scope != Scope.REGIONAL and self.owner.kind not in NATIONAL_OWNER_KINDS:
            add("owner", _("A national or sub-national plan is owned by a Member State."))
        if self.scope == Scope.SUBNATIONAL:
            if self.parent is None:
                add("parent", _("A sub-national plan needs the national plan it localizes."))
            elif (
                self.parent.scope != Scope.NATIONAL
                or self.parent.owner.country_id != self.owner.country_id
            ):
                add("parent", _("Choose a national plan of the same country."))
            if not self.subnational_area.strip():
                add("subnational_area", _("Name the state, province or county this plan covers."))
        elif self.parent is not None:
            add("parent", _("Only a sub-national plan has a national plan above it."))
        if self.original_language not in UN_LANGUAGES:
            add("original_language", _("Choose one of the six UN languages."))
        elif not self.titles.get(self.original_language, "").strip():
            add(
                f"title_{self.original_language}",
                _("Give the title in the language of the original."),
            )
        for name in ("period_start", "period_end"):
            year = getattr(self, name)
            if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
                add(
                    name,
                    _("Give a year between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        if self.period_start and self.period_end and self.period_end < self.period_start:
            add("period_end", _("The last year cannot come before the first year."))
        if self.lead_body is not None and not same_scope(self.lead_body, self.owner):
            add(
                "lead_body",
                _("The lead body must belong to the plan's own country or regional organization."),
            )
        if self.sensitivity not in Sensitivity.values:
            add("sensitivity", _("Choose a sensitivity."))
        if status in ADOPTED_STATUSES and self.adoption_date is None:
            add("adoption_date", _("An adopted plan needs its adoption date."))
        if self.adoption_date is not None and self.adoption_date > datetime.date.today():
            add("adoption_date", _("The adoption date cannot be in the future."))
        return errors

    def validate(self, status: str) -> None:
        errors = self.errors(status)
        if errors:
            raise ValidationError(errors)


def same_scope(a: Organization, b: Organization) -> bool:
    if a.country_id is not None:
        return a.country_id == b.country_id
    return (
        a.regional_organization_id is not None
        and a.regional_organization_id == b.regional_organization_id
    )


def require_permission(
    by: Any, permission: str, owner: Organization, action: str, obj: models.Model | None = None
) -> str:
    """Raise PermissionDenied (and audit the refusal) unless `by` holds `permission` over `owner`."""
    if permission not in scope_of(by).permissions_for(
        owner.country_id, owner.regional_organization_id
    ):
        audit.record(
            action=action, actor=by, obj=obj, outcome=AuditOutcome.DENIED, rationale=permission
        )
        raise PermissionDenied(permission)
    return acting_for(by, owner.country_id, owner.regional_organization_id)


def _apply(plan: Plan, data: PlanInput) -> None:
    plan.scope = data.scope
    plan.owner = data.owner
    plan.parent = data.parent
    plan.subnational_area = data.subnational_area.strip()
    plan.original_language = data.original_language
    plan.title = build_multilingual(data.titles, data.original_language, plan.title)
    plan.summary = build_multilingual(data.summaries, data.original_language, plan.summary)
    plan.period_start = data.period_start
    plan.period_end = data.period_end
    plan.lead_body = data.lead_body
    plan.adoption_body = data.adoption_body.strip()
    plan.adoption_date = data.adoption_date
    plan.adoption_instrument = data.adoption_instrument.strip()
    plan.sensitivity = data.sensitivity
    plan.is_illustrative = data.is_illustrative
    plan.next_review_date = data.next_review_date
    plan.search_text = search_text(data.titles, plan.subnational_area)


def search_text(titles: dict[str, str], *extra: str) -> str:
    return " ".join([*titles.values(), *extra]).casefold()


def _new_code(data: PlanInput) -> str:
    base = slugify(f"{data.owner.code}-{data.scope}-{data.period_start or ''}")[:70].strip("-")
    code, n = base, 1
    while Plan.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def plan_create(*, by: Any, data: PlanInput, status: str = Status.DRAFTING, code: str = "") -> Plan:
    """Register a plan. Existing plans may be registered directly in a later status."""
    # Permission first, outside the transaction, so a refusal stays in the audit log.
    on_behalf = require_permission(by, PLANS_WRITE, data.owner, "plan.create")
    if status in APPROVAL_STATUSES:
        require_permission(by, PLANS_APPROVE, data.owner, "plan.create")
    with transaction.atomic():
        if status not in Status.values:
            raise ValidationError({"status": [_("Choose a status.")]})
        data.validate(status)
        plan = Plan(
            status=status, created_by=by if getattr(by, "is_authenticated", False) else None
        )
        _apply(plan, data)
        plan.code = code or _new_code(data)
        plan.full_clean(exclude=["owner", "parent", "lead_body", "created_by"])
        plan.save()
        plan.priority_areas.set(data.priority_areas)
        after = audit.snapshot(plan, AUDITED_FIELDS)
        after["priority_areas"] = sorted(pa.code for pa in data.priority_areas)
        audit.record(action="plan.create", actor=by, on_behalf_of=on_behalf, obj=plan, after=after)
    return plan


def _locked(plan: Plan, expected_version: int) -> Plan:
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.version != expected_version:
        raise ConflictError(plan.pk)
    return current


def plan_update(
    *, plan: Plan, by: Any, data: PlanInput, expected_version: int, rationale: str = ""
) -> Plan:
    """Change a plan's registry facts (not its status); fails if someone else changed it first."""
    on_behalf = require_permission(by, PLANS_WRITE, plan.owner, "plan.update", plan)
    if data.owner.pk != plan.owner_id:
        require_permission(by, PLANS_WRITE, data.owner, "plan.update", plan)
    with transaction.atomic():
        current = _locked(plan, expected_version)
        data.validate(current.status)
        before = audit.snapshot(current, AUDITED_FIELDS)
        before["priority_areas"] = sorted(current.priority_areas.values_list("code", flat=True))
        _apply(current, data)
        current.version += 1
        current.full_clean(exclude=["owner", "parent", "lead_body", "created_by"])
        current.save()
        current.priority_areas.set(data.priority_areas)
        after = audit.snapshot(current, AUDITED_FIELDS)
        after["priority_areas"] = sorted(pa.code for pa in data.priority_areas)
        changed_before, changed_after = audit.diff(before, after)
        audit.record(
            action="plan.update",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
            rationale=rationale,
        )
    return current


@dataclass
class AdoptionRecord:
    body: str
    date: datetime.date
    instrument: str = ""


def _ask_for_approval(plan: Plan, submitter: Any) -> None:
    """Tell the people who may approve the plan (but its submitter) that it waits for them."""
    approvers = users_with(
        PLANS_APPROVE,
        country_id=plan.owner.country_id,
        regional_organization_id=plan.owner.regional_organization_id,
    )
    notify(
        recipients=approvers,
        kind=Kind.PLAN_APPROVAL,
        params={"title": plan.shown_title.text},
        url=reverse("plans:detail", kwargs={"pk": plan.pk}),
        exclude=submitter,
    )


STATUS_FIELDS = [
    "status",
    "adoption_body",
    "adoption_date",
    "adoption_instrument",
    "submitted_by",
    "approved_by",
]


def plan_change_status(
    *,
    plan: Plan,
    by: Any,
    to: str,
    expected_version: int,
    rationale: str = "",
    adoption: AdoptionRecord | None = None,
) -> Plan:
    """Move a plan along its lifecycle.

    Moving to validation submits the plan (the submitter is recorded); adopting needs the approve
    permission, an approval by someone other than the submitter (`plan_approve`) and a record.
    """
    needed = PLANS_APPROVE if to in APPROVAL_STATUSES else PLANS_WRITE
    on_behalf = require_permission(by, needed, plan.owner, "plan.change_status", plan)
    with transaction.atomic():
        current = _locked(plan, expected_version)
        if to not in TRANSITIONS.get(current.status, ()):
            raise ValidationError(
                {"to": [_("A plan cannot move from this status to the one chosen.")]}
            )
        before = audit.snapshot(current, STATUS_FIELDS)
        if to == Status.ADOPTED:
            if current.approved_by_id is None:
                raise ValidationError(
                    {
                        "to": [
                            _(
                                "The plan must first be approved by someone other than "
                                "the person who submitted it."
                            )
                        ]
                    }
                )
            if adoption is None or not adoption.body.strip():
                raise ValidationError({"adoption_body": [_("Say which body adopted the plan.")]})
            if adoption.date > datetime.date.today():
                raise ValidationError(
                    {"adoption_date": [_("The adoption date cannot be in the future.")]}
                )
            current.adoption_body = adoption.body.strip()
            current.adoption_date = adoption.date
            current.adoption_instrument = adoption.instrument.strip()
        if to == Status.VALIDATION:
            # Submitted for validation: someone else with approver rights must approve it.
            current.submitted_by = by
            current.submitted_at = timezone.now()
            current.approved_by = current.approved_at = None
        elif current.status == Status.VALIDATION and to != Status.ADOPTED:
            # Returned for more drafting: a later submission starts the approval afresh.
            current.submitted_by = current.submitted_at = None
            current.approved_by = current.approved_at = None
        current.status = to
        current.version += 1
        current.save()
        after = audit.snapshot(current, STATUS_FIELDS)
        changed_before, changed_after = audit.diff(before, after)
        if to == Status.VALIDATION:
            _ask_for_approval(current, by)
        audit.record(
            action="plan.change_status",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
            rationale=rationale,
        )
    return current


def plan_approve(*, plan: Plan, by: Any, expected_version: int, rationale: str = "") -> Plan:
    """Approve a plan submitted for validation, so that it can be adopted.

    Needs the approve permission over the plan's owner, and nobody approves their own submission.
    """
    on_behalf = require_permission(by, PLANS_APPROVE, plan.owner, "plan.approve", plan)
    with transaction.atomic():
        current = _locked(plan, expected_version)
        if current.status != Status.VALIDATION:
            raise ValidationError(
                {"to": [_("Only a plan submitted for validation can be approved.")]}
            )
        own = current.submitted_by_id == by.pk
        if current.approved_by_id is not None:
            raise ValidationError({"to": [_("This plan is already approved.")]})
        if not own:
            current.approved_by = by
            current.approved_at = timezone.now()
            current.version += 1
            current.save()
            audit.record(
                action="plan.approve",
                actor=by,
                on_behalf_of=on_behalf,
                obj=current,
                before={"approved_by": None},
                after={"approved_by": by.pk},
                rationale=rationale,
            )
    if own:
        # Recorded outside the refused transaction, so the refusal stays in the log.
        audit.record(
            action="plan.approve",
            actor=by,
            obj=current,
            outcome=AuditOutcome.DENIED,
            rationale="own submission",
        )
        raise PermissionDenied(_("Nobody can approve their own submission."))
    return current
