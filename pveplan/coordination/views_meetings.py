"""Meetings (agenda, minutes per language, attendance) and the decisions of a group."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pveplan.coordination import actions
from pveplan.coordination.audiences import group_url
from pveplan.coordination.forms import AttendanceForm, DecisionForm, MeetingForm, add_errors
from pveplan.coordination.models import Meeting, MeetingStatus
from pveplan.coordination.permissions import access_group, access_meeting, may_manage
from pveplan.coordination.queries import ORGANIZATION_LABELS
from pveplan.coordination.views import conflict_notice, is_htmx
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.i18n import UN_LANGUAGES, content_language, provenance_of, texts_of
from pveplan.core.permissions import COORDINATION_MANAGE

MEETING_PAGE = "coordination/meeting.html"


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("coordination:meeting", kwargs={"pk": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


def _minutes_tab(meeting: Meeting, asked: str) -> str:
    """The language tab to show: the one asked for, else the reader's, else the original."""
    texts = texts_of(meeting.minutes)
    for code in (asked, content_language(), meeting.minutes_language, *UN_LANGUAGES):
        if code and texts.get(code, "").strip():
            return code
    return ""


def _minutes_context(meeting: Meeting, asked: str) -> dict[str, Any]:
    texts = texts_of(meeting.minutes)
    shown = _minutes_tab(meeting, asked)
    return {
        "meeting": meeting,
        "tabs": [code for code in UN_LANGUAGES if texts.get(code, "").strip()],
        "tab": shown,
        "minutes_text": texts.get(shown, ""),
        "provenance": provenance_of(meeting.minutes, shown) if shown else None,
    }


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk)
    context = _minutes_context(meeting, request.GET.get("minutes", ""))
    if is_htmx(request):
        response = render(request, f"{MEETING_PAGE}#minutes", context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    group = meeting.group
    manager = may_manage(request.user, group)
    present = list(meeting.attendance.select_related(*ORGANIZATION_LABELS, "user"))
    context.update(
        group=group,
        can_manage=manager,
        present=present,
        decisions=list(meeting.decisions.order_by("number")),
        attendance=(
            AttendanceForm(meeting=meeting, initial={"present": [m.pk for m in present]})
            if manager and meeting.status == MeetingStatus.HELD
            else None
        ),
    )
    response = render(request, MEETING_PAGE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = access_group(request.user, pk, need=COORDINATION_MANAGE)
    form = MeetingForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.meeting_create(group=group, by=request.user, data=form.to_input())
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(request, _("The meeting was recorded."))
            return HttpResponseRedirect(meeting_url(meeting))
    context = {"form": form, "group": group, "meeting": None}
    return render(request, "coordination/meeting_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, need=COORDINATION_MANAGE)
    if request.method == "GET":
        form = MeetingForm(initial=MeetingForm.initial_from(meeting))
        version = meeting.version
    else:
        form = MeetingForm(request.POST)
        version = posted_version(request)
        if form.is_valid():
            try:
                actions.meeting_update(
                    meeting=meeting, by=request.user, data=form.to_input(), expected_version=version
                )
            except ValidationError as error:
                add_errors(error, form)
            except ConflictError:
                form.add_error(None, conflict_notice())
                version = meeting.version
            else:
                messages.success(request, _("The meeting was saved."))
                return HttpResponseRedirect(meeting_url(meeting))
    context = {"form": form, "group": meeting.group, "meeting": meeting, "version": version}
    return render(request, "coordination/meeting_form.html", context)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, need=COORDINATION_MANAGE)
    form = AttendanceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _("Choose members of this group."))
        return HttpResponseRedirect(meeting_url(meeting, "attendance"))
    try:
        actions.attendance_set(
            meeting=meeting,
            by=request.user,
            present=form.cleaned_data["present"],
            expected_version=posted_version(request),
        )
    except ConflictError:
        messages.error(request, conflict_notice())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The attendance was saved."))
    return HttpResponseRedirect(meeting_url(meeting, "attendance"))


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = access_group(request.user, pk, need=COORDINATION_MANAGE)
    initial: dict[str, Any] = {"date": timezone.localdate()}
    asked = request.GET.get("meeting", "")
    if asked:
        meeting = group.meetings.filter(pk=int(asked) if asked.isdigit() else 0).first()
        if meeting is None:
            raise Http404("No meeting found")
        initial.update(meeting=meeting.pk, date=min(meeting.date, timezone.localdate()))
    form = DecisionForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = actions.decision_record(
                group=group,
                by=request.user,
                text=data["text"],
                date=data["date"],
                meeting=data.get("meeting"),
            )
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(
                request,
                _("Decision %(number)s was recorded.") % {"number": decision.number},
            )
            return HttpResponseRedirect(group_url(group, f"decision-{decision.number}"))
    return render(request, "coordination/decision_form.html", {"form": form, "group": group})
