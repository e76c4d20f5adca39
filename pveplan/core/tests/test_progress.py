"""Task progress: stored as the task goes, visible to other connections at once, dead tasks
shown as failed, files kept for their owner only."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
from django.db import IntegrityError, connections, transaction
from django.http import Http404
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from pveplan.core import progress
from pveplan.core.models import TaskProgress, TaskStatus
from pveplan.testing import World

pytestmark = pytest.mark.django_db


@task()
def count_to(progress_id: int, limit: int) -> None:
    """A task for these tests: counts, then leaves a small text file."""
    for number in range(limit + 1):
        progress.advance(progress_id, done=number, total=limit, message="Counting")
    progress.finish(
        progress_id, content=b"counted", filename="count.txt", content_type="text/plain"
    )


def run_queued_tasks() -> int:
    """What `db_worker --batch` does, task by task: claim each ready task and run it with the
    worker's own code. (The worker's loop also recycles database connections, which would end
    the test's transaction; the transactional test below runs the real command.)"""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with exclusive_transaction():
            result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1


def _start(world: World, persona: str = "a_viewer", **values: Any) -> TaskProgress:
    return progress.start(owner=world.users[persona], kind="test.count", label="count", **values)


def test_a_new_task_is_queued_under_a_long_random_token(world: World) -> None:
    first, second = _start(world), _start(world)
    assert first.status == TaskStatus.QUEUED and first.percent is None
    assert len(first.token) >= 43 and first.token != second.token
    assert first.started_at is None and first.finished_at is None


def test_advancing_runs_the_task_and_counts_within_the_total(world: World) -> None:
    record = _start(world)
    progress.advance(record.pk, done=3, total=12, message="Counting")
    record.refresh_from_db()
    assert (record.status, record.done, record.total) == ("running", 3, 12)
    assert record.percent == 25 and record.shown_message == "Counting"
    started = record.started_at
    assert started is not None
    progress.advance(record.pk, done=40, total=12)  # more than the total: capped
    record.refresh_from_db()
    assert record.done == 12 and record.started_at == started
    assert record.message == "Counting"  # no new message keeps the old one


def test_the_database_refuses_impossible_progress(world: World) -> None:
    record = _start(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskProgress.objects.filter(pk=record.pk).update(done=5, total=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskProgress.objects.filter(pk=record.pk).update(
            status=TaskStatus.FAILED, finished_at=timezone.now()
        )  # failed without a reason
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskProgress.objects.filter(pk=record.pk).update(status=TaskStatus.DONE)  # no end time


def test_progress_writes_refuse_to_hide_in_a_longer_transaction(world: World) -> None:
    record = _start(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        progress.advance(record.pk, done=1, total=2)


def test_finishing_stores_the_file_for_its_owner(world: World, settings: Any) -> None:
    record = _start(world)
    progress.finish(record.pk, content=b"hello", filename="a.txt", content_type="text/plain")
    record.refresh_from_db()
    assert record.status == "done" and record.has_file and record.percent == 100
    assert record.result_path == f"exports/{record.token}"
    assert (settings.MEDIA_ROOT / record.result_path).read_bytes() == b"hello"
    with progress.open_file(record) as file:
        assert file.read() == b"hello"


def test_a_cancelled_task_stops_at_its_next_step_and_keeps_no_file(
    world: World, settings: Any
) -> None:
    record = _start(world)
    progress.advance(record.pk, done=1, total=5)
    assert progress.cancel(record.pk)
    with pytest.raises(progress.Cancelled):
        progress.advance(record.pk, done=2, total=5)
    with pytest.raises(progress.Cancelled):
        progress.finish(record.pk, content=b"x", filename="a.txt", content_type="text/plain")
    record.refresh_from_db()
    assert record.status == "cancelled" and record.finished_at is not None
    assert not list((settings.MEDIA_ROOT / "exports").iterdir())
    assert not progress.cancel(record.pk)  # already over


def test_a_failure_keeps_its_reason(world: World) -> None:
    record = _start(world)
    progress.fail(record.pk, reason="The plan was too shy.")
    record.refresh_from_db()
    assert record.status == "failed" and record.shown_error == "The plan was too shy."
    with pytest.raises(progress.Cancelled):
        progress.advance(record.pk, done=1, total=1)


def test_a_running_task_silent_for_too_long_is_shown_as_failed(world: World) -> None:
    stale, alive = _start(world), _start(world)
    for record in (stale, alive):
        progress.advance(record.pk, done=1, total=9)
    long_ago = timezone.now() - progress.STALE_AFTER - datetime.timedelta(seconds=1)
    TaskProgress.objects.filter(pk=stale.pk).update(updated_at=long_ago)
    owner = world.users["a_viewer"]
    shown = {r.pk: r for r in progress.recent_for(owner, kind="test.count")}
    assert shown[stale.pk].status == "failed"
    assert "worker stopped before finishing" in shown[stale.pk].shown_error
    assert shown[alive.pk].status == "running"


def test_a_task_whose_queued_run_ended_without_it_is_shown_as_failed(world: World) -> None:
    record = _start(world)
    result = count_to.enqueue(record.pk, 3)
    TaskProgress.objects.filter(pk=record.pk).update(task_result_id=result.id)
    # What `recover_tasks` does to a task whose worker was killed.
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )
    found = progress.get_for(world.users["a_viewer"], record.token, kind="test.count")
    assert found.status == "failed" and found.error == progress.STALE_REASON


def test_only_the_owner_finds_a_task(world: World) -> None:
    record = _start(world)
    assert progress.get_for(world.users["a_viewer"], record.token, kind="test.count") == record
    for user, kind in [
        (world.users["a_editor"], "test.count"),
        (world.users["admin"], "test.count"),
        (world.users["a_viewer"], "other.kind"),
    ]:
        with pytest.raises(Http404):
            progress.get_for(user, record.token, kind=kind)
    assert progress.recent_for(world.users["a_editor"]) == []


def test_recent_tasks_are_the_owners_newest_first(world: World) -> None:
    records = [_start(world) for _ in range(4)]
    _start(world, "a_editor")
    recent = progress.recent_for(world.users["a_viewer"], limit=3)
    assert [r.pk for r in recent] == [r.pk for r in reversed(records)][:3]


def test_a_reporter_writes_on_new_messages_and_at_the_end_not_at_every_step(
    world: World,
) -> None:
    record = _start(world)
    report = progress.reporter(record.pk, every=3600)
    report(0, 0, "Gathering")
    report(1, 100, "Rendering")
    for done in range(2, 99):
        report(done, 100, "Rendering")
    record.refresh_from_db()
    assert (record.done, record.message, record.version) == (1, "Rendering", 3)
    report(100, 100, "Rendering")
    record.refresh_from_db()
    assert record.done == 100 and record.version == 4


def test_old_files_are_deleted_and_their_download_with_them(world: World, settings: Any) -> None:
    record = _start(world)
    progress.finish(record.pk, content=b"old", filename="a.txt", content_type="text/plain")
    record.refresh_from_db()
    path = settings.MEDIA_ROOT / record.result_path
    assert progress.prune() == 0 and path.exists()
    later = timezone.now() + progress.KEEP_FILES_FOR + datetime.timedelta(minutes=1)
    assert progress.prune(later) == 1
    record.refresh_from_db()
    assert not path.exists() and not record.has_file and record.status == "done"
    with pytest.raises(Http404):
        progress.open_file(record)


def test_the_worker_runs_a_queued_task_to_the_end(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        record = _start(world)
        transaction.on_commit(lambda: progress.enqueue(record, count_to, record.pk, 4))
    record.refresh_from_db()
    assert record.task_result_id is not None and record.status == "queued"
    assert run_queued_tasks() == 1
    record.refresh_from_db()
    assert (record.status, record.done, record.total) == ("done", 4, 4)
    result = DBTaskResult.objects.get(pk=record.task_result_id)
    assert result.status == TaskResultStatus.SUCCESSFUL


def test_a_task_the_queue_refuses_is_failed_not_left_waiting(world: World) -> None:
    record = _start(world)
    with pytest.raises(TypeError):
        progress.enqueue(record, count_to, record.pk, object())  # not JSON
    record.refresh_from_db()
    assert record.status == "failed" and record.error == progress.QUEUE_REASON


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_step_is_visible_at_once_to_another_connection(world: World) -> None:
    record = _start(world)
    seen: list[tuple[str, int, int]] = []

    def look() -> None:
        try:
            row = TaskProgress.objects.get(pk=record.pk)
            seen.append((row.status, row.done, row.total))
        finally:
            connections.close_all()

    progress.advance(record.pk, done=2, total=7, message="Counting")
    other = threading.Thread(target=look)
    other.start()
    other.join()
    assert seen == [("running", 2, 7)]
