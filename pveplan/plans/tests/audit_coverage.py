"""The audit check every permission-matrix case makes (issue 6, audit completeness).

Each unsafe request must leave at least one audit event (and none of them "request.unaudited"),
and each refusal a "denied" event; the request middleware's own events must name the request
only, never the submitted values. Counts are printed at the end of the session (`-s`).
"""

from __future__ import annotations

import re

from pveplan.core.models import AuditChainHead, AuditEvent, AuditOutcome

UNSAFE = {"post", "put", "patch", "delete"}
REQUEST_EVENT_KEYS = {"method", "path", "status", "view", "fields", "reason"}

# Filled as the matrix runs; printed by the session fixture in conftest (run with -s).
COVERAGE = {"mutating": 0, "mutating_audited": 0, "denials": 0, "denials_audited": 0}


def is_refusal(status: int, persona: str, method: str) -> bool:
    """A request the middleware must record as denied when no action did."""
    if persona == "anonymous":
        return method in UNSAFE and status in (401, 403)
    return status in (403, 404)


def same_path(recorded: str, url: str) -> bool:
    # Task and import handles in a URL are secrets the middleware records as "[redacted]".
    pattern = re.escape(recorded).replace(re.escape("[redacted]"), "[^/]+")
    return re.fullmatch(pattern, url.split("?")[0]) is not None


def last_audit_sequence() -> int:
    head = AuditChainHead.objects.filter(id=1).first()
    return head.last_sequence if head else 0


def check_audited(name: str, method: str, url: str, persona: str, status: int, since: int) -> None:
    events = list(AuditEvent.objects.filter(sequence__gt=since).order_by("sequence"))
    actions = [event.action for event in events]
    where = f"{persona} {method.upper()} {url} -> {status}: {actions}"
    ok = True
    if method in UNSAFE:
        COVERAGE["mutating"] += 1
        audited = bool(events) and "request.unaudited" not in actions
        COVERAGE["mutating_audited"] += audited
        ok = ok and audited
    if is_refusal(status, persona, method):
        COVERAGE["denials"] += 1
        denied = any(event.outcome == AuditOutcome.DENIED for event in events)
        COVERAGE["denials_audited"] += denied
        ok = ok and denied
    assert ok, f"not audited: {where}"
    for event in events:
        if event.action.startswith("request."):
            assert set(event.after) <= REQUEST_EVENT_KEYS, where
            assert same_path(event.after["path"], url), where
            assert event.actor_label == ("" if persona == "anonymous" else persona) or (
                name == "accounts:logout"
            ), where
