"""Small request helpers every app's views share."""

from __future__ import annotations

from django.http import HttpRequest


def posted_version(request: HttpRequest) -> int:
    """The object version a form posted back (optimistic locking); -1 when absent or garbled,
    which no object has, so the action answers with a conflict."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1
