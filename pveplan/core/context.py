"""Per-request facts the audit log records, set by RequestContextMiddleware.

Kept in context variables so actions called from views, commands or tasks need no request.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class AuditTally:
    """How many audit events the current request wrote, and how many of them were denials.

    Set by RequestAuditMiddleware, counted by `audit.record`; the middleware records an event
    itself when an unsafe request or a denial wrote none.
    """

    written: int = 0
    denied: int = 0
    # Set by `audit.note_no_change`: the request was understood, and there was nothing to do.
    no_change: str = ""


request_id: ContextVar[str] = ContextVar("request_id", default="")
client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
audit_tally: ContextVar[AuditTally | None] = ContextVar("audit_tally", default=None)
