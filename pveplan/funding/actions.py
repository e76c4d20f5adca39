"""Every change to programme funding: typed keyword-only functions, each in one transaction with
one audit event, a permission check and (for edits) an optimistic-locking version check.

Only UNOCT and the administrators (funding:manage, a global permission) record contributions,
allocations, expenditure and exchange rates; refusals are audited. The sums hold under
concurrency because each action locks the parent row (the contribution, the allocation) before
adding up what it already carries; SQLite's IMMEDIATE transactions serialize writers anyway.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.accounts.permissions import acting_for, scope_of
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditOutcome
from pveplan.core.permissions import FUNDING_MANAGE
from pveplan.funding.models import (
    AMOUNT_DIGITS,
    AMOUNT_PLACES,
    CENT,
    Allocation,
    Contribution,
    ContributionStatus,
    Currency,
    ExchangeRate,
    Expenditure,
)
from pveplan.support.models import RequestStatus, SupportRequest
from pveplan.taxonomy.models import Country, PriorityArea

DONOR_KINDS = (OrganizationKind.DONOR, OrganizationKind.UN_ENTITY)
RECIPIENT_KINDS = (OrganizationKind.MEMBER_STATE, OrganizationKind.REGIONAL_ORG)
MAX_AMOUNT = Decimal(10) ** (AMOUNT_DIGITS - AMOUNT_PLACES)
MAX_RATE = Decimal(10) ** 10
RATE_PLACES = Decimal("1e-10")
MAX_TEXT = 500
CONTRIBUTION_FIELDS = [
    "donor_id",
    "amount",
    "currency",
    "date",
    "status",
    "reference",
    "note",
    "is_illustrative",
]
ALLOCATION_FIELDS = [
    "contribution_id",
    "recipient_id",
    "support_request_id",
    "amount",
    "date",
    "purpose",
]
EXPENDITURE_FIELDS = ["allocation_id", "amount", "date", "description"]
RATE_FIELDS = ["currency", "date", "usd_per_unit", "source"]

Errors = dict[str, list[str]]


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _require_manage(by: Any, action: str, obj: Any = None) -> str:
    """Raise PermissionDenied (and audit the refusal) unless `by` holds funding:manage; return
    on whose behalf they act, for the audit log."""
    if FUNDING_MANAGE not in scope_of(by).everywhere:
        audit.record(
            action=action,
            actor=by,
            obj=obj,
            outcome=AuditOutcome.DENIED,
            rationale=FUNDING_MANAGE,
        )
        raise PermissionDenied(FUNDING_MANAGE)
    return acting_for(by, None, None)


def money(amount: Decimal, currency: str) -> str:
    """An amount as the user's language writes it, with its currency code."""
    return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)} {currency}"


def amount_errors(amount: Decimal | None) -> list[str]:
    """Why `amount` is not a valid amount (positive, to the cent, within the column's size)."""
    if amount is None:
        return [_("Give an amount.")]
    if not amount.is_finite() or amount <= 0:
        return [_("Give an amount greater than zero.")]
    if amount >= MAX_AMOUNT:
        return [_("This amount is too large.")]
    if amount != amount.quantize(CENT):
        return [_("Give the amount to the cent (two decimals at most).")]
    return []


def _currency_errors(currency: str) -> list[str]:
    if currency not in Currency.values:
        return [_("Choose a known currency (an ISO 4217 code such as USD, EUR or NOK).")]
    return []


def _text_errors(text: str, *, required: str) -> list[str]:
    if not text.strip():
        return [required]
    if len(text.strip()) > MAX_TEXT:
        return [_("Write %(max)s characters at most.") % {"max": MAX_TEXT}]
    return []


def _add(errors: Errors, name: str, messages: list[str]) -> None:
    if messages:
        errors.setdefault(name, []).extend(messages)


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _names(items: list[Any]) -> str:
    return ", ".join(sorted(str(item.label) for item in items))


def _earmark_errors(
    countries: list[Country],
    areas: list[PriorityArea],
    recipient: Organization,
    request: SupportRequest | None,
) -> Errors:
    """Whether an allocation to `recipient` (for `request`) fits the contribution's earmarks."""
    errors: Errors = {}
    if countries and (
        recipient.kind != OrganizationKind.MEMBER_STATE
        or recipient.country_id not in {c.pk for c in countries}
    ):
        errors["recipient"] = [
            _("This contribution is earmarked to %(countries)s; %(recipient)s is not one of them.")
            % {"countries": _names(countries), "recipient": recipient.label}
        ]
    if areas and request is not None:
        asked = set(request.priority_areas.values_list("pk", flat=True))
        if not asked & {a.pk for a in areas}:
            errors["support_request"] = [
                _(
                    "This contribution is earmarked to the priority areas %(areas)s; "
                    "the support request is about none of them."
                )
                % {"areas": ", ".join(f"{a.number}. {a.label}" for a in areas)}
            ]
    return errors


# --- Contributions ----------------------------------------------------------------------------


@dataclass
class ContributionInput:
    """What a user gives when recording or correcting a contribution."""

    donor: Organization
    amount: Decimal | None
    currency: str
    date: datetime.date
    status: str = ContributionStatus.PLEDGED
    reference: str = ""
    countries: list[Country] = field(default_factory=list)
    priority_areas: list[PriorityArea] = field(default_factory=list)
    note: str = ""
    is_illustrative: bool = False

    def errors(self) -> Errors:
        errors: Errors = {}
        if self.donor.kind not in DONOR_KINDS:
            _add(errors, "donor", [_("Choose a donor or a UN entity.")])
        _add(errors, "amount", amount_errors(self.amount))
        _add(errors, "currency", _currency_errors(self.currency))
        if self.status not in ContributionStatus.values:
            _add(errors, "status", [_("Choose pledged or received.")])
        if self.status == ContributionStatus.RECEIVED and self.date > timezone.localdate():
            _add(errors, "date", [_("A contribution cannot be received in the future.")])
        if len(self.reference.strip()) > 100:
            _add(errors, "reference", [_("Write %(max)s characters at most.") % {"max": 100}])
        if len(self.note) > 5000:
            _add(errors, "note", [_("Write %(max)s characters at most.") % {"max": 5000}])
        return errors


def _apply_contribution(contribution: Contribution, data: ContributionInput) -> None:
    contribution.donor = data.donor
    contribution.amount = data.amount  # checked by errors()
    contribution.currency = data.currency
    contribution.date = data.date
    contribution.status = data.status
    contribution.reference = data.reference.strip()
    contribution.note = data.note.strip()
    contribution.is_illustrative = data.is_illustrative


def _contribution_snapshot(
    contribution: Contribution, countries: list[Country], areas: list[PriorityArea]
) -> dict[str, Any]:
    values = audit.snapshot(contribution, CONTRIBUTION_FIELDS)
    values["countries"] = sorted(c.code for c in countries)
    values["priority_areas"] = sorted(a.number for a in areas)
    return values


def contribution_record(*, by: Any, data: ContributionInput) -> Contribution:
    """Record a donor's contribution (pledged or received), with its earmarks if any."""
    on_behalf = _require_manage(by, "contribution.record")
    _raise(data.errors())
    with transaction.atomic():
        contribution = Contribution(created_by=_user(by))
        _apply_contribution(contribution, data)
        contribution.save()
        contribution.countries.set(data.countries)
        contribution.priority_areas.set(data.priority_areas)
        audit.record(
            action="contribution.record",
            actor=by,
            on_behalf_of=on_behalf,
            obj=contribution,
            after=_contribution_snapshot(contribution, data.countries, data.priority_areas),
        )
    return contribution


def _against_allocations(current: Contribution, data: ContributionInput) -> Errors:
    """What a correction may not change once money was allocated (or spent) from it."""
    errors: Errors = {}
    allocations = list(
        Allocation.objects.filter(contribution=current).select_related(
            "recipient__country", "recipient__regional_organization", "support_request"
        )
    )
    if not allocations:
        return errors
    allocated = sum((a.amount for a in allocations), Decimal(0))
    if data.amount is not None and data.amount < allocated:
        _add(
            errors,
            "amount",
            [
                _("%(allocated)s is already allocated from this contribution; it cannot be less.")
                % {"allocated": money(allocated, current.currency)}
            ],
        )
    if data.currency != current.currency:
        _add(errors, "currency", [_("Money was allocated from it: its currency stays.")])
    if data.donor.pk != current.donor_id:
        _add(errors, "donor", [_("Money was allocated from it: its donor stays.")])
    for allocation in allocations:
        for name, messages in _earmark_errors(
            data.countries, data.priority_areas, allocation.recipient, allocation.support_request
        ).items():
            _add(errors, "countries" if name == "recipient" else "priority_areas", messages)
    if (
        data.status == ContributionStatus.PLEDGED
        and Expenditure.objects.filter(allocation__contribution=current).exists()
    ):
        _add(errors, "status", [_("Money was already spent from it: it stays received.")])
    return errors


def contribution_update(
    *, contribution: Contribution, by: Any, data: ContributionInput, expected_version: int
) -> Contribution:
    """Correct a contribution (or mark it received); fails if someone else changed it first,
    and refuses changes its allocations and expenditure no longer allow."""
    on_behalf = _require_manage(by, "contribution.update", contribution)
    _raise(data.errors())
    with transaction.atomic():
        current = Contribution.objects.select_for_update().get(pk=contribution.pk)
        if current.version != expected_version:
            raise ConflictError(contribution.pk)
        _raise(_against_allocations(current, data))
        before = _contribution_snapshot(
            current, list(current.countries.all()), list(current.priority_areas.all())
        )
        _apply_contribution(current, data)
        current.version += 1
        current.save()
        current.countries.set(data.countries)
        current.priority_areas.set(data.priority_areas)
        after = _contribution_snapshot(current, data.countries, data.priority_areas)
        changed_before, changed_after = audit.diff(before, after)
        audit.record(
            action="contribution.update",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


# --- Allocations ------------------------------------------------------------------------------


@dataclass
class AllocationInput:
    """What a user gives when allocating part of a contribution."""

    contribution: Contribution
    recipient: Organization
    amount: Decimal | None
    date: datetime.date
    purpose: str
    support_request: SupportRequest | None = None

    def errors(self) -> Errors:
        errors: Errors = {}
        if self.recipient.kind not in RECIPIENT_KINDS:
            _add(errors, "recipient", [_("Choose a Member State or a regional organization.")])
        _add(errors, "amount", amount_errors(self.amount))
        _add(errors, "purpose", _text_errors(self.purpose, required=_("Say what it is for.")))
        request = self.support_request
        if request is not None:
            if request.requester_id != self.recipient.pk:
                _add(
                    errors,
                    "support_request",
                    [_("Choose a support request of the country or organization allocated to.")],
                )
            if request.status == RequestStatus.DECLINED:
                _add(errors, "support_request", [_("This support request was declined.")])
        return errors


def _allocated(contribution: Contribution) -> Decimal:
    total = Allocation.objects.filter(contribution=contribution).aggregate(s=Sum("amount"))["s"]
    return total or Decimal(0)


def allocation_make(*, by: Any, data: AllocationInput) -> Allocation:
    """Allocate part of a contribution to a Member State or regional organization (optionally
    for one of its support requests). Refused when it would exceed what is still unallocated,
    or fall outside the contribution's earmarks."""
    on_behalf = _require_manage(by, "allocation.make", data.contribution)
    _raise(data.errors())
    with transaction.atomic():
        contribution = Contribution.objects.select_for_update().get(pk=data.contribution.pk)
        errors = _earmark_errors(
            list(contribution.countries.all()),
            list(contribution.priority_areas.all()),
            data.recipient,
            data.support_request,
        )
        assert data.amount is not None
        available = contribution.amount - _allocated(contribution)
        if data.amount > available:
            _add(
                errors,
                "amount",
                [
                    _("Only %(available)s of this contribution is unallocated.")
                    % {"available": money(available, contribution.currency)}
                ],
            )
        _raise(errors)
        allocation = Allocation.objects.create(
            contribution=contribution,
            recipient=data.recipient,
            support_request=data.support_request,
            amount=data.amount,
            date=data.date,
            purpose=data.purpose.strip(),
            created_by=_user(by),
        )
        after = audit.snapshot(allocation, ALLOCATION_FIELDS)
        after["currency"] = contribution.currency
        audit.record(
            action="allocation.make", actor=by, on_behalf_of=on_behalf, obj=allocation, after=after
        )
    return allocation


# --- Expenditure ------------------------------------------------------------------------------


@dataclass
class ExpenditureInput:
    """What a user gives when recording money spent against an allocation."""

    allocation: Allocation
    amount: Decimal | None
    date: datetime.date
    description: str

    def errors(self) -> Errors:
        errors: Errors = {}
        _add(errors, "amount", amount_errors(self.amount))
        if self.date > timezone.localdate():
            _add(errors, "date", [_("Expenditure cannot be dated in the future.")])
        _add(
            errors,
            "description",
            _text_errors(self.description, required=_("Say what it paid for.")),
        )
        return errors


def expenditure_record(*, by: Any, data: ExpenditureInput) -> Expenditure:
    """Record money spent against an allocation; refused beyond what remains of it, or while
    its contribution is only pledged."""
    on_behalf = _require_manage(by, "expenditure.record", data.allocation)
    _raise(data.errors())
    with transaction.atomic():
        allocation = (
            Allocation.objects.select_for_update()
            .select_related("contribution")
            .get(pk=data.allocation.pk)
        )
        currency = allocation.contribution.currency
        errors: Errors = {}
        if allocation.contribution.status != ContributionStatus.RECEIVED:
            _add(
                errors,
                "__all__",
                [_("Nothing can be spent from a pledge: record the contribution as received.")],
            )
        spent = Expenditure.objects.filter(allocation=allocation).aggregate(s=Sum("amount"))["s"]
        remaining = allocation.amount - (spent or Decimal(0))
        assert data.amount is not None
        if data.amount > remaining:
            _add(
                errors,
                "amount",
                [
                    _("Only %(remaining)s of this allocation remains to be spent.")
                    % {"remaining": money(remaining, currency)}
                ],
            )
        _raise(errors)
        expenditure = Expenditure.objects.create(
            allocation=allocation,
            amount=data.amount,
            date=data.date,
            description=data.description.strip(),
            created_by=_user(by),
        )
        after = audit.snapshot(expenditure, EXPENDITURE_FIELDS)
        after["currency"] = currency
        audit.record(
            action="expenditure.record",
            actor=by,
            on_behalf_of=on_behalf,
            obj=expenditure,
            after=after,
        )
    return expenditure


# --- Exchange rates ---------------------------------------------------------------------------


def _rate_errors(currency: str, usd_per_unit: Decimal | None, source: str) -> Errors:
    errors: Errors = {}
    _add(errors, "currency", _currency_errors(currency))
    if currency == Currency.USD:
        _add(errors, "currency", [_("US dollars need no rate.")])
    if usd_per_unit is None or not usd_per_unit.is_finite() or usd_per_unit <= 0:
        _add(errors, "usd_per_unit", [_("Give a rate greater than zero.")])
    elif usd_per_unit >= MAX_RATE or usd_per_unit != usd_per_unit.quantize(RATE_PLACES):
        _add(errors, "usd_per_unit", [_("Give a rate below 10 billion, with 10 decimals at most.")])
    _add(errors, "source", _text_errors(source, required=_("Say where the rate comes from.")))
    return errors


def rate_set(
    *,
    by: Any,
    currency: str,
    date: datetime.date,
    usd_per_unit: Decimal | None,
    source: str,
    expected_version: int | None = None,
) -> ExchangeRate:
    """Set the USD value of one unit of `currency` on `date`.

    Without `expected_version` it adds a rate and refuses a day that already has one; with it,
    it changes that day's rate, failing (ConflictError) if someone else changed it first.
    """
    on_behalf = _require_manage(by, "rate.set")
    _raise(_rate_errors(currency, usd_per_unit, source))
    assert usd_per_unit is not None
    with transaction.atomic():
        rate = ExchangeRate.objects.select_for_update().filter(currency=currency, date=date).first()
        before = None
        if rate is None:
            rate = ExchangeRate(currency=currency, date=date)
        elif expected_version is None:
            raise ValidationError(
                {
                    "date": [
                        _("%(currency)s already has a rate on %(date)s: change that one instead.")
                        % {"currency": currency, "date": date.isoformat()}
                    ]
                }
            )
        elif rate.version != expected_version:
            raise ConflictError(rate.pk)
        else:
            before = audit.snapshot(rate, RATE_FIELDS)
            rate.version += 1
        rate.usd_per_unit = usd_per_unit
        rate.source = source.strip()
        rate.save()
        after = audit.snapshot(rate, RATE_FIELDS)
        if before is not None:
            before, after = audit.diff(before, after)
        audit.record(
            action="rate.set",
            actor=by,
            on_behalf_of=on_behalf,
            obj=rate,
            before=before,
            after=after,
        )
    return rate
