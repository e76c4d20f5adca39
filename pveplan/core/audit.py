"""The audit log: append events to the hash chain, and verify it.

Every action calls `record`; nothing else writes AuditEvent rows.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from pveplan.core import context
from pveplan.core.models import AuditChainHead, AuditEvent, AuditOutcome

# One line per committed event, for log collectors; values are encoded by `log_line`.
logger = logging.getLogger("pveplan.audit")


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str)
    return str(value)


def jsonable(value: Any) -> Any:
    """A JSON-ready copy of `value` (dates as ISO strings, models as their keys)."""
    return json.loads(json.dumps(value, default=_json_default))


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(fields: dict[str, Any], previous_hash: str) -> str:
    return hashlib.sha256(canonical(fields) + previous_hash.encode()).hexdigest()


# Never copied into the audit log; a change shows only as "[redacted]".
SECRET_FIELDS = frozenset({"password"})


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, for before/after records."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    values = {
        name: _redacted(getattr(obj, name)) if name in SECRET_FIELDS else getattr(obj, name)
        for name in names
    }
    return dict(jsonable(values))


def _redacted(value: object) -> str:
    # A short digest, so a change is visible without storing the secret or its hash.
    return "[redacted " + hashlib.sha256(str(value).encode()).hexdigest()[:8] + "]"


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    *,
    action: str,
    actor: Any = None,
    on_behalf_of: str = "",
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    rationale: str = "",
    outcome: str = AuditOutcome.ALLOWED,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction (or a new one)."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        user = actor if getattr(actor, "is_authenticated", False) else None
        event = AuditEvent(
            sequence=head.last_sequence + 1,
            occurred_at=timezone.now(),
            actor=user,
            actor_label=user.get_username() if user else "",
            on_behalf_of=on_behalf_of,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_label=str(obj)[:300] if obj is not None else "",
            before=jsonable(before) if before is not None else None,
            after=jsonable(after) if after is not None else None,
            rationale=rationale,
            request_id=context.request_id.get(),
            ip_address=context.client_ip.get(),
            outcome=outcome,
            previous_hash=head.last_hash,
        )
        event.hash = chain_hash(event.chained_fields(), head.last_hash)
        event.save()
        head.last_sequence = event.sequence
        head.last_hash = event.hash
        head.save(update_fields=["last_sequence", "last_hash"])
        # Logged only once the event is committed: a rolled-back write leaves no line.
        transaction.on_commit(lambda: logger.info("%s", log_line(event)), robust=True)
    tally = context.audit_tally.get()
    if tally is not None:
        tally.written += 1
        if outcome == AuditOutcome.DENIED:
            tally.denied += 1
    return event


def note_no_change(reason: str) -> None:
    """Mark the current request as one that changed nothing (a short reason, not user input).

    RequestAuditMiddleware then records `request.no_change` for it, so an unsafe request that
    had nothing to do still leaves an event, and is not mistaken for an unaudited write.
    """
    tally = context.audit_tally.get()
    if tally is not None:
        tally.no_change = reason[:100]


# Characters that would start a new line or hide text in a log viewer, besides the ASCII
# control characters json.dumps escapes already (and markup, for logs shown in a browser).
_LOG_ESCAPES = {
    **{code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)},
    0x2028: "\\u2028",
    0x2029: "\\u2029",
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
}


def encode_for_log(value: Any) -> str:
    """`value` as one line of JSON with no raw CR/LF, control characters or markup.

    Strings are JSON-escaped (CR as \\r, LF as \\n...), and <, > and & become \\u003c, \\u003e
    and \\u0026, so the line stays valid JSON that decodes back to the stored value.
    """
    text = json.dumps(jsonable(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_LOG_ESCAPES)


def log_line(event: AuditEvent) -> str:
    """The single log line for an event: a prefix and its fields as encoded JSON."""
    fields = {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at,
        "actor": event.actor_label,
        "on_behalf_of": event.on_behalf_of,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object": event.object_label,
        "outcome": event.outcome,
        "rationale": event.rationale[:500],
        "request_id": event.request_id,
        "ip": event.ip_address,
        "hash": event.hash,
    }
    return "audit " + encode_for_log(fields)


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold."""

    sequence: int
    reason: str


def verify() -> tuple[int, Break | None]:
    """Recompute the chain; return how many events were checked and the first break, if any."""
    previous = "0" * 64
    expected_sequence = 1
    checked = 0
    events = AuditEvent.objects.order_by("id").iterator(chunk_size=2000)
    for event in events:
        if event.sequence != expected_sequence:
            return checked, Break(
                event.sequence, f"expected event #{expected_sequence} here, found #{event.sequence}"
            )
        if event.previous_hash != previous:
            return checked, Break(
                event.sequence, "its previous-hash does not match the event before"
            )
        if chain_hash(event.chained_fields(), previous) != event.hash:
            return checked, Break(event.sequence, "its content does not match its hash")
        previous = event.hash
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    head_sequence, head_hash = (head.last_sequence, head.last_hash) if head else (0, "0" * 64)
    if head_sequence != checked or head_hash != previous:
        return checked, Break(
            checked + 1, f"the chain should end at #{head_sequence}; events are missing"
        )
    return checked, None
