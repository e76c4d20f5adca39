"""Every change to a support request and its offers: typed keyword-only functions, one
transaction and one audit event each, notifying whom the step concerns.

The workflow: submitted -> (UNOCT triage) open for offers, or declined -> offers -> one offer
accepted (the assignment) -> in delivery -> delivered -> closed with the requester's feedback.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.accounts.permissions import acting_for, provider_organizations
from pveplan.assessments.models import Need, NeedStatus
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import UN_LANGUAGES
from pveplan.core.models import AuditOutcome
from pveplan.core.permissions import SUPPORT_REQUEST, SUPPORT_TRIAGE
from pveplan.notifications.actions import notify
from pveplan.notifications.models import Kind
from pveplan.plans.actions.registry import require_permission, same_scope
from pveplan.plans.models import PlanNode
from pveplan.support import audiences
from pveplan.support.duplicates import possible_duplicates
from pveplan.support.models import (
    Modality,
    Offer,
    OfferStatus,
    RequestStatus,
    SupportRequest,
    Urgency,
)
from pveplan.support.permissions import (
    accepted_offer,
    is_requester_team,
    may_assign,
    may_deliver,
    visible_requests,
)
from pveplan.taxonomy.models import PriorityArea

REQUESTER_KINDS = (OrganizationKind.MEMBER_STATE, OrganizationKind.REGIONAL_ORG)
LIVE_OFFER = (OfferStatus.PROPOSED, OfferStatus.ACCEPTED)

AUDITED_FIELDS = [
    "requester_id",
    "title",
    "description",
    "need_id",
    "modality",
    "languages",
    "start_date",
    "end_date",
    "urgency",
    "status",
    "shared_with_donors",
    "is_illustrative",
]
STEP_FIELDS = [
    "status",
    "shared_with_donors",
    "triage_note",
    "declined_reason",
    "delivery_note",
    "feedback_rating",
    "feedback_comment",
]
OFFER_FIELDS = ["request_id", "provider_id", "message", "start_date", "end_date", "status"]


@dataclass
class RequestInput:
    """What a requester gives for a support request."""

    requester: Organization | None
    title: str
    modality: str
    priority_areas: list[PriorityArea] = field(default_factory=list)
    description: str = ""
    languages: list[str] = field(default_factory=list)
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    urgency: str = Urgency.NORMAL
    plan_nodes: list[PlanNode] = field(default_factory=list)
    need: Need | None = None
    shared_with_donors: bool = False
    is_illustrative: bool = False

    def errors(self) -> dict[str, list[str]]:
        """Every rule a request must meet, keyed by the field to blame."""
        errors: dict[str, list[str]] = {}

        def add(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        requester = self.requester
        if requester is None:
            add("requester", _("Say which country or regional organization asks for support."))
        elif requester.kind not in REQUESTER_KINDS:
            add(
                "requester",
                _("Support is requested by a Member State or a regional organization."),
            )
        if not self.priority_areas:
            add("priority_areas", _("Choose at least one priority area of the Plan of Action."))
        if not self.title.strip():
            add("title", _("Give the request a title."))
        if self.modality not in Modality.values:
            add("modality", _("Choose the kind of support."))
        if self.urgency not in Urgency.values:
            add("urgency", _("Choose how urgent it is."))
        if any(code not in UN_LANGUAGES for code in self.languages):
            add("languages", _("Choose among the six UN languages."))
        if self.start_date and self.end_date and self.end_date < self.start_date:
            add("end_date", _("The end cannot come before the start."))
        if requester is not None:
            if self.need is not None and self.need.owner_id != requester.pk:
                add("need", _("This need belongs to another country or organization."))
            if any(not same_scope(node.plan.owner, requester) for node in self.plan_nodes):
                add("plan_nodes", _("Link only actions of the requester's own plans."))
        if self.need is not None and self.need.status in (NeedStatus.MET, NeedStatus.DROPPED):
            add("need", _("This need is no longer open."))
        return errors


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _refuse(by: Any, action: str, obj: Any, rationale: str) -> PermissionDenied:
    """Audit a refused step and give the exception to raise."""
    audit.record(action=action, actor=by, obj=obj, outcome=AuditOutcome.DENIED, rationale=rationale)
    return PermissionDenied(rationale)


def _url(request: SupportRequest) -> str:
    return reverse("support:detail", kwargs={"pk": request.pk})


def _params(request: SupportRequest, **extra: Any) -> dict[str, Any]:
    return {"title": request.title, "country": request.requester.label, **extra}


def _status_params(request: SupportRequest) -> dict[str, Any]:
    return _params(request, status=RequestStatus(request.status).label)


def _snapshot(request: SupportRequest) -> dict[str, Any]:
    data = audit.snapshot(request, AUDITED_FIELDS)
    data["priority_areas"] = sorted(request.priority_areas.values_list("code", flat=True))
    data["plan_nodes"] = sorted(request.plan_nodes.values_list("pk", flat=True))
    return data


def _locked(request: SupportRequest, expected_version: int | None) -> SupportRequest:
    current = (
        # Lock the request row only: PostgreSQL cannot lock the nullable side of an outer join.
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("requester__country", "requester__regional_organization")
        .get(pk=request.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(request.pk)
    return current


def _require_status(request: SupportRequest, *allowed: str, message: str) -> None:
    if request.status not in allowed:
        raise ValidationError({"status": [message]})


def _set_need_status(need_id: int | None, to: str, *, only_from: tuple[str, ...]) -> str | None:
    """Move the linked need along (requested, met, back to open); its new status, if changed."""
    if need_id is None:
        return None
    changed = Need.objects.filter(pk=need_id, status__in=only_from).update(
        status=to, version=F("version") + 1, updated_at=timezone.now()
    )
    return to if changed else None


def _apply(request: SupportRequest, data: RequestInput) -> None:
    request.title = data.title.strip()
    request.description = data.description.strip()
    request.modality = data.modality
    request.languages = [code for code in UN_LANGUAGES if code in data.languages]
    request.start_date = data.start_date
    request.end_date = data.end_date
    request.urgency = data.urgency
    request.shared_with_donors = data.shared_with_donors
    request.is_illustrative = data.is_illustrative


def _validate(data: RequestInput) -> None:
    errors = data.errors()
    if errors:
        raise ValidationError(errors)


def request_create(*, by: Any, data: RequestInput) -> SupportRequest:
    """Ask for support on behalf of a Member State or regional organization (support:request
    over it). From a need of the same owner, the need becomes "support requested"."""
    if data.requester is None:
        raise ValidationError(data.errors())
    on_behalf = require_permission(by, SUPPORT_REQUEST, data.requester, "support.request.create")
    _validate(data)
    with transaction.atomic():
        request = SupportRequest(
            requester=data.requester,
            need=data.need,
            status=RequestStatus.SUBMITTED,
            created_by=_user(by),
        )
        _apply(request, data)
        request.save()
        request.priority_areas.set(data.priority_areas)
        request.plan_nodes.set(data.plan_nodes)
        after = _snapshot(request)
        need_status = _set_need_status(
            request.need_id, NeedStatus.REQUESTED, only_from=(NeedStatus.OPEN,)
        )
        if need_status:
            after["need_status"] = need_status
        audit.record(
            action="support.request.create",
            actor=by,
            on_behalf_of=on_behalf,
            obj=request,
            after=after,
        )
        notify(
            recipients=audiences.triagers(),
            kind=Kind.REQUEST_NEW,
            params=_params(request),
            url=_url(request),
            exclude=by,
        )
    return request


def request_update(
    *, request: SupportRequest, by: Any, data: RequestInput, expected_version: int
) -> SupportRequest:
    """Change a request until UNOCT triages it. Its requester and need stay."""
    on_behalf = require_permission(
        by, SUPPORT_REQUEST, request.requester, "support.request.update", request
    )
    data.need = None  # the need stays as it was (checked when the request was made)
    if data.requester is not None and data.requester.pk != request.requester_id:
        raise ValidationError(
            {"requester": [_("A request stays with its country or organization.")]}
        )
    data.requester = request.requester
    _validate(data)
    with transaction.atomic():
        current = _locked(request, expected_version)
        _require_status(
            current,
            RequestStatus.SUBMITTED,
            message=_("A request can be changed only until UNOCT triages it."),
        )
        before = _snapshot(current)
        _apply(current, data)
        current.version += 1
        current.save()
        current.priority_areas.set(data.priority_areas)
        current.plan_nodes.set(data.plan_nodes)
        changed_before, changed_after = audit.diff(before, _snapshot(current))
        audit.record(
            action="support.request.update",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def request_triage(
    *,
    request: SupportRequest,
    by: Any,
    expected_version: int,
    accept: bool,
    note: str = "",
    shared_with_donors: bool | None = None,
) -> SupportRequest:
    """UNOCT's triage: open the request for offers (with a note for providers, and whether
    donors see it), or decline it with a reason. Providers are told of an opened request."""
    on_behalf = require_permission(
        by, SUPPORT_TRIAGE, request.requester, "support.request.triage", request
    )
    note = note.strip()
    if not accept and not note:
        raise ValidationError({"note": [_("Say why the request is declined.")]})
    with transaction.atomic():
        current = _locked(request, expected_version)
        _require_status(
            current, RequestStatus.SUBMITTED, message=_("This request was already triaged.")
        )
        before = audit.snapshot(current, STEP_FIELDS)
        current.triaged_at = timezone.now()
        if shared_with_donors is not None:
            current.shared_with_donors = shared_with_donors
        if accept:
            current.status = RequestStatus.OPEN
            current.triage_note = note
        else:
            current.status = RequestStatus.DECLINED
            current.declined_reason = note
        current.version += 1
        current.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(current, STEP_FIELDS))
        if not accept:
            # The need is open again unless another live request still covers it.
            others = SupportRequest.objects.filter(need__isnull=False, need=current.need_id)
            others = others.exclude(status__in=[RequestStatus.DECLINED, RequestStatus.CLOSED])
            if current.need_id is not None and not others.exists():
                need_status = _set_need_status(
                    current.need_id, NeedStatus.OPEN, only_from=(NeedStatus.REQUESTED,)
                )
                if need_status:
                    changed_after["need_status"] = need_status
        audit.record(
            action="support.request.triage",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
            rationale=note,
        )
        notify(
            recipients=audiences.requester_team(current),
            kind=Kind.REQUEST_STATUS,
            params=_status_params(current),
            url=_url(current),
            exclude=by,
        )
        if accept:
            notify(
                recipients=audiences.providers(donors=current.shared_with_donors),
                kind=Kind.REQUEST_NEW,
                params=_params(current),
                url=_url(current),
                exclude=by,
            )
    return current


def offer_make(
    *,
    request: SupportRequest,
    provider: Organization,
    by: Any,
    message: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Offer:
    """Offer support on behalf of a UN entity or donor the user may offer for, while the
    request is open for offers; one live offer per provider."""
    if provider.pk not in {org.pk for org in provider_organizations(by)}:
        raise _refuse(by, "support.offer.make", request, "support:offer")
    if not visible_requests(by).filter(pk=request.pk).exists():
        raise _refuse(by, "support.offer.make", request, "not visible")
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": [_("The end cannot come before the start.")]})
    with transaction.atomic():
        current = _locked(request, None)
        _require_status(
            current,
            RequestStatus.OPEN,
            message=_("Offers are made only while the request is open for offers."),
        )
        if Offer.objects.filter(request=current, provider=provider, status__in=LIVE_OFFER).exists():
            raise ValidationError(
                {"provider": [_("This organization has already offered support here.")]}
            )
        offer = Offer.objects.create(
            request=current,
            provider=provider,
            message=message.strip(),
            start_date=start_date,
            end_date=end_date,
            offered_by=_user(by),
        )
        audit.record(
            action="support.offer.make",
            actor=by,
            on_behalf_of=provider.code,
            obj=offer,
            after=audit.snapshot(offer, OFFER_FIELDS),
        )
        notify(
            recipients=[*audiences.requester_team(current), *audiences.triagers()],
            kind=Kind.OFFER_NEW,
            params=_params(current, provider=provider.label),
            url=_url(current),
            exclude=by,
        )
    return offer


def _locked_offer(offer: Offer, expected_version: int | None) -> Offer:
    current = Offer.objects.select_for_update().select_related("provider").get(pk=offer.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(offer.pk)
    return current


def offer_withdraw(*, offer: Offer, by: Any, expected_version: int) -> Offer:
    """The provider takes back an offer that was not accepted yet."""
    if offer.provider_id not in {org.pk for org in provider_organizations(by)}:
        raise _refuse(by, "support.offer.withdraw", offer, "support:offer")
    with transaction.atomic():
        current = _locked_offer(offer, expected_version)
        if current.status != OfferStatus.PROPOSED:
            raise ValidationError(
                {"status": [_("Only an offer that was not accepted can be withdrawn.")]}
            )
        current.status = OfferStatus.WITHDRAWN
        current.version += 1
        current.save()
        audit.record(
            action="support.offer.withdraw",
            actor=by,
            on_behalf_of=current.provider.code,
            obj=current,
            before={"status": OfferStatus.PROPOSED},
            after={"status": OfferStatus.WITHDRAWN},
        )
    return current


def offer_accept(
    *,
    offer: Offer,
    by: Any,
    expected_version: int,
    confirm_duplicates: bool = False,
    duplicate_reason: str = "",
) -> Offer:
    """Assign the request to the offer's provider (UNOCT or the requester's focal point);
    the other offers are declined. `expected_version` is the request's.

    When the assignment could duplicate other active or planned support (see duplicates.py),
    it goes ahead only with `confirm_duplicates` and a reason, both kept in the audit log.
    """
    request = offer.request
    if not may_assign(by, request):
        raise _refuse(by, "support.offer.accept", request, "support:triage or focal point")
    reason = duplicate_reason.strip()
    with transaction.atomic():
        current = _locked(request, expected_version)
        _require_status(
            current,
            RequestStatus.OPEN,
            message=_("Only a request open for offers can be assigned."),
        )
        chosen = _locked_offer(offer, None)
        if chosen.request_id != current.pk or chosen.status != OfferStatus.PROPOSED:
            raise ValidationError({"offer": [_("This offer can no longer be accepted.")]})
        duplicates = possible_duplicates(current)
        if duplicates and not (confirm_duplicates and reason):
            raise ValidationError(
                {
                    "duplicate_reason": [
                        _(
                            "This assignment may duplicate existing support. Confirm it and "
                            "say why it should go ahead."
                        )
                    ]
                }
            )
        declined = list(
            Offer.objects.filter(request=current, status=OfferStatus.PROPOSED)
            .exclude(pk=chosen.pk)
            .values_list("pk", flat=True)
        )
        Offer.objects.filter(pk__in=declined).update(
            status=OfferStatus.DECLINED, version=F("version") + 1, updated_at=timezone.now()
        )
        chosen.status = OfferStatus.ACCEPTED
        chosen.duplicate_reason = reason if duplicates else ""
        chosen.version += 1
        chosen.save()
        current.status = RequestStatus.ASSIGNED
        current.version += 1
        current.save()
        audit.record(
            action="support.offer.accept",
            actor=by,
            on_behalf_of=acting_for(
                by, current.requester.country_id, current.requester.regional_organization_id
            ),
            obj=current,
            before={"status": RequestStatus.OPEN},
            after={
                "status": RequestStatus.ASSIGNED,
                "offer": chosen.pk,
                "provider": chosen.provider.code,
                "declined_offers": declined,
                "duplicates": [d.as_audit() for d in duplicates],
                "duplicate_reason": chosen.duplicate_reason,
            },
            rationale=chosen.duplicate_reason,
        )
        notify(
            recipients=[
                *audiences.provider_staff([chosen.provider]),
                *audiences.requester_team(current),
            ],
            kind=Kind.ASSIGNMENT,
            params=_params(current, provider=chosen.provider.label),
            url=_url(current),
            exclude=by,
        )
    chosen.request = current
    return chosen


def _step(
    *,
    request: SupportRequest,
    by: Any,
    expected_version: int,
    action: str,
    allowed_from: str,
    to: str,
    message: str,
    changes: dict[str, Any],
    notify_provider: bool = False,
) -> SupportRequest:
    """Move a request one step along after the assignment, audited and notified."""
    with transaction.atomic():
        current = _locked(request, expected_version)
        _require_status(current, allowed_from, message=message)
        before = audit.snapshot(current, STEP_FIELDS)
        current.status = to
        for name, value in changes.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(current, STEP_FIELDS))
        if to == RequestStatus.CLOSED:
            need_status = _set_need_status(
                current.need_id, NeedStatus.MET, only_from=(NeedStatus.REQUESTED,)
            )
            if need_status:
                changed_after["need_status"] = need_status
        audit.record(
            action=action,
            actor=by,
            on_behalf_of=acting_for(
                by, current.requester.country_id, current.requester.regional_organization_id
            ),
            obj=current,
            before=changed_before,
            after=changed_after,
        )
        recipients = list(audiences.requester_team(current))
        offer = accepted_offer(current) if notify_provider else None
        if offer is not None:
            recipients += audiences.provider_staff([offer.provider])
        notify(
            recipients=recipients,
            kind=Kind.REQUEST_STATUS,
            params=_status_params(current),
            url=_url(current),
            exclude=by,
        )
    return current


def delivery_start(*, request: SupportRequest, by: Any, expected_version: int) -> SupportRequest:
    """The assigned provider (or UNOCT) starts delivering the support."""
    if not may_deliver(by, request, accepted_offer(request)):
        raise _refuse(by, "support.delivery.start", request, "assigned provider")
    return _step(
        request=request,
        by=by,
        expected_version=expected_version,
        action="support.delivery.start",
        allowed_from=RequestStatus.ASSIGNED,
        to=RequestStatus.IN_DELIVERY,
        message=_("Delivery starts once the request is assigned."),
        changes={"delivery_started_at": timezone.now()},
    )


def delivery_done(
    *, request: SupportRequest, by: Any, expected_version: int, note: str = ""
) -> SupportRequest:
    """The assigned provider (or UNOCT) records the support as delivered, saying what was."""
    if not may_deliver(by, request, accepted_offer(request)):
        raise _refuse(by, "support.delivery.done", request, "assigned provider")
    return _step(
        request=request,
        by=by,
        expected_version=expected_version,
        action="support.delivery.done",
        allowed_from=RequestStatus.IN_DELIVERY,
        to=RequestStatus.DELIVERED,
        message=_("Only support in delivery can be marked delivered."),
        changes={"delivered_at": timezone.now(), "delivery_note": note.strip()},
    )


def request_close(
    *,
    request: SupportRequest,
    by: Any,
    expected_version: int,
    rating: int | None,
    comment: str = "",
) -> SupportRequest:
    """The requester's team closes delivered support with its feedback (a rating 1-5 and a
    comment); the need it came from is met. The provider is told."""
    if not is_requester_team(by, request):
        raise _refuse(by, "support.request.close", request, "requester's team")
    if rating is None or not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("Rate the support from 1 to 5.")]})
    return _step(
        request=request,
        by=by,
        expected_version=expected_version,
        action="support.request.close",
        allowed_from=RequestStatus.DELIVERED,
        to=RequestStatus.CLOSED,
        message=_("A request is closed once its support is delivered."),
        changes={
            "closed_at": timezone.now(),
            "feedback_rating": rating,
            "feedback_comment": comment.strip(),
        },
        notify_provider=True,
    )
