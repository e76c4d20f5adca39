"""The background reading of uploaded documents (django.tasks, run by `db_worker`)."""

from __future__ import annotations

from django.tasks import task

from pveplan.documents import actions


@task()
def read_document_task(progress_id: int) -> None:
    """Read the document of progress record `progress_id` (its arguments are JSON)."""
    actions.document_read(progress_id)
