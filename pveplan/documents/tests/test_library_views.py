"""The library, upload (checked before anything is stored), the background reading with its
progress, cancel and delete."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from pveplan.core.models import AuditEvent, TaskProgress
from pveplan.core.tests.test_progress import run_queued_tasks
from pveplan.documents import actions
from pveplan.documents.ingest import extract, read, samples
from pveplan.documents.models import DocumentPage, Segment, SourceDocument
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db

needs_classifier = pytest.mark.skipif(
    importlib.util.find_spec("pveplan.documents.classifier") is None,
    reason="the classifier (pveplan.documents.classifier) is not there yet",
)


def url(name: str, *args: Any) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def post_upload(
    world: World, name: str, data: bytes, capture: Any, persona: str = "a_editor"
) -> Any:
    with capture(execute=True):
        return world.client(persona).post(
            url("documents:upload"),
            {
                "title": "Plan " + name,
                "owner": org("jor").pk,
                "file": SimpleUploadedFile(name, data),
            },
        )


def test_upload_stores_the_file_and_queues_the_reading_without_waiting(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    data = samples.russian_text()
    response = post_upload(world, "../план.txt", data, django_capture_on_commit_callbacks)
    document = SourceDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("documents:document", document.pk)
    assert (document.kind, document.size, document.status) == ("text", len(data), "queued")
    assert document.file.name.endswith("/план.txt") and ".." not in document.file.name
    assert document.file.read() == data
    assert document.task is not None and document.task.task_result_id is not None
    assert not DocumentPage.objects.exists()  # nothing read yet
    assert (
        AuditEvent.objects.filter(action="document.upload", object_id=str(document.pk)).count() == 1
    )
    page = world.client("a_editor").get(response["Location"]).content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page and "Cancel" in page


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("bomb.docx", samples.zip_bomb_docx, "expands far beyond its size"),
        ("latin1.txt", lambda: ("é" * 50).encode("latin-1"), "not in UTF-8"),
        ("picture.png", lambda: b"\x89PNG\r\n\x1a\n" + b"0" * 100, "not an accepted type"),
        ("empty.txt", lambda: b"", "empty"),
    ],
)
def test_bad_uploads_are_form_errors_and_nothing_is_stored(
    world: World, django_capture_on_commit_callbacks: Any, name: str, make: Any, message: str
) -> None:
    response = post_upload(world, name, make(), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SourceDocument.objects.exists() and not TaskProgress.objects.exists()


def test_an_oversize_upload_is_refused_before_it_is_stored(
    world: World, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.PVEPLAN_DOCUMENT_MAX_BYTES = 100
    response = post_upload(world, "big.txt", b"x" * 101, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "the limit is 100" in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_the_upload_offers_only_libraries_where_the_user_writes(world: World) -> None:
    page = world.client("a_editor").get(url("documents:upload")).content.decode()
    assert org("jor").label in page and org("lbn").label not in page
    response = post_upload(world, "x.txt", b"Pillar 1", lambda **kw: _nothing(), "b_editor")
    assert response.status_code == 200 and not SourceDocument.objects.exists()


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("locked.pdf", samples.encrypted_pdf, extract.ENCRYPTED),
        ("scan.pdf", samples.image_only_pdf, extract.NO_TEXT),
        ("broken.pdf", lambda: b"%PDF-1.7\n" + b"x" * 200, extract.CORRUPT_PDF),
    ],
)
def test_files_the_task_cannot_read_fail_with_their_reason_and_store_nothing(
    world: World, django_capture_on_commit_callbacks: Any, name: str, make: Any, reason: str
) -> None:
    post_upload(world, name, make(), django_capture_on_commit_callbacks)
    assert run_queued_tasks() == 1
    document = SourceDocument.objects.get()
    assert (document.status, document.failure_reason) == ("failed", reason)
    assert not DocumentPage.objects.exists() and not Segment.objects.exists()
    task = TaskProgress.objects.get()
    assert (task.status, task.error) == ("failed", reason)
    part = (
        world.client("a_viewer")
        .get(url("documents:document", document.pk), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "hx-trigger" not in part and "<html" not in part
    assert str(reason)[:30].replace("'", "&#x27;") in part


def test_a_cancelled_reading_keeps_nothing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    post_upload(world, "plan.txt", samples.russian_text(), django_capture_on_commit_callbacks)
    document = SourceDocument.objects.get()
    client = world.client("a_viewer")
    assert (
        client.post(
            url("documents:document_cancel", document.pk), {"version": document.version}
        ).status_code
        == 403
    )
    part = (
        world.client("a_editor")
        .post(
            url("documents:document_cancel", document.pk),
            {"version": document.version},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert "nothing was kept" in part and "hx-trigger" not in part
    run_queued_tasks()
    document.refresh_from_db()
    assert document.status == "cancelled"
    assert not DocumentPage.objects.exists() and not Segment.objects.exists()
    assert TaskProgress.objects.get().status == "cancelled"


def test_cancelling_during_the_reading_stops_it_and_removes_what_was_read(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    post_upload(world, "plan.pdf", samples.plan_pdf("fr", 3), django_capture_on_commit_callbacks)
    document = SourceDocument.objects.get()
    real = extract.extract_pdf

    def extract_then_cancel(data: bytes, report: Any) -> Any:
        # The owner presses Cancel while the second page is read.
        def on_page(done: int, total: int) -> None:
            if done == 2:
                actions.document_cancel(
                    document=SourceDocument.objects.get(),
                    by=world.users["a_editor"],
                    expected_version=SourceDocument.objects.get().version,
                )
            report(done, total)

        return real(data, on_page)

    monkeypatch.setitem(extract.READERS, "pdf", extract_then_cancel)
    run_queued_tasks()
    document.refresh_from_db()
    assert document.status == "cancelled" and document.page_count == 0
    assert not DocumentPage.objects.exists() and not Segment.objects.exists()


def test_delete_removes_the_document_its_file_and_what_was_read(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    post_upload(world, "plan.txt", samples.russian_text(), django_capture_on_commit_callbacks)
    document = SourceDocument.objects.get()
    storage, name = document.file.storage, document.file.name
    client = world.client("a_editor")
    assert client.get(url("documents:document_delete", document.pk)).status_code == 200
    stale = client.post(url("documents:document_delete", document.pk), {"version": 0})
    assert stale.status_code == 302 and SourceDocument.objects.exists()
    response = client.post(
        url("documents:document_delete", document.pk), {"version": document.version}
    )
    assert response["Location"] == url("documents:library")
    assert not SourceDocument.objects.exists() and not storage.exists(name)
    assert TaskProgress.objects.get().status == "cancelled"
    assert AuditEvent.objects.filter(action="document.delete").count() == 1


def document_of(world: World) -> SourceDocument:
    document = SourceDocument(
        owner=org("jor"),
        title="Plan",
        original_name="plan.txt",
        kind="text",
        size=8,
        sha256="0" * 64,
        uploaded_by=world.users["a_editor"],
    )
    document.file.save("plan.txt", ContentFile(b"Pillar 1"), save=False)
    document.save()
    return document


def test_the_library_lists_what_the_user_sees_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(2):
        document_of(world)
    client = world.client("a_viewer")
    client.get(url("documents:library"))  # sessions and scopes warmed up
    with django_assert_max_num_queries(12) as few:
        client.get(url("documents:library"))
    for _ in range(8):
        document_of(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("documents:library")).content.decode()
    assert page.count('id="document-') == 10
    assert (
        'id="document-'
        not in world.client("b_editor").get(url("documents:library")).content.decode()
    )
    filtered = client.get(url("documents:library") + "?status=ready").content.decode()
    assert 'id="document-' not in filtered


@needs_classifier
@pytest.mark.parametrize(
    ("name", "make", "language", "pages"),
    [
        ("plan-ar.pdf", lambda: samples.plan_pdf("ar", 2), "ar", 2),
        ("plan-fr.docx", samples.french_docx, "fr", 2),
        ("plan-ru.txt", samples.russian_text, "ru", 1),
    ],
)
def test_a_document_is_read_segmented_and_classified(
    world: World,
    django_capture_on_commit_callbacks: Any,
    name: str,
    make: Any,
    language: str,
    pages: int,
) -> None:
    post_upload(world, name, make(), django_capture_on_commit_callbacks)
    assert run_queued_tasks() == 1
    document = SourceDocument.objects.get()
    assert (document.status, document.language, document.page_count) == ("ready", language, pages)
    assert DocumentPage.objects.filter(document=document).count() == pages
    segments = list(Segment.objects.filter(document=document))
    actions_found = [s for s in segments if s.kind == "action"]
    assert actions_found and all(s.parent_id for s in actions_found)
    for segment in actions_found:
        assert set(segment.suggestions) == {
            "encoder",
            "areas",
            "labels",
            "pillars",
            "drivers",
            "neighbours",
            "terms",
        }
        assert segment.areas == segment.suggestions["labels"]
        assert segment.language == language
    assert all(not s.suggestions for s in segments if s.kind == "other")
    task = TaskProgress.objects.get()
    assert task.status == "done"
    assert AuditEvent.objects.filter(action="document.read").count() == 1
    page = world.client("a_viewer").get(url("documents:document", document.pk)).content.decode()
    assert url("documents:review", document.pk) in page and "hx-trigger" not in page


@needs_classifier
def test_a_document_in_another_language_fails_with_a_message(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    german = (
        "Nationaler Aktionsplan zur Prävention von gewalttätigem Extremismus\n"
        "Säule 1: Prävention durch Bildung\n"
        "1.1 Lehrkräfte werden in kritischem Denken und Dialog in allen Schulen geschult.\n"
        "1.2 Jugendinitiativen werden in allen Gemeinden gefördert und begleitet.\n"
    )
    post_upload(world, "plan-de.txt", german.encode(), django_capture_on_commit_callbacks)
    run_queued_tasks()
    document = SourceDocument.objects.get()
    assert (document.status, document.failure_reason) == ("failed", read.UNKNOWN_LANGUAGE)
    assert not DocumentPage.objects.exists() and not Segment.objects.exists()
