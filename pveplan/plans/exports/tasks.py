"""Large exports as background tasks: queued by the export view, run by `db_worker`, followed on
a progress page, downloaded by the person who asked, while they can still see the plan.

Plans with more than IMMEDIATE_MAX_NODES pillars, objectives and actions go to the background;
smaller ones, and every export by an anonymous visitor (who cannot own a task), are made within
the request. The export is audited once, by `export_plan`, when the worker makes it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.http import Http404
from django.tasks import task
from django.utils.translation import gettext_noop

from pveplan.core import progress
from pveplan.core.models import TaskProgress
from pveplan.plans import exports
from pveplan.plans.models import Plan, PlanNode
from pveplan.plans.permissions import access_plan

KIND = "plans.export"
IMMEDIATE_MAX_NODES = 60

QUEUED = gettext_noop("Waiting for the background worker")
NOT_VISIBLE = gettext_noop("You can no longer see this plan, so it was not exported.")
FAILED = gettext_noop(
    "The document could not be made. Try again; if it fails again, tell the platform "
    "administrators."
)


def runs_in_background(plan: Plan, user: Any) -> bool:
    """Whether exporting `plan` for `user` goes to a background task."""
    if not getattr(user, "is_authenticated", False):
        return False
    return PlanNode.objects.filter(plan=plan).count() > IMMEDIATE_MAX_NODES


def plan_export_enqueue(*, plan: Plan, format: str, language: str, by: Any) -> TaskProgress:
    """Queue the export of `plan` for `by` (signed in; the caller checked they see the plan).

    Returns the task's progress record, to follow at its token. The task is queued when the
    surrounding transaction commits. Raises ValueError for an unknown format or language.
    """
    if format not in exports.FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    if language not in exports.LANGUAGES:
        raise ValueError(f"unknown export language {language!r}")
    with transaction.atomic():
        record = progress.start(
            owner=by,
            kind=KIND,
            label=exports.filename(plan, format=format, language=language),
            obj=plan,
            params={"format": format, "language": language},
            message=QUEUED,
        )
        transaction.on_commit(partial(progress.enqueue, record, export_plan_task, record.pk))
    return record


@task()
def export_plan_task(progress_id: int) -> None:
    """The background task (its arguments are JSON: the progress record's id)."""
    run(progress_id)


def run(progress_id: int) -> None:
    """Make the export that progress record `progress_id` asks for, reporting as it goes.

    The owner's access is checked again: they may have lost sight of the plan since asking.
    """
    record = TaskProgress.objects.select_related("owner").filter(pk=progress_id, kind=KIND).first()
    if record is None or not record.is_active:
        return  # cancelled before a worker got to it
    try:
        progress.advance(progress_id, done=0, total=0, message=exports.GATHERING)
        try:
            if not record.owner.is_active:
                raise Http404("inactive user")
            plan = access_plan(record.owner, record.object_id)
        except Http404:
            progress.fail(progress_id, reason=NOT_VISIBLE)
            return
        format, language = record.params["format"], record.params["language"]
        data = exports.export_plan(
            plan,
            format=format,
            language=language,
            user=record.owner,
            on_progress=progress.reporter(progress_id),
        )
        progress.finish(
            progress_id,
            content=data,
            filename=record.label,
            content_type=exports.FORMATS[format].content_type,
        )
    except progress.Cancelled:
        return
    except Exception:
        progress.fail(progress_id, reason=FAILED)
        raise  # django-tasks-db keeps the traceback for the administrators


def access_export(user: Any, token: str) -> tuple[TaskProgress, Plan]:
    """The export task `token` and its plan, if `user` asked for it and still sees the plan.

    Raises Http404 otherwise: for anyone else the export does not exist, and a user who lost
    sight of the plan loses its exports too.
    """
    record = progress.get_for(user, token, kind=KIND)
    return record, access_plan(user, record.object_id)


def visible_exports(user: Any, *, limit: int = 20) -> list[tuple[TaskProgress, Plan]]:
    """The user's latest exports of plans they still see, newest first (three queries)."""
    records = progress.recent_for(user, kind=KIND, limit=limit)
    ids = {int(r.object_id) for r in records if r.object_id.isdigit()}
    plans = Plan.objects.visible_to(user).filter(pk__in=ids).in_bulk()
    return [
        (r, plans[int(r.object_id)])
        for r in records
        if r.object_id.isdigit() and int(r.object_id) in plans
    ]
