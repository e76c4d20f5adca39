from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from pveplan.core import audit, context
from pveplan.core.models import AuditOutcome

logger = logging.getLogger(__name__)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _client_ip(request: HttpRequest) -> str | None:
    if settings.PVEPLAN_BEHIND_PROXY:
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Gives every request an id (or keeps a well-formed X-Request-ID) and notes the client IP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        rid_token = context.request_id.set(rid)
        ip_token = context.client_ip.set(_client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(rid_token)
            context.client_ip.reset(ip_token)
        response["X-Request-ID"] = rid
        return response


# Unsafe requests that change nothing worth an action of their own: the middleware records
# them as `request.post` (the language choice of a signed-in user is audited by its action).
PLAIN_POSTS = frozenset({"set_language", "accounts:logout"})
# Pages a refused request is sent to: an unsafe request answered with a redirect there, and
# that wrote no event, was turned away (no session, or no second factor yet).
SIGN_IN_PAGES = frozenset(
    {
        "accounts:login",
        "admin:login",
        "accounts:two_factor_verify",
        "accounts:two_factor_enroll",
    }
)
# URL parts that are secrets (a password-reset link, a task's handle): never logged.
SECRET_URL_KWARGS = frozenset({"token", "uidb64"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_FIELD_NAMES = 40


def _shown_path(request: HttpRequest) -> str:
    path = request.path
    match = request.resolver_match
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_KWARGS and value:
                path = path.replace(str(value), "[redacted]")
    return path[:300]


def _field_names(request: HttpRequest) -> list[str]:
    """The names (never the values) of the submitted fields and files, without the CSRF token."""
    try:
        names = {*request.POST.keys(), *request.FILES.keys()}
    except Exception:  # an unreadable or oversized body has no names to give
        return []
    names.discard("csrfmiddlewaretoken")
    return sorted(name[:100] for name in names)[:MAX_FIELD_NAMES]


def _redirects_to_sign_in(response: HttpResponse) -> bool:
    location = response.get("Location") or response.get("HX-Redirect") or ""
    if not location:
        return False
    try:
        match = resolve(urlsplit(location).path)
    except Resolver404:
        return False
    return match.view_name in SIGN_IN_PAGES


def _queued_errors(request: HttpRequest) -> bool:
    """Whether this request added an error or warning message (read without consuming them)."""
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None) or []
    return any(getattr(message, "level", 0) >= messages.WARNING for message in queued)


def request_event(request: HttpRequest, response: HttpResponse) -> tuple[str, str] | None:
    """The (action, outcome) the middleware records for a request that audited nothing itself.

    None when the request needs no event of its own: a safe request that was not refused, or
    one whose actions already recorded what happened.
    """
    tally = context.audit_tally.get()
    written, denied = (tally.written, tally.denied) if tally is not None else (0, 0)
    status = response.status_code
    unsafe = request.method in UNSAFE_METHODS
    signed_in = bool(getattr(getattr(request, "user", None), "is_authenticated", False))
    refused = status in (401, 403) and (signed_in or unsafe)
    refused = refused or (status == 404 and signed_in)
    refused = refused or (unsafe and not written and 300 <= status < 400)
    if refused and (status < 300 or status >= 400 or _redirects_to_sign_in(response)):
        return None if denied else ("request.denied", AuditOutcome.DENIED)
    if not unsafe or written:
        return None
    if status >= 500:
        return ("request.failed", AuditOutcome.FAILED)
    if status >= 400 or status == 200 or _queued_errors(request):
        # 200 to an unsafe request that wrote nothing: a form shown again with its errors; a
        # redirect with an error message: an action refused (a conflict, a validation error).
        return ("request.rejected", AuditOutcome.FAILED)
    if tally is not None and tally.no_change:
        return ("request.no_change", AuditOutcome.ALLOWED)
    match = request.resolver_match
    if match is not None and match.view_name in PLAIN_POSTS:
        return ("request.post", AuditOutcome.ALLOWED)
    # Something changed (or was claimed to) without an action's event: a gap to fix.
    return ("request.unaudited", AuditOutcome.ALLOWED)


class RequestAuditMiddleware:
    """Makes sure refusals and unsafe requests leave an audit event.

    Counts the events a request writes (`context.audit_tally`); after the response, records
    `request.denied` for a 401/403 (or a 404 to a signed-in user) that no action recorded as
    denied, and `request.rejected`/`request.failed`/`request.post`/`request.unaudited` for an
    unsafe request that wrote nothing. The event holds the method, path, status, view name and
    the names of the submitted fields: never their values.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tally = context.AuditTally()
        token = context.audit_tally.set(tally)
        try:
            response = self.get_response(request)
            found = request_event(request, response)
        finally:
            context.audit_tally.reset(token)
        if found is not None:
            self._record(request, response, *found, reason=tally.no_change)
        return response

    def _record(
        self,
        request: HttpRequest,
        response: HttpResponse,
        action: str,
        outcome: str,
        *,
        reason: str = "",
    ) -> None:
        match = request.resolver_match
        after: dict[str, object] = {
            "method": request.method,
            "path": _shown_path(request),
            "status": response.status_code,
            "view": match.view_name if match is not None else "",
        }
        if request.method in UNSAFE_METHODS:
            after["fields"] = _field_names(request)
        if reason:
            after["reason"] = reason
        user = getattr(request, "user", None)
        try:
            audit.record(action=action, actor=user, after=after, outcome=outcome)
        except DatabaseError:
            # The answer is already decided; a database that cannot take the event is logged.
            logger.exception("could not record %s for %s", action, audit.encode_for_log(after))
