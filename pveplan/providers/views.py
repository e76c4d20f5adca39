"""The capability catalogue and the capability editor."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pveplan.accounts.permissions import provider_organizations
from pveplan.core.errors import ConflictError
from pveplan.core.permissions import SUPPORT_OFFER
from pveplan.providers import actions
from pveplan.providers.forms import CapabilityForm, add_errors, capability_initial
from pveplan.providers.matching import ACTIVE, capabilities_for, remaining_capacity
from pveplan.providers.models import FIRST_YEAR, LAST_YEAR, Capability
from pveplan.providers.permissions import access_provider
from pveplan.support.models import Offer, OfferStatus
from pveplan.taxonomy.models import PriorityArea


def _year(value: str | None) -> int:
    today = datetime.date.today().year
    if value and value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR:
        return int(value)
    return today


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every provider's capability for the year asked (or the nearest year it has)."""
    year = _year(request.GET.get("year"))
    capabilities = sorted(capabilities_for(year), key=lambda c: c.provider.label.casefold())
    active = dict(
        Offer.objects.filter(status=OfferStatus.ACCEPTED, request__status__in=ACTIVE)
        .values_list("provider_id")
        .annotate(n=Count("pk"))
        .values_list("provider_id", "n")
    )
    own = provider_organizations(request.user)
    editable = {org.pk for org in own}
    listed = {c.provider_id for c in capabilities if c.year == year}
    areas = list(PriorityArea.objects.order_by("number"))
    rows = [
        {
            "capability": c,
            "levels": [(area, c.levels().get(area.number, 0)) for area in areas],
            "active": active.get(c.provider_id, 0),
            "remaining": remaining_capacity(c, active.get(c.provider_id, 0)),
            "can_edit": c.provider_id in editable,
        }
        for c in capabilities
    ]
    context = {
        "year": year,
        "years": [year - 1, year, year + 1],
        "rows": rows,
        "areas": areas,
        "missing": sorted(
            (org for org in own if org.pk not in listed), key=lambda o: o.label.casefold()
        ),
    }
    return render(request, "providers/catalogue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def capability_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    provider = access_provider(request.user, pk, need=SUPPORT_OFFER)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("No such year")
    capability = Capability.objects.for_listing().filter(provider=provider, year=year).first()
    areas = list(PriorityArea.objects.order_by("number"))
    notice = ""
    if request.method == "POST":
        form = CapabilityForm(request.POST, areas=areas)
        version = request.POST.get("version", "")
        expected = int(version) if version.isdigit() else None
        if form.is_valid():
            try:
                actions.capability_save(
                    provider=provider,
                    year=year,
                    data=form.to_input(),
                    by=request.user,
                    expected_version=expected,
                )
            except ConflictError:
                notice = _(
                    "Someone else changed this capability while you were editing it. Nothing "
                    "was saved; here it is as it is now."
                )
                capability = (
                    Capability.objects.for_listing().filter(provider=provider, year=year).first()
                )
                form = CapabilityForm(initial=capability_initial(capability, provider), areas=areas)
            except ValidationError as error:
                add_errors(error, form)
            else:
                messages.success(request, _("The capability is saved."))
                url = reverse("providers:catalogue")
                return HttpResponseRedirect(f"{url}?year={year}#provider-{provider.pk}")
    else:
        form = CapabilityForm(initial=capability_initial(capability, provider), areas=areas)
    context = {
        "provider": provider,
        "year": year,
        "capability": capability,
        "form": form,
        "notice": notice,
    }
    return render(request, "providers/capability_form.html", context)
