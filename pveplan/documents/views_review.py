"""The review of a read document: its pages beside their segments, each accepted, edited or
rejected in place, and the accepted ones turned into a plan.

Like the structure editor, every view answers a whole page to a normal request (POST, then
redirect: it works without JavaScript) and a template partial to an htmx request.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.i18n import LANGUAGE_NAMES
from pveplan.core.permissions import PLANS_WRITE
from pveplan.documents import review
from pveplan.documents.forms_review import AcceptAboveForm, SegmentForm, ToPlanForm
from pveplan.documents.models import (
    DocumentPage,
    ReviewStatus,
    Segment,
    SegmentKind,
    SourceDocument,
)
from pveplan.documents.permissions import access_document, access_segment, can_in_library
from pveplan.plans.models import Plan
from pveplan.plans.permissions import access_plan

PAGE = "documents/review_page.html"
EDIT = "documents/review_edit.html"
TO_PLAN = "documents/review_to_plan.html"


@dataclass
class Tag:
    code: str
    short: str
    label: str
    percent: int | None = None
    kept: bool = False


def _percent(value: Any) -> int | None:
    try:
        return round(float(value) * 100)
    except (TypeError, ValueError):
        return None


@dataclass
class SegmentRow:
    """One segment with its suggestions ready to show."""

    segment: Segment
    areas: list[Tag] = field(default_factory=list)  # suggested, best first
    kept_areas: list[Tag] = field(default_factory=list)
    pillars: list[Tag] = field(default_factory=list)
    kept_pillars: list[Tag] = field(default_factory=list)
    drivers: list[Tag] = field(default_factory=list)
    kept_drivers: list[Tag] = field(default_factory=list)
    neighbours: list[dict[str, Any]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.segment.node_id is None


def row_of(segment: Segment, labels: review.Tags) -> SegmentRow:
    data = segment.suggestions if isinstance(segment.suggestions, dict) else {}
    row = SegmentRow(segment=segment)
    scores = data.get("areas") or {}
    suggested = set(data.get("labels") or [])
    ranked = sorted(
        ((int(n), s) for n, s in scores.items() if str(n).isdigit()), key=lambda p: -float(p[1])
    )
    for number, score in ranked:
        area = labels.areas.get(number)
        # The chosen labels always show; the others when they weigh at least 10 %.
        if area is not None and (number in suggested or float(score) >= 0.1):
            row.areas.append(
                Tag(str(number), str(number), area.label, _percent(score), number in suggested)
            )
    row.kept_areas = [
        Tag(str(n), str(n), labels.areas[n].label) for n in segment.areas if n in labels.areas
    ]
    for code, score in data.get("pillars") or []:
        pillar = labels.pillars.get(code)
        if pillar is not None:
            row.pillars.append(Tag(code, pillar.numeral, pillar.label, _percent(score)))
    row.kept_pillars = [
        Tag(c, labels.pillars[c].numeral, labels.pillars[c].label)
        for c in segment.pillars
        if c in labels.pillars
    ]
    for code, score in data.get("drivers") or []:
        driver = labels.drivers.get(code)
        if driver is not None:
            row.drivers.append(Tag(code, code, driver.label, _percent(score)))
    row.kept_drivers = [
        Tag(c, c, labels.drivers[c].label) for c in segment.drivers if c in labels.drivers
    ]
    for neighbour in data.get("neighbours") or []:
        if isinstance(neighbour, dict):
            language = str(neighbour.get("language", ""))
            row.neighbours.append(
                {
                    "text": str(neighbour.get("text", "")),
                    "language": language,
                    "direction": "rtl" if language == "ar" else "ltr",
                    "labels": ", ".join(str(n) for n in neighbour.get("labels") or []),
                    "percent": _percent(neighbour.get("similarity")),
                }
            )
    row.terms = [str(t) for t in data.get("terms") or []]
    return row


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _segments() -> Any:
    return Segment.objects.select_related("parent", "node__plan", "reviewed_by").order_by(
        "position"
    )


def _review_url(document_pk: int, page: int, segment_pk: int | None = None) -> str:
    url = reverse("documents:review", kwargs={"pk": document_pk})
    return f"{url}?page={page}" + (f"#segment-{segment_pk}" if segment_pk else "")


def _page_number(request: HttpRequest, pages: list[int]) -> int:
    raw = request.GET.get("page", "")
    number = int(raw) if raw.isdigit() else (pages[0] if pages else 1)
    return number if number in pages else (pages[0] if pages else 1)


@login_required
@require_GET
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's page text beside that page's segments, one page at a time."""
    document = access_document(request.user, pk)
    by_page: dict[int, Any] = {
        row["page"]: row
        for row in Segment.objects.filter(document=document)
        .values("page")
        .annotate(total=Count("pk"), pending=Count("pk", filter=Q(review=ReviewStatus.PENDING)))
    }
    numbers = sorted(
        set(DocumentPage.objects.filter(document=document).values_list("number", flat=True))
        | set(by_page)
    )
    number = _page_number(request, numbers)
    page = DocumentPage.objects.filter(document=document, number=number).first()
    labels = review.Tags.load()
    rows = [row_of(s, labels) for s in _segments().filter(document=document, page=number)]
    totals = Counter(
        dict(
            Segment.objects.filter(document=document)
            .values_list("review")
            .annotate(n=Count("pk"))
            .values_list("review", "n")
        )
    )
    index = numbers.index(number) if number in numbers else 0
    context = {
        "document": document,
        "page": page,
        "number": number,
        "pages": [
            {
                "number": n,
                "total": by_page.get(n, {}).get("total", 0),
                "pending": by_page.get(n, {}).get("pending", 0),
            }
            for n in numbers
        ],
        "previous": numbers[index - 1] if index > 0 else None,
        "next": numbers[index + 1] if index + 1 < len(numbers) else None,
        "rows": rows,
        "totals": [(label, totals.get(value, 0), value) for value, label in ReviewStatus.choices],
        "kept": totals.get(ReviewStatus.ACCEPTED, 0) + totals.get(ReviewStatus.EDITED, 0),
        "can_write": can_in_library(request.user, PLANS_WRITE, document.owner),
        "reviewable": document.status in review.REVIEWABLE,
        "language_name": LANGUAGE_NAMES.get(document.language, ""),
        "accept_form": AcceptAboveForm(),
    }
    response = render(request, PAGE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _card(
    request: HttpRequest, segment_pk: int, notice: str = "", failed: bool = False
) -> HttpResponse:
    """The segment's card, fresh from the database, as an htmx answer over the old one."""
    segment = access_segment(request.user, segment_pk)
    fresh = _segments().get(pk=segment.pk)
    context = {
        "row": row_of(fresh, review.Tags.load()),
        "document": segment.document,
        "can_write": True,
        "reviewable": segment.document.status in review.REVIEWABLE,
        "notice": notice,
        "notice_failed": failed,
    }
    response = render(request, f"{PAGE}#segment", context)
    swapped: HttpResponse = reswap(retarget(response, f"#segment-{segment.pk}"), "outerHTML")
    return swapped


def _after_write(
    request: HttpRequest, segment: Segment, notice: str, *, failed: bool = False
) -> HttpResponse:
    if _is_htmx(request):
        return _card(request, segment.pk, notice, failed)
    (messages.error if failed else messages.success)(request, notice)
    return HttpResponseRedirect(_review_url(segment.document_id, segment.page, segment.pk))


def _conflict() -> str:
    return _("Someone else changed this segment first. Nothing was saved; here it is as it is now.")


DONE = {
    "accept": _("Accepted."),
    "reject": _("Rejected."),
    "reopen": _("Back to review."),
}


@login_required
@require_POST
def segment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the segment as it stands, reject it, or put it back to review."""
    segment = access_segment(request.user, pk, need=PLANS_WRITE)
    decision = request.POST.get("decision", "")
    if decision not in DONE:
        return _after_write(request, segment, _("Choose accept, reject or reopen."), failed=True)
    try:
        review.segment_review(
            segment=segment, by=request.user, decision=decision, version=posted_version(request)
        )
    except ConflictError:
        return _after_write(request, segment, _conflict(), failed=True)
    except ValidationError as error:
        return _after_write(request, segment, " ".join(error.messages), failed=True)
    return _after_write(request, segment, str(DONE[decision]))


def _render_edit(
    request: HttpRequest, segment: Segment, form: SegmentForm, version: Any, notice: str = ""
) -> HttpResponse:
    context = {
        "segment": segment,
        "document": segment.document,
        "form": form,
        "version": version,
        "notice": notice,
    }
    return render(request, f"{EDIT}#form" if _is_htmx(request) else EDIT, context)


@login_required
@require_http_methods(["GET", "POST"])
def segment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form for a segment; POST: save the changes as the reviewer's decision."""
    segment = access_segment(request.user, pk, need=PLANS_WRITE)
    auto_id = f"id_s{segment.pk}_%s"
    if request.method == "GET":
        form = SegmentForm(
            segment=segment, initial=SegmentForm.initial_from(segment), auto_id=auto_id
        )
        return _render_edit(request, segment, form, segment.version)
    form = SegmentForm(request.POST, segment=segment, auto_id=auto_id)
    if form.is_valid():
        try:
            review.segment_review(
                segment=segment,
                by=request.user,
                decision="edit",
                version=posted_version(request),
                changes=form.to_changes(),
            )
        except ConflictError:
            if not _is_htmx(request):
                messages.error(request, _conflict())
                return HttpResponseRedirect(reverse("documents:segment_edit", kwargs={"pk": pk}))
            current = access_segment(request.user, pk, need=PLANS_WRITE)
            fresh = SegmentForm(
                segment=current, initial=SegmentForm.initial_from(current), auto_id=auto_id
            )
            return _render_edit(request, current, fresh, current.version, _conflict())
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, problem)
            else:
                for problem in error.messages:
                    form.add_error(None, problem)
        else:
            return _after_write(request, segment, _("Saved with your changes."))
    return _render_edit(request, segment, form, request.POST.get("version", ""))


@login_required
@require_POST
def accept_above(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept every pending suggestion above the confidence given."""
    document = access_document(request.user, pk, need=PLANS_WRITE)
    form = AcceptAboveForm(request.POST)
    page = request.POST.get("page", "1")
    back = _review_url(document.pk, int(page) if page.isdigit() else 1)
    if not form.is_valid():
        messages.error(request, _("Give a percentage between 0 and 100."))
        return HttpResponseRedirect(back)
    try:
        count = review.document_accept_suggestions(
            document=document, by=request.user, threshold=form.cleaned_data["threshold"] / 100
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(back)
    messages.success(
        request,
        _("%(n)s pending segments accepted as suggested.") % {"n": count},
    )
    return HttpResponseRedirect(back)


def _writable_plans(request: HttpRequest, document: SourceDocument) -> list[Plan]:
    # The same owner: write rights over the document's library are write rights over them.
    plans = Plan.objects.visible_to(request.user).filter(owner_id=document.owner_id)
    return list(plans.order_by("-created_at", "-pk"))


@login_required
@require_http_methods(["GET", "POST"])
def to_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what will be made from the accepted segments; POST: make it."""
    document = access_document(request.user, pk, need=PLANS_WRITE)
    form = ToPlanForm(
        request.POST or None, document=document, plans=_writable_plans(request, document)
    )
    kept = Counter(
        Segment.objects.filter(
            document=document,
            review__in=review.KEPT,
            node__isnull=True,
        )
        .exclude(kind=SegmentKind.OTHER)
        .values_list("kind", flat=True)
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_plan()
        target = access_plan(request.user, chosen.pk, need=PLANS_WRITE) if chosen else None
        try:
            plan = review.document_to_plan(
                document=document,
                by=request.user,
                version=posted_version(request),
                plan=target,
                title=form.cleaned_data.get("title", ""),
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else changed this document first. Nothing was made; check and try again."
                ),
            )
            return HttpResponseRedirect(reverse("documents:to_plan", kwargs={"pk": pk}))
        except ValidationError as error:
            for problem in error.messages:
                form.add_error(None, problem)
        else:
            messages.success(
                request,
                _("%(n)s items were added to the plan from the document.")
                % {"n": sum(kept.values())},
            )
            return HttpResponseRedirect(reverse("plans:structure", kwargs={"pk": plan.pk}))
    context = {
        "document": document,
        "form": form,
        "kept": [(label, kept.get(value, 0)) for value, label in SegmentKind.choices[:3]],
        "kept_total": sum(kept.values()),
    }
    return render(request, TO_PLAN, context)
