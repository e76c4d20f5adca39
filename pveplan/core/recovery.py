"""Tasks whose worker died mid-task (kill -9, out of memory, power cut) are marked failed.

django_tasks_db leaves such a task RUNNING for ever: nothing notices that its worker is gone.
The task's own writes are safe (its transaction never committed), so what is left is to tell
the truth about the task row. `manage.py recover_tasks` runs this before workers start and can
run periodically; the threshold must exceed the longest task a live worker may still be running.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pveplan.core import audit

DEFAULT_STALE_AFTER = datetime.timedelta(minutes=30)


class WorkerLost(Exception):
    """The worker running the task stopped before the task finished."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def tasks_recover(
    *, by: Any = None, older_than: datetime.timedelta = DEFAULT_STALE_AFTER
) -> list[str]:
    """Mark tasks RUNNING for longer than `older_than` as failed, with the reason; return their
    ids. One audit event when any task was recovered."""
    now = timezone.now()
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .running()
            .filter(started_at__lt=now - older_than)
            .order_by("started_at")
        )
        for result in stale:
            assert result.started_at is not None
            result.status = TaskResultStatus.FAILED
            result.finished_at = now
            result.exception_class_path = WORKER_LOST
            result.return_value = None
            result.traceback = (
                f"{WORKER_LOST}: the worker stopped while running this task "
                f"(started {result.started_at.isoformat()}, still running at "
                f"{now.isoformat()}, more than {older_than} later). Its database transaction "
                f"was rolled back, so it wrote nothing; enqueue it again to retry."
            )
            result.save(
                update_fields=[
                    "status",
                    "finished_at",
                    "exception_class_path",
                    "return_value",
                    "traceback",
                ]
            )
        ids = [str(result.id) for result in stale]
        if ids:
            audit.record(
                action="tasks.recover",
                actor=by,
                after={"failed": ids, "older_than_seconds": older_than.total_seconds()},
                rationale="worker lost",
            )
    return ids
