from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from pveplan.core import context

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
