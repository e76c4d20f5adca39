"""The steps a support request went through, read back from the audit log (the one record of
who did what, when), so the page cannot disagree with the log."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from pveplan.core.models import AuditEvent, AuditOutcome
from pveplan.support.models import Offer, RequestStatus, SupportRequest

REQUEST_TYPE = SupportRequest._meta.label_lower
OFFER_TYPE = Offer._meta.label_lower


@dataclass(frozen=True)
class Step:
    when: datetime.datetime
    label: str
    who: str
    note: str
    kind: str  # a CSS hook: the step's action


def _label(event: AuditEvent, providers: dict[str, str]) -> str:
    after = event.after if isinstance(event.after, dict) else {}
    provider = providers.get(event.object_id, "")
    if event.action == "support.request.triage":
        if after.get("status") == RequestStatus.DECLINED:
            return _("Declined at triage")
        return _("Triaged by UNOCT: open for offers")
    if event.action == "support.offer.make":
        return _("Offer from %(provider)s") % {"provider": provider}
    if event.action == "support.offer.withdraw":
        return _("Offer withdrawn by %(provider)s") % {"provider": provider}
    if event.action == "support.offer.accept":
        offer = str(after.get("offer", ""))
        return _("Assigned to %(provider)s") % {"provider": providers.get(offer, "…")}
    labels = {
        "support.request.create": _("Request submitted"),
        "support.request.update": _("Request changed"),
        "support.delivery.start": _("Delivery started"),
        "support.delivery.done": _("Support delivered"),
        "support.request.close": _("Closed with the requester’s feedback"),
    }
    return labels.get(event.action, event.action)


def steps(request: SupportRequest, offers: Iterable[Offer], *, show_people: bool) -> list[Step]:
    """The allowed events on the request and its offers, oldest first, in one query.

    `show_people` adds who acted; providers and donors see the steps, not the names.
    """
    providers = {str(offer.pk): offer.provider.label for offer in offers}
    events = AuditEvent.objects.filter(outcome=AuditOutcome.ALLOWED).filter(
        Q(object_type=REQUEST_TYPE, object_id=str(request.pk))
        | Q(object_type=OFFER_TYPE, object_id__in=list(providers))
    )
    return [
        Step(
            when=event.occurred_at,
            label=_label(event, providers),
            who=event.actor_label if show_people else "",
            note=event.rationale,
            kind=event.action.rsplit(".", 1)[-1],
        )
        for event in events.order_by("sequence")
    ]
