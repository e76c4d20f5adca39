"""Exchange rates: the list (any signed-in user; rates are public figures) and the form that
sets one (funding:manage). A day's rate is changed in place, with a version check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pveplan.core.errors import ConflictError
from pveplan.core.permissions import FUNDING_MANAGE
from pveplan.funding import actions
from pveplan.funding.forms import RateForm, add_action_errors
from pveplan.funding.models import Currency, ExchangeRate
from pveplan.funding.money import rates_on
from pveplan.funding.permissions import access_rate, is_manager

PAGE_SIZE = 50


@login_required
@require_GET
def rate_list(request: HttpRequest) -> HttpResponse:
    currency = request.GET.get("currency", "")
    rates = ExchangeRate.objects.all()
    if currency in Currency.values:
        rates = rates.filter(currency=currency)
    else:
        currency = ""
    page = Paginator(rates, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    in_force = rates_on(today)
    context = {
        "page": page,
        "currency": currency,
        "currencies": [(c, label) for c, label in Currency.choices if c != Currency.USD],
        "in_force": sorted(in_force.rates.values(), key=lambda rate: rate.currency),
        "today": today,
        "can_manage": is_manager(request.user),
        "query": f"currency={currency}" if currency else "",
    }
    return render(request, "funding/rates.html", context)


def _save(request: HttpRequest, form: RateForm, rate: ExchangeRate | None) -> HttpResponse | None:
    """Set the rate from a valid form; a redirect when done, None to show the form again."""
    data = form.cleaned_data
    version = data.get("version")
    try:
        actions.rate_set(
            by=request.user,
            currency=rate.currency if rate else data["currency"],
            date=rate.date if rate else data["date"],
            usd_per_unit=form.rate_value(),
            source=data["source"],
            expected_version=(version if isinstance(version, int) else -1) if rate else None,
        )
    except ConflictError:
        messages.error(
            request,
            _(
                "Someone else changed this rate while you were editing. Nothing was saved; here "
                "it is as it is now."
            ),
        )
        assert rate is not None
        return HttpResponseRedirect(reverse("funding:rate_edit", kwargs={"pk": rate.pk}))
    except ValidationError as error:
        add_action_errors(error, form)
        return None
    messages.success(request, _("The exchange rate was saved."))
    return HttpResponseRedirect(reverse("funding:rates"))


@login_required
@require_http_methods(["GET", "POST"])
def rate_create(request: HttpRequest) -> HttpResponse:
    if not is_manager(request.user):
        raise PermissionDenied(FUNDING_MANAGE)
    initial = {"currency": request.GET.get("currency", ""), "date": timezone.localdate()}
    form = RateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, None)
        if done is not None:
            return done
    return render(request, "funding/rate_form.html", {"form": form, "rate": None})


@login_required
@require_http_methods(["GET", "POST"])
def rate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rate = access_rate(request.user, pk, need=FUNDING_MANAGE)
    form = RateForm(request.POST or None, rate=rate)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, rate)
        if done is not None:
            return done
    return render(request, "funding/rate_form.html", {"form": form, "rate": rate})
