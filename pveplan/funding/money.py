"""Amounts in USD at a dated rate: each currency's latest rate on or before the report's date.

A missing rate is an error the page shows ("no USD rate for NOK on or before 2026-01-10"),
never a silent zero. Results are rounded to cents, half to even (banker's rounding), once per
conversion.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext

from pveplan.funding.models import CENT, Currency, ExchangeRate


class MissingRate(Exception):
    """No rate for `currency` on or before `on`."""

    def __init__(self, currency: str, on: datetime.date) -> None:
        super().__init__(f"no USD rate for {currency} on or before {on.isoformat()}")
        self.currency = currency
        self.on = on

    @property
    def message(self) -> str:
        """The error in the user's language, with an ISO date so it reads the same everywhere."""
        return gettext("No USD rate for %(currency)s on or before %(date)s.") % {
            "currency": self.currency,
            "date": self.on.isoformat(),
        }


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass
class RateBook:
    """The rates in force on `on`, loaded once: one query for any number of conversions."""

    on: datetime.date
    rates: dict[str, ExchangeRate] = field(default_factory=dict)

    def rate(self, currency: str) -> ExchangeRate | None:
        return self.rates.get(currency)

    def usd(self, amount: Decimal, currency: str) -> Decimal:
        """`amount` of `currency` in USD, to the cent; MissingRate when no rate is known."""
        if currency == Currency.USD:
            return cents(amount)
        rate = self.rates.get(currency)
        if rate is None:
            raise MissingRate(currency, self.on)
        return cents(amount * rate.usd_per_unit)

    def usd_or_none(self, amount: Decimal, currency: str) -> Decimal | None:
        try:
            return self.usd(amount, currency)
        except MissingRate:
            return None

    def missing(self, currencies: Iterable[str]) -> list[MissingRate]:
        """The errors for those of `currencies` without a rate, in code order."""
        return [
            MissingRate(code, self.on)
            for code in sorted(set(currencies))
            if code != Currency.USD and code not in self.rates
        ]


def rates_on(on: datetime.date, currencies: Iterable[str] | None = None) -> RateBook:
    """Each currency's latest rate on or before `on` (of `currencies`, or all), in one query."""
    latest = (
        ExchangeRate.objects.filter(currency=OuterRef("currency"), date__lte=on)
        .order_by("-date")
        .values("pk")[:1]
    )
    found = ExchangeRate.objects.filter(pk=Subquery(latest))
    if currencies is not None:
        wanted = sorted(set(currencies) - {Currency.USD})
        if not wanted:
            return RateBook(on=on)
        found = found.filter(currency__in=wanted)
    return RateBook(on=on, rates={rate.currency: rate for rate in found})


def usd(amount: Decimal, currency: str, on: datetime.date) -> Decimal:
    """`amount` of `currency` in USD at the latest rate on or before `on`, to the cent
    (ROUND_HALF_EVEN). Raises MissingRate when there is no such rate."""
    return rates_on(on, [currency]).usd(amount, currency)
