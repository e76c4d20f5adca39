"""Uploaded matrices waiting for their uploader to apply them, kept under MEDIA_ROOT/imports/.

The preview and the apply read the same stored file: `<token>.xlsx`, with `<token>.json`
beside it saying whose it is, for which plan, and the file's SHA-256 (checked on every read).
Files are never served; they are deleted once applied or discarded, and by `prune` a day
after their upload (each new upload prunes).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import secrets
from dataclasses import asdict, dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from pveplan.core import audit
from pveplan.plans.models import Plan

DIRECTORY = "imports"
KEEP_FOR = datetime.timedelta(hours=24)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


class Gone(Exception):
    """The stored file is missing (pruned, applied) or not the one uploaded."""


@dataclass(frozen=True)
class PendingImport:
    token: str
    plan_id: int
    user_id: int
    sha256: str
    filename: str  # the upload's name made safe, to show
    uploaded_at: str  # ISO time

    @property
    def path(self) -> str:
        return f"{DIRECTORY}/{self.token}.xlsx"

    def read(self) -> bytes:
        """The stored file's bytes; Gone when it is missing or differs from the upload."""
        try:
            with default_storage.open(self.path, "rb") as stored:
                data = bytes(stored.read())
        except FileNotFoundError as error:
            raise Gone(self.token) from error
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise Gone(self.token)
        return data


def _meta_path(token: str) -> str:
    return f"{DIRECTORY}/{token}.json"


def store(*, plan: Plan, user: Any, data: bytes, filename: str) -> PendingImport:
    """Keep `data` (an upload already checked by the reader) for `user` to preview and apply."""
    prune()
    token = secrets.token_urlsafe(24)  # 32 characters
    pending = PendingImport(
        token=token,
        plan_id=plan.pk,
        user_id=user.pk,
        sha256=hashlib.sha256(data).hexdigest(),
        filename=filename,
        uploaded_at=timezone.now().isoformat(),
    )
    saved = default_storage.save(pending.path, ContentFile(data))
    if saved != pending.path:  # another file had the name: a token is never reused
        default_storage.delete(saved)
        raise Gone(token)
    default_storage.save(_meta_path(token), ContentFile(json.dumps(asdict(pending)).encode()))
    audit.record(
        action="plan.import_upload",
        actor=user,
        obj=plan,
        after={"filename": filename, "sha256": pending.sha256},
    )
    return pending


def find(token: str) -> PendingImport | None:
    """The pending import `token`, or None when there is none (any more)."""
    if not _TOKEN.match(token):
        return None
    try:
        with default_storage.open(_meta_path(token), "rb") as stored:
            values = json.loads(stored.read())
        return PendingImport(**values)
    except (FileNotFoundError, ValueError, TypeError):
        return None


def discard(pending: PendingImport) -> None:
    default_storage.delete(pending.path)
    default_storage.delete(_meta_path(pending.token))


def prune(now: datetime.datetime | None = None) -> int:
    """Delete the pending imports uploaded more than KEEP_FOR ago. Returns how many files."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    try:
        _folders, names = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return 0
    count = 0
    for name in names:
        path = f"{DIRECTORY}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            count += 1
    return count
