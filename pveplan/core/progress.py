"""Progress of background tasks, stored in the database and shown to their owner as a bar.

The life of a task (django.tasks with django-tasks-db; `db_worker` runs it):

    record = progress.start(owner=user, kind="plans.export", label=name, obj=plan, params=...)
    transaction.on_commit(lambda: progress.enqueue(record, some_task, record.pk))
    # in the task, outside any transaction:
    progress.advance(record_id, done=3, total=10, message=gettext_noop("Rendering"))
    progress.finish(record_id, content=data, filename="x.pdf", content_type="application/pdf")
    # or progress.fail(record_id, reason=gettext_noop("What went wrong, for the owner"))

Each write is its own short transaction, and `advance`, `finish` and `fail` refuse to run
inside another one (`durable=True`): a page polling from another connection must see every
step at once, and on SQLite a long write transaction would lock that page out.

Messages and reasons are stored as message ids (mark them with gettext_noop) and translated
when shown, in the language of whoever looks.

A worker can die mid-task (killed, machine restarted); django-tasks-db then leaves the task
"running" forever and never retries it. `updated_at` is the heartbeat: a task running with no
progress written for `STALE_AFTER` is marked failed, with a reason, the next time its owner
looks (`recent_for`, `get_for`). Tasks must therefore report progress at least that often.
A task whose DBTaskResult has ended (`manage.py recover_tasks` fails the lost ones when
workers start) while its progress still says active is shown as failed too.

Finished files live under MEDIA_ROOT/exports/ for `KEEP_FILES_FOR`, then `prune` deletes them
(`start` calls it). They are never served from a media URL: the app's own view checks access
and streams them.

Progress rows are bookkeeping, not domain data: they are not audited. The work a task does
(an export...) is audited by the domain code that does it, once.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.http import Http404
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks_db.models import DBTaskResult

from pveplan.core.models import ACTIVE_TASK_STATUSES, TaskProgress, TaskStatus

STALE_AFTER = datetime.timedelta(minutes=15)
KEEP_FILES_FOR = datetime.timedelta(hours=24)
# A queued task not started after this long probably has no worker to run it.
WAITING_HINT_AFTER = datetime.timedelta(minutes=1)
FILES_DIRECTORY = "exports"

STALE_REASON = gettext_noop(
    "The background worker stopped before finishing (it may have been restarted). Start again."
)
QUEUE_REASON = gettext_noop("The task could not be queued. Try again later.")
CANCELLED_MESSAGE = gettext_noop("Cancelled")

# A callback for long work: (done, total, message id). Raises Cancelled when the owner cancels.
Reporter = Callable[[int, int, str], None]


class Cancelled(Exception):
    """The owner cancelled the task: stop working, write nothing."""


def start(
    *,
    owner: Any,
    kind: str,
    label: str,
    obj: models.Model | None = None,
    params: dict[str, Any] | None = None,
    message: str = "",
) -> TaskProgress:
    """A new queued task owned by `owner` (a signed-in user), about `obj` if given.

    `params` must be JSON-ready. Also deletes other tasks' files older than KEEP_FILES_FOR.
    """
    prune()
    return TaskProgress.objects.create(
        owner=owner,
        kind=kind,
        label=label[:300],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        params=params or {},
        message=message,
    )


def enqueue(record: TaskProgress, task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue `task(*args, **kwargs)` and remember its DBTaskResult id on `record`.

    Call from `transaction.on_commit`, so the worker never looks for a row not yet committed.
    When the queue refuses, the task is marked failed rather than left waiting forever.
    """
    try:
        result = task.enqueue(*args, **kwargs)
    except Exception:
        fail(record.pk, reason=QUEUE_REASON)
        raise
    _update(record.pk, ACTIVE_TASK_STATUSES, task_result_id=UUID(str(result.id)))


def _update(progress_id: int, statuses: tuple[str, ...], **values: Any) -> bool:
    """Write `values` if the task is in one of `statuses`, in a transaction of its own."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        changed = TaskProgress.objects.filter(pk=progress_id, status__in=statuses).update(
            updated_at=now, version=models.F("version") + 1, **values
        )
    return changed == 1


def advance(progress_id: int, *, done: int, total: int, message: str = "") -> None:
    """Record that `done` of `total` steps are done (total 0: not known yet); the task is
    running from its first call. Raises Cancelled when the owner has cancelled it."""
    total = max(total, 0)
    done = min(max(done, 0), total) if total else 0
    now = timezone.now()
    values: dict[str, Any] = {"status": TaskStatus.RUNNING, "done": done, "total": total}
    if message:
        values["message"] = message
    values["started_at"] = Coalesce(
        "started_at", models.Value(now, output_field=models.DateTimeField())
    )
    if not _update(progress_id, ACTIVE_TASK_STATUSES, **values):
        raise Cancelled(progress_id)


def reporter(progress_id: int, *, every: float = 0.5) -> Reporter:
    """An `advance` for a loop: it writes at most once every `every` seconds, but always when
    the message changes or the work is complete."""
    last: dict[str, Any] = {"at": 0.0, "message": None}

    def report(done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - last["at"] < every and message == last["message"] and done < total:
            return
        advance(progress_id, done=done, total=total, message=message)
        last["at"], last["message"] = now, message

    return report


def finish(progress_id: int, *, content: bytes, filename: str, content_type: str) -> None:
    """Store the task's file and mark it done. Raises Cancelled (and keeps no file) when the
    owner cancelled it in the meantime."""
    record = TaskProgress.objects.only("token", "total").get(pk=progress_id)
    path = default_storage.save(f"{FILES_DIRECTORY}/{record.token}", ContentFile(content))
    finished = _update(
        progress_id,
        ACTIVE_TASK_STATUSES,
        status=TaskStatus.DONE,
        done=models.F("total"),
        message="",
        result_path=path,
        result_name=filename,
        result_content_type=content_type,
        finished_at=timezone.now(),
    )
    if not finished:
        default_storage.delete(path)
        raise Cancelled(progress_id)


def fail(progress_id: int, *, reason: str) -> None:
    """Mark the task failed with `reason` (a message id the owner will read)."""
    _update(
        progress_id,
        ACTIVE_TASK_STATUSES,
        status=TaskStatus.FAILED,
        error=reason,
        finished_at=timezone.now(),
    )


def cancel(progress_id: int) -> bool:
    """Cancel a waiting or running task; the task stops at its next `advance`. False when it
    had already ended."""
    return _update(
        progress_id,
        ACTIVE_TASK_STATUSES,
        status=TaskStatus.CANCELLED,
        message=CANCELLED_MESSAGE,
        finished_at=timezone.now(),
    )


def expire_stale(tasks: models.QuerySet[TaskProgress] | None = None) -> int:
    """Mark as failed the tasks (of `tasks`) whose worker died: running with no progress
    written for STALE_AFTER, or still active while their queued task has ended (for example
    failed by `recover_tasks` when workers start). Returns how many."""
    now = timezone.now()
    ended = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]
    )
    stale = (tasks if tasks is not None else TaskProgress.objects.all()).filter(
        models.Q(status=TaskStatus.RUNNING, updated_at__lt=now - STALE_AFTER)
        | models.Q(status__in=ACTIVE_TASK_STATUSES, task_result_id__in=ended.values("id"))
    )
    with transaction.atomic():
        return stale.update(
            status=TaskStatus.FAILED,
            error=STALE_REASON,
            finished_at=now,
            updated_at=now,
            version=models.F("version") + 1,
        )


def prune(now: datetime.datetime | None = None) -> int:
    """Delete the files of tasks finished more than KEEP_FILES_FOR ago. Returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FILES_FOR
    old = TaskProgress.objects.filter(finished_at__lt=cutoff).exclude(result_path="")
    count = 0
    for pk, path in old.values_list("pk", "result_path"):
        default_storage.delete(path)
        TaskProgress.objects.filter(pk=pk).update(result_path="")
        count += 1
    return count


def recent_for(owner: Any, *, kind: str | None = None, limit: int = 20) -> list[TaskProgress]:
    """The owner's latest tasks (of `kind`), newest first; dead ones shown as failed."""
    if not getattr(owner, "is_authenticated", False):
        return []
    tasks = TaskProgress.objects.filter(owner=owner)
    if kind:
        tasks = tasks.filter(kind=kind)
    expire_stale(tasks)
    return list(tasks.order_by("-created_at", "-pk")[:limit])


def get_for(owner: Any, token: str, *, kind: str) -> TaskProgress:
    """The task `token` of `kind` if `owner` started it; Http404 otherwise (for anyone else
    it does not exist). Dead tasks come back marked failed."""
    if not getattr(owner, "is_authenticated", False):
        raise Http404("No such task")
    tasks = TaskProgress.objects.filter(owner=owner, token=token, kind=kind)
    expire_stale(tasks)
    record = tasks.first()
    if record is None:
        raise Http404("No such task")
    return record


def is_waiting_long(record: TaskProgress) -> bool:
    """Queued for a while with no worker picking it up: worth telling the owner."""
    return (
        record.status == TaskStatus.QUEUED
        and timezone.now() - record.created_at > WAITING_HINT_AFTER
    )


def open_file(record: TaskProgress) -> Any:
    """The task's file, opened for reading; Http404 when there is none (any more)."""
    if not record.has_file or not default_storage.exists(record.result_path):
        raise Http404("No file")
    return default_storage.open(record.result_path, "rb")
