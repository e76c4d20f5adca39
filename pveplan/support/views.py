"""Support requests: the list with its filters, the request form (also from a need) and the
page of one request with the steps the user may take (views_steps.py handles those)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pveplan.accounts.models import Organization
from pveplan.accounts.permissions import provider_organizations, scope_of
from pveplan.assessments.models import Need
from pveplan.assessments.permissions import access_need
from pveplan.core.errors import ConflictError
from pveplan.core.http import posted_version
from pveplan.core.i18n import LANGUAGE_NAMES
from pveplan.core.permissions import PLANS_READ, SUPPORT_REQUEST
from pveplan.plans.models import Plan
from pveplan.support import actions, timeline
from pveplan.support.duplicates import possible_duplicates
from pveplan.support.forms import (
    AcceptForm,
    CloseForm,
    DeliveredForm,
    RequestFilterForm,
    RequestForm,
    TriageForm,
    add_errors,
    requester_choices,
)
from pveplan.support.models import OfferStatus, RequestStatus, SupportRequest
from pveplan.support.permissions import (
    access_request,
    holds,
    is_requester_team,
    may_assign,
    may_deliver,
    may_request,
    may_triage,
    offering_choices,
    visible_requests,
)

PAGE_SIZE = 50


def detail_url(support: SupportRequest, anchor: str = "") -> str:
    url = reverse("support:detail", kwargs={"pk": support.pk})
    return f"{url}#{anchor}" if anchor else url


def conflict_notice() -> str:
    return _(
        "Someone else changed this request while you were looking at it. Nothing was saved; "
        "here it is as it is now."
    )


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """The requests the user may see, filtered, with how many there are in each status."""
    form = RequestFilterForm(request.GET or None)
    visible = visible_requests(request.user)
    counted = form.filter(visible, status=False).order_by()
    by_status = dict(counted.values_list("status").annotate(n=Count("pk")))
    rows = (
        form.filter(visible)
        .select_related("requester__country", "requester__regional_organization")
        .prefetch_related("priority_areas")
        .order_by("-created_at", "-pk")
        .annotate(
            live_offers=Count(
                "offers", filter=Q(offers__status__in=[OfferStatus.PROPOSED, OfferStatus.ACCEPTED])
            )
        )
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    without_status = query.copy()
    without_status.pop("status", None)
    context = {
        "form": form,
        "page": page,
        "counts": [
            (value, label, by_status.get(value, 0))
            for value, label in RequestStatus.choices
            if by_status.get(value)
        ],
        "total": sum(by_status.values()),
        "chosen_status": form.cleaned_data.get("status") if form.is_valid() else "",
        "query": query.urlencode(),
        "without_status": without_status.urlencode(),
        "can_create": scope_of(request.user).has_anywhere(SUPPORT_REQUEST),
    }
    template = (
        "support/list.html#results" if getattr(request, "htmx", False) else "support/list.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _need_from(request: HttpRequest) -> Need | None:
    raw = request.GET.get("need")
    return access_need(request.user, raw, need=SUPPORT_REQUEST) if raw else None


def _fixed_requester(request: HttpRequest, need: Need | None) -> Organization | None:
    """The requester when it is known: the need's owner, ?requester=, or the only choice."""
    if need is not None:
        return Organization.objects.with_labels().get(pk=need.owner_id)
    choices = requester_choices(request.user)
    raw = request.GET.get("requester", "")
    if raw.isdigit():
        return choices.filter(pk=int(raw)).first()
    only = list(choices[:2])
    return only[0] if len(only) == 1 else None


def _initial_from_need(need: Need) -> dict[str, Any]:
    return {
        "title": need.title,
        "description": need.description,
        "priority_areas": list(need.priority_areas.all()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    """Ask for support; /support/new/?need=<id> starts from a need of the assessment."""
    if not scope_of(request.user).has_anywhere(SUPPORT_REQUEST):
        raise PermissionDenied(SUPPORT_REQUEST)
    need = _need_from(request)
    requester = _fixed_requester(request, need)
    initial = _initial_from_need(need) if need is not None else {}
    form = RequestForm(
        request.POST or None, user=request.user, requester=requester, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        data.need = need
        try:
            support = actions.request_create(by=request.user, data=data)
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(request, _("The request was submitted. UNOCT will triage it."))
            return HttpResponseRedirect(detail_url(support))
    context = {"form": form, "need": need, "support": None, "requester": requester}
    return render(request, "support/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a request until UNOCT triages it."""
    support = access_request(request.user, pk, need=SUPPORT_REQUEST)
    if support.status != RequestStatus.SUBMITTED:
        messages.error(request, _("A request can be changed only until UNOCT triages it."))
        return HttpResponseRedirect(detail_url(support))
    requester = support.requester
    if request.method == "GET":
        form = RequestForm(
            initial=RequestForm.initial_from(support), user=request.user, requester=requester
        )
    else:
        form = RequestForm(
            request.POST,
            user=request.user,
            requester=requester,
            is_illustrative=support.is_illustrative,
        )
        if form.is_valid():
            try:
                actions.request_update(
                    request=support,
                    by=request.user,
                    data=form.to_data(),
                    expected_version=posted_version(request),
                )
            except ConflictError:
                messages.error(request, conflict_notice())
                return HttpResponseRedirect(request.path)
            except ValidationError as error:
                add_errors(error, form)
            else:
                messages.success(request, _("The request was saved."))
                return HttpResponseRedirect(detail_url(support))
    context = {"form": form, "need": None, "support": support, "requester": requester}
    return render(request, "support/form.html", context)


@require_GET
@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, access_request(request.user, pk))


def render_detail(
    request: HttpRequest, support: SupportRequest, bound: dict[str, Any] | None = None
) -> HttpResponse:
    """The request's page; `bound` holds a step's form with its errors after a refused POST
    (and, for an assignment, `accept_offer`: the offer it was about)."""
    user = request.user
    bound = bound or {}
    offers = list(
        support.offers.select_related("provider__un_entity", "provider__country").order_by(
            "created_at", "pk"
        )
    )
    assigned = next((o for o in offers if o.status == OfferStatus.ACCEPTED), None)
    own_providers = {org.pk for org in provider_organizations(user)}
    status = support.status
    can_assign = status == RequestStatus.OPEN and may_assign(user, support)
    proposed = [o for o in offers if o.status == OfferStatus.PROPOSED]
    can_deliver = may_deliver(user, support, assigned)
    context = {
        "support": support,
        "areas": list(support.priority_areas.all()),
        "languages": [LANGUAGE_NAMES.get(code, code) for code in support.languages],
        "nodes": list(
            support.plan_nodes.filter(plan__in=Plan.objects.visible_to(user)).select_related("plan")
        ),
        "need": Need.objects.visible_to(user).filter(pk=support.need_id).first()
        if support.need_id
        else None,
        "offers": offers,
        "assigned": assigned,
        "withdrawable": {o.pk for o in proposed if o.provider_id in own_providers},
        "steps": timeline.steps(support, offers, show_people=holds(user, PLANS_READ, support)),
        "can_edit": status == RequestStatus.SUBMITTED and may_request(user, support),
        # The providers app ranks providers for those who decide on the request.
        "can_rank": status not in (RequestStatus.CLOSED, RequestStatus.DECLINED)
        and may_request(user, support),
        "can_triage": status == RequestStatus.SUBMITTED and may_triage(user, support),
        "can_offer": status == RequestStatus.OPEN and bool(offering_choices(user, support)),
        "can_assign": can_assign and bool(proposed),
        "duplicates": possible_duplicates(support) if can_assign and proposed else [],
        "can_start": status == RequestStatus.ASSIGNED and can_deliver,
        "can_finish": status == RequestStatus.IN_DELIVERY and can_deliver,
        "can_close": status == RequestStatus.DELIVERED and is_requester_team(user, support),
        "triage_form": bound.get("triage_form")
        or TriageForm(initial={"shared_with_donors": support.shared_with_donors}),
        "accept_form": bound.get("accept_form") or AcceptForm(),
        "accept_offer": bound.get("accept_offer"),
        "delivered_form": bound.get("delivered_form") or DeliveredForm(),
        "close_form": bound.get("close_form") or CloseForm(),
    }
    return render(request, "support/detail.html", context)
