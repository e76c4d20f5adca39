"""Large exports run as background tasks: a progress bar, then a download link for the person
who asked, while they can still see the plan. Small plans still download at once."""

from __future__ import annotations

import datetime
import signal
from io import BytesIO
from typing import Any

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from pveplan.accounts.models import Membership
from pveplan.core import progress
from pveplan.core.models import AuditEvent, TaskProgress
from pveplan.core.tests.test_progress import run_queued_tasks
from pveplan.plans import exports
from pveplan.plans.exports import tasks
from pveplan.plans.models import Plan, PlanNode
from pveplan.plans.tests.test_exports import pdf_text
from pveplan.testing import World

pytestmark = pytest.mark.django_db

TITLE_EN = "National plan to prevent violent extremism"
TITLE_AR = "الخطة الوطنية لمنع التطرف العنيف"
LARGE = tasks.IMMEDIATE_MAX_NODES + 1


def make_large(plan: Plan, count: int = LARGE) -> Plan:
    """`count` pillars, each with a text in English."""
    PlanNode.objects.bulk_create(
        PlanNode(
            plan=plan,
            level=1,
            position=i,
            code=f"P{i}",
            text={"en": {"text": f"Pillar number {i}", "provenance": "original"}},
        )
        for i in range(count)
    )
    return plan


def export_url(world: World, plan: str, format: str, language: str = "en") -> str:
    pk = world.plans[plan].pk
    return reverse("plans:export", kwargs={"pk": pk, "format": format}) + f"?language={language}"


def ask(world: World, persona: str, plan: str, format: str, capture: Any, **kw: Any) -> Any:
    """The export request, with the task queued as when the request's transaction commits."""
    with capture(execute=True):
        return world.client(persona).get(export_url(world, plan, format, **kw))


def fragment(client: Client, token: str) -> str:
    response = client.get(reverse("plans:export_progress", args=[token]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("format", ["pdf", "docx", "xlsx"])
def test_a_large_export_runs_in_the_background_and_its_owner_downloads_it(
    world: World, django_capture_on_commit_callbacks: Any, format: str
) -> None:
    make_large(world.plans["a_confidential"])
    response = ask(world, "a_viewer", "a_confidential", format, django_capture_on_commit_callbacks)
    record = TaskProgress.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:export_progress", args=[record.token])
    assert record.owner == world.users["a_viewer"] and record.status == "queued"
    assert record.params == {"format": format, "language": "en"}
    assert DBTaskResult.objects.get(pk=record.task_result_id).status == TaskResultStatus.READY
    assert not AuditEvent.objects.filter(action="plan.export").exists()

    client = world.client("a_viewer")
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page
    assert "Waiting for the background worker" in page
    assert TITLE_EN in page and '<meta http-equiv="refresh"' in page  # for no JavaScript

    assert run_queued_tasks() == 1
    record.refresh_from_db()
    assert (record.status, record.done, record.total) == ("done", LARGE + 2, LARGE + 2)
    part = fragment(client, record.token)
    assert "hx-trigger" not in part and "<html" not in part  # polling stops; a fragment only
    assert 'value="100"' in part and "Ready." in part
    download = reverse("plans:export_download", args=[record.token])
    assert download in part

    response = client.get(download)
    assert response.status_code == 200
    name = f"{world.plans['a_confidential'].code}-en.{format}"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Content-Type"] == exports.FORMATS[format].content_type
    assert "no-store" in response["Cache-Control"]
    data = b"".join(response.streaming_content)
    if format == "pdf":
        assert data.startswith(b"%PDF") and TITLE_EN in pdf_text(data)
    elif format == "docx":
        text = "\n".join(p.text for p in docx.Document(BytesIO(data)).paragraphs)
        assert TITLE_EN in text
    else:
        about = openpyxl.load_workbook(BytesIO(data)).worksheets[1]
        assert TITLE_EN in [row[1] for row in about.iter_rows(values_only=True)]
    (event,) = AuditEvent.objects.filter(action="plan.export")
    assert event.actor == world.users["a_viewer"] and event.after["nodes"] == LARGE
    assert event.after["format"] == format


def test_the_fragment_shows_the_step_and_what_is_happening(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_large(world.plans["a_confidential"])
    ask(world, "a_editor", "a_confidential", "xlsx", django_capture_on_commit_callbacks)
    record = TaskProgress.objects.get()
    progress.advance(record.pk, done=20, total=63, message=exports.RENDERING)
    part = fragment(world.client("a_editor"), record.token)
    assert 'value="31"' in part and 'max="100"' in part  # 20 of 63
    assert "Rendering the document · step 20 of 63" in part
    assert f'hx-get="{reverse("plans:export_progress", args=[record.token])}"' in part
    assert f'<label for="task-{record.token}-bar">' in part
    assert reverse("plans:export_download", args=[record.token]) not in part
    assert reverse("plans:export_cancel", args=[record.token]) in part


def test_export_plan_reports_every_step_in_order(world: World) -> None:
    plan = make_large(world.plans["a_public"], 5)
    steps: list[tuple[int, int, str]] = []
    exports.export_plan(
        plan,
        format="xlsx",
        language="ar",
        user=None,
        on_progress=lambda *step: steps.append(step),
    )
    assert steps[0] == (0, 0, exports.GATHERING)
    assert steps[1:-1] == [(1 + n, 7, exports.RENDERING) for n in range(6)]
    assert steps[-1] == (6, 7, exports.WRITING)


def test_someone_else_gets_404_for_the_progress_and_the_file(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_large(world.plans["a_public"])
    ask(world, "a_focal", "a_public", "docx", django_capture_on_commit_callbacks)
    run_queued_tasks()
    record = TaskProgress.objects.get()
    owner = world.client("a_focal")
    assert owner.get(reverse("plans:export_download", args=[record.token])).status_code == 200
    for persona in ("a_editor", "b_editor", "admin", "unoct"):
        client = world.client(persona)
        for name in ("plans:export_progress", "plans:export_download"):
            assert client.get(reverse(name, args=[record.token])).status_code == 404, persona
        assert client.post(reverse("plans:export_cancel", args=[record.token])).status_code == 404
        assert record.label not in client.get(reverse("plans:exports")).content.decode()


def test_an_owner_who_lost_sight_of_the_plan_loses_its_export(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_large(world.plans["a_confidential"])
    ask(world, "a_viewer", "a_confidential", "xlsx", django_capture_on_commit_callbacks)
    run_queued_tasks()
    record = TaskProgress.objects.get(status="done")
    client = world.client("a_viewer")
    assert client.get(reverse("plans:export_download", args=[record.token])).status_code == 200
    Membership.objects.filter(user=world.users["a_viewer"]).delete()
    for name in ("plans:export_progress", "plans:export_download"):
        assert client.get(reverse(name, args=[record.token])).status_code == 404
    assert record.label not in client.get(reverse("plans:exports")).content.decode()


def test_a_task_for_a_plan_its_owner_no_longer_sees_is_not_made(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_large(world.plans["a_confidential"])
    ask(world, "a_viewer", "a_confidential", "pdf", django_capture_on_commit_callbacks)
    Membership.objects.filter(user=world.users["a_viewer"]).delete()
    run_queued_tasks()
    record = TaskProgress.objects.get()
    assert record.status == "failed" and record.error == tasks.NOT_VISIBLE
    assert not record.result_path
    assert not AuditEvent.objects.filter(action="plan.export").exists()


def test_a_failed_export_shows_its_reason_and_keeps_the_traceback(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_large(world.plans["a_confidential"])
    ask(world, "a_editor", "a_confidential", "xlsx", django_capture_on_commit_callbacks)
    record = TaskProgress.objects.get()
    # A record that asks for something the exporter cannot make.
    TaskProgress.objects.filter(pk=record.pk).update(params={"format": "odt", "language": "en"})
    run_queued_tasks()
    record.refresh_from_db()
    assert record.status == "failed"
    part = fragment(world.client("a_editor"), record.token)
    assert "Failed: The document could not be made. Try again" in part
    assert "<progress" not in part and "hx-trigger" not in part
    result = DBTaskResult.objects.get(pk=record.task_result_id)
    assert result.status == TaskResultStatus.FAILED and "odt" in result.traceback
    assert not AuditEvent.objects.filter(action="plan.export").exists()


def test_an_export_left_running_by_a_dead_worker_is_shown_as_failed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_large(world.plans["a_confidential"])
    ask(world, "a_viewer", "a_confidential", "pdf", django_capture_on_commit_callbacks)
    record = TaskProgress.objects.get()
    progress.advance(record.pk, done=3, total=LARGE + 2, message=exports.RENDERING)
    long_ago = timezone.now() - progress.STALE_AFTER - datetime.timedelta(minutes=1)
    TaskProgress.objects.filter(pk=record.pk).update(updated_at=long_ago)
    page = world.client("a_viewer").get(reverse("plans:export_progress", args=[record.token]))
    assert "Failed: The background worker stopped before finishing" in page.content.decode()
    record.refresh_from_db()
    assert record.status == "failed" and record.finished_at is not None


def test_a_cancelled_export_is_never_made(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_large(world.plans["a_confidential"])
    ask(world, "a_viewer", "a_confidential", "docx", django_capture_on_commit_callbacks)
    record = TaskProgress.objects.get()
    client = world.client("a_viewer")
    cancel = reverse("plans:export_cancel", args=[record.token])
    part = client.post(cancel, HTTP_HX_REQUEST="true").content.decode()
    assert "Cancelled." in part and "hx-trigger" not in part
    run_queued_tasks()
    record.refresh_from_db()
    assert record.status == "cancelled" and not record.result_path
    assert not AuditEvent.objects.filter(action="plan.export").exists()
    response = client.get(reverse("plans:export_download", args=[record.token]))
    assert response.status_code == 404


def test_an_expired_file_is_gone_and_the_page_says_so(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    make_large(world.plans["a_confidential"])
    ask(world, "a_viewer", "a_confidential", "xlsx", django_capture_on_commit_callbacks)
    run_queued_tasks()
    record = TaskProgress.objects.get()
    progress.prune(timezone.now() + progress.KEEP_FILES_FOR + datetime.timedelta(seconds=1))
    client = world.client("a_viewer")
    assert client.get(reverse("plans:export_download", args=[record.token])).status_code == 404
    assert "no longer kept" in fragment(client, record.token)


def test_a_small_plan_still_downloads_at_once(world: World) -> None:
    plan = make_large(world.plans["a_confidential"], tasks.IMMEDIATE_MAX_NODES)
    response = world.client("a_viewer").get(export_url(world, "a_confidential", "xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{plan.code}-en.xlsx"'
    rows = list(openpyxl.load_workbook(BytesIO(response.content)).worksheets[0].values)
    assert len(rows) == 1 + tasks.IMMEDIATE_MAX_NODES
    assert not TaskProgress.objects.exists() and not DBTaskResult.objects.exists()
    assert AuditEvent.objects.filter(action="plan.export").count() == 1


def test_an_anonymous_visitor_gets_a_large_public_plan_at_once(world: World) -> None:
    make_large(world.plans["a_public"])
    response = world.client("anonymous").get(export_url(world, "a_public", "docx", "ar"))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert not TaskProgress.objects.exists()


def test_my_exports_lists_mine_in_a_fixed_number_of_queries(
    world: World, django_capture_on_commit_callbacks: Any, django_assert_max_num_queries: Any
) -> None:
    for key in ("a_confidential", "a_partners", "a_public"):
        make_large(world.plans[key])
        for format in ("pdf", "docx", "xlsx"):
            ask(world, "a_editor", key, format, django_capture_on_commit_callbacks)
    ask(world, "a_focal", "a_public", "xlsx", django_capture_on_commit_callbacks)
    record = TaskProgress.objects.filter(owner=world.users["a_editor"]).first()
    progress.fail(record.pk, reason=tasks.NOT_VISIBLE)
    client = world.client("a_editor")
    client.get(reverse("plans:exports"))  # sessions and the like, once
    with django_assert_max_num_queries(12):
        page = client.get(reverse("plans:exports")).content.decode()
    assert page.count('href="/en/exports/') == 9
    assert "Failed: You can no longer see this plan, so it was not exported." in page
    assert f"{world.plans['a_partners'].code}-en.docx" in page
    assert TITLE_EN in page or TITLE_AR in page


def test_the_plan_page_offers_the_three_formats_in_the_six_languages(world: World) -> None:
    pk = world.plans["a_public"].pk
    with translation.override("en"):  # the French request must not leave French active
        page = world.client("a_viewer").get(f"/fr/plans/{pk}/").content.decode()
    for format in ("pdf", "docx", "xlsx"):
        assert f'formaction="/fr/plans/{pk}/export/{format}/"' in page
    choice = page.split('<select id="export-language" name="language">')[1].split("</select>")[0]
    assert choice.count("<option ") == 6
    assert '<option value="fr" lang="fr" selected>' in choice
    assert '<option value="ar" lang="ar">' in choice
    assert 'href="/fr/exports/"' in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_real_worker_command_makes_the_export(world: World) -> None:
    make_large(world.plans["a_public"])
    response = world.client("donor").get(export_url(world, "a_public", "xlsx"))
    record = TaskProgress.objects.get()  # queued at once: the request committed
    assert response.status_code == 302 and record.task_result_id is not None
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    record.refresh_from_db()
    assert record.status == "done" and record.started_at and record.finished_at
    response = world.client("donor").get(reverse("plans:export_download", args=[record.token]))
    book = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert book.worksheets[0].max_row == 1 + LARGE
    assert AuditEvent.objects.filter(action="plan.export").count() == 1
