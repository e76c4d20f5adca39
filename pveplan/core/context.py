"""Per-request facts the audit log records, set by RequestContextMiddleware.

Kept in context variables so actions called from views, commands or tasks need no request.
"""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
