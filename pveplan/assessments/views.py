"""Assessments: the list, starting one, answering it dimension by dimension, and its workflow
(submit, validate, return).

Every page needs an account, and loads assessments only through `access_assessment`: 404
outside the owner's team and the global roles, 403 in sight without the right. The answer form
saves in place with htmx (the view answers the form fragment) and works without JavaScript
(POST, then redirect).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from pveplan.accounts.permissions import scope_of
from pveplan.assessments import actions
from pveplan.assessments.dimensions import ORDER, dimension_name, dimension_number
from pveplan.assessments.forms import (
    AssessmentFilterForm,
    AssessmentForm,
    DimensionForm,
    ReviewForm,
    add_action_errors,
    owners_among,
)
from pveplan.assessments.models import Assessment, AssessmentStatus, Response
from pveplan.assessments.permissions import access_assessment, holds
from pveplan.assessments.report import responses_of
from pveplan.assessments.scoring import Answer as ScoreAnswer
from pveplan.assessments.scoring import Scores, score, score_responses
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.permissions import ASSESSMENTS_VALIDATE, ASSESSMENTS_WRITE

PAGE_SIZE = 50


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _detail_url(assessment: Assessment) -> str:
    return reverse("assessments:detail", kwargs={"pk": assessment.pk})


def _list_scores(assessments: list[Assessment]) -> dict[int, Scores]:
    """Scores of each listed assessment, from one grouped query (no query per row)."""
    rows = (
        Response.objects.filter(assessment__in=assessments)
        .order_by()
        .values("assessment_id", "question__dimension", "maturity")
        .annotate(n=Count("pk"))
    )
    answers: dict[int, list[ScoreAnswer]] = {a.pk: [] for a in assessments}
    for row in rows:
        answers[row["assessment_id"]].extend(
            [ScoreAnswer(row["question__dimension"], row["maturity"])] * row["n"]
        )
    return {pk: score(items) for pk, items in answers.items()}


@login_required
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    """The assessments the user may see, filtered by owner and status, with their scores."""
    visible = Assessment.objects.visible_to(request.user)
    form = AssessmentFilterForm(request.GET or None, owners=owners_among(visible))
    page = Paginator(form.filter(visible.for_listing()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    listed = list(page.object_list)
    scores = _list_scores(listed)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [(a, scores[a.pk]) for a in listed],
        "query": query.urlencode(),
        "can_create": scope_of(request.user).has_anywhere(ASSESSMENTS_WRITE),
    }
    template = "assessments/list.html#results" if _is_htmx(request) else "assessments/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).has_anywhere(ASSESSMENTS_WRITE):
        raise PermissionDenied(ASSESSMENTS_WRITE)
    form = AssessmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.assessment_create(by=request.user, data=form.to_input())
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(
                request, _("The assessment was started. Answer it dimension by dimension.")
            )
            return HttpResponseRedirect(
                reverse("assessments:answer", kwargs={"pk": assessment.pk, "dimension": ORDER[0]})
            )
    return render(request, "assessments/create.html", {"form": form})


def _dimension_rows(scores: Scores) -> list[dict[str, Any]]:
    return [
        {
            "code": entry.dimension,
            "number": entry.number,
            "name": dimension_name(entry.dimension),
            "entry": entry,
        }
        for entry in scores.dimensions
        if entry.total
    ]


@login_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment's progress per dimension and where it stands in its workflow."""
    assessment = access_assessment(request.user, pk)
    scores = score_responses(responses_of(assessment))
    can_write = holds(request.user, ASSESSMENTS_WRITE, assessment.owner)
    can_validate = holds(request.user, ASSESSMENTS_VALIDATE, assessment.owner)
    own = assessment.submitted_by_id is not None and assessment.submitted_by_id == request.user.pk
    context = {
        "assessment": assessment,
        "scores": scores,
        "dimensions": _dimension_rows(scores),
        "can_write": can_write and assessment.is_draft,
        "can_submit": can_write and assessment.is_draft,
        "can_review": can_validate and assessment.status == AssessmentStatus.SUBMITTED,
        "own_submission": own,
        "review_form": ReviewForm(initial={"version": assessment.version}),
    }
    return render(request, "assessments/detail.html", context)


def _answer_context(
    request: HttpRequest,
    assessment: Assessment,
    dimension: str,
    form: DimensionForm | None = None,
    notice: str = "",
    failed: bool = False,
) -> dict[str, Any]:
    responses = responses_of(assessment)
    scores = score_responses(responses)
    mine = [r for r in responses if r.question.dimension == dimension]
    mine.sort(key=lambda r: r.question.position)
    if form is None:
        form = DimensionForm(responses=mine, auto_id=f"id_{dimension}_%s")
    index = ORDER.index(dimension)
    present = [row["code"] for row in _dimension_rows(scores)]
    position = present.index(dimension) if dimension in present else index
    return {
        "assessment": assessment,
        "dimension": dimension,
        "number": dimension_number(dimension),
        "name": dimension_name(dimension),
        "form": form,
        "dimensions": _dimension_rows(scores),
        "entry": scores.by_dimension[dimension],
        "previous": present[position - 1] if position > 0 else None,
        "next": present[position + 1] if position + 1 < len(present) else None,
        "notice": notice,
        "failed": failed,
    }


def _answer_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    page = "assessments/answer.html"
    response = render(request, f"{page}#answers" if _is_htmx(request) else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int, dimension: str) -> HttpResponse:
    """GET: the questions of one dimension with their answers; POST: save them all at once."""
    assessment = access_assessment(request.user, pk, need=ASSESSMENTS_WRITE)
    if dimension not in ORDER:
        raise Http404("No such dimension")
    if request.method == "GET":
        if not assessment.is_draft:
            messages.info(
                request, _("This assessment is submitted: its answers can no longer change.")
            )
            return HttpResponseRedirect(_detail_url(assessment))
        return _answer_page(request, _answer_context(request, assessment, dimension))
    context = _answer_context(request, assessment, dimension)
    responses = context["form"].responses
    form = DimensionForm(request.POST, responses=responses, auto_id=f"id_{dimension}_%s")
    if not form.is_valid():
        context.update(
            form=form, notice=_("Nothing was saved: correct the answers marked."), failed=True
        )
        return _answer_page(request, context)
    try:
        actions.response_set(
            assessment=assessment, dimension=dimension, answers=form.to_answers(), by=request.user
        )
    except ConflictError:
        notice = _(
            "Someone else changed these answers while you were editing. Nothing was saved; "
            "here they are as they are now. Make your changes again."
        )
        if not _is_htmx(request):
            messages.error(request, notice)
            return HttpResponseRedirect(request.path)
        return _answer_page(
            request, _answer_context(request, assessment, dimension, notice=notice, failed=True)
        )
    except ValidationError as error:
        add_action_errors(error, form)
        context.update(form=form, notice=" ".join(error.messages), failed=True)
        return _answer_page(request, context)
    notice = _("The answers were saved.")
    following = context["next"] if request.POST.get("then") == "next" else None
    if _is_htmx(request) and not following:
        return _answer_page(request, _answer_context(request, assessment, dimension, notice=notice))
    messages.success(request, notice)
    if following:
        url = reverse("assessments:answer", kwargs={"pk": assessment.pk, "dimension": following})
        return HttpResponseClientRedirect(url) if _is_htmx(request) else HttpResponseRedirect(url)
    return HttpResponseRedirect(request.path)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access_assessment(request.user, pk, need=ASSESSMENTS_WRITE)
    try:
        actions.assessment_submit(
            assessment=assessment, by=request.user, expected_version=posted_version(request)
        )
    except ConflictError:
        messages.error(
            request, _("The assessment changed since you loaded it. Look again, then submit.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assessment was submitted. UNOCT may now validate it."))
    return HttpResponseRedirect(_detail_url(assessment))


def _review(request: HttpRequest, pk: int, *, validate: bool) -> HttpResponse:
    assessment = access_assessment(request.user, pk, need=ASSESSMENTS_VALIDATE)
    note = request.POST.get("note", "")[:5000]
    try:
        if validate:
            actions.assessment_validate(
                assessment=assessment,
                by=request.user,
                expected_version=posted_version(request),
                note=note,
            )
            messages.success(request, _("The assessment was validated."))
        else:
            actions.assessment_return(
                assessment=assessment,
                by=request.user,
                expected_version=posted_version(request),
                note=note,
            )
            messages.success(request, _("The assessment was returned to its team as a draft."))
    except ConflictError:
        messages.error(request, _("The assessment changed since you loaded it. Look again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(_detail_url(assessment))


@login_required
@require_POST
def validate(request: HttpRequest, pk: int) -> HttpResponse:
    """Validate a submitted assessment (UNOCT); 403 for one's own submission."""
    return _review(request, pk, validate=True)


@login_required
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    """Return a submitted assessment to its team, with a note saying why (UNOCT)."""
    return _review(request, pk, validate=False)
