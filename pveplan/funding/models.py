"""Programme funding: donor contributions, their allocations to countries and support requests,
the expenditure against each allocation, and the dated exchange rates that report them in USD.

Amounts are decimals in their own currency (a contribution's allocations and expenditure are in
the contribution's currency); USD figures are computed at a dated rate when reported, never
stored. The database refuses non-positive amounts and unknown currencies; the sums (allocations
within their contribution, expenditure within its allocation) are kept by the actions, which
lock the parent row first.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.core.models import TimestampedModel
from pveplan.support.models import SupportRequest
from pveplan.taxonomy.models import Country, PriorityArea

AMOUNT_DIGITS = 14
AMOUNT_PLACES = 2
CENT = Decimal("0.01")


class Currency(models.TextChoices):
    """ISO 4217 codes the programme uses: its donors' currencies and those of the countries it
    supports. Adding one is a code change (and a migration, for the database constraint)."""

    USD = "USD", _("US dollar")
    EUR = "EUR", _("euro")
    GBP = "GBP", _("pound sterling")
    NOK = "NOK", _("Norwegian krone")
    SEK = "SEK", _("Swedish krona")
    DKK = "DKK", _("Danish krone")
    ISK = "ISK", _("Icelandic króna")
    CHF = "CHF", _("Swiss franc")
    JPY = "JPY", _("Japanese yen")
    KRW = "KRW", _("South Korean won")
    CNY = "CNY", _("Chinese yuan renminbi")
    CAD = "CAD", _("Canadian dollar")
    AUD = "AUD", _("Australian dollar")
    NZD = "NZD", _("New Zealand dollar")
    SAR = "SAR", _("Saudi riyal")
    AED = "AED", _("UAE dirham")
    QAR = "QAR", _("Qatari riyal")
    KWD = "KWD", _("Kuwaiti dinar")
    RUB = "RUB", _("Russian rouble")
    TRY = "TRY", _("Turkish lira")
    INR = "INR", _("Indian rupee")
    JOD = "JOD", _("Jordanian dinar")
    MAD = "MAD", _("Moroccan dirham")
    TND = "TND", _("Tunisian dinar")
    XOF = "XOF", _("West African CFA franc")
    KES = "KES", _("Kenyan shilling")
    NGN = "NGN", _("Nigerian naira")
    IDR = "IDR", _("Indonesian rupiah")
    BDT = "BDT", _("Bangladeshi taka")
    KZT = "KZT", _("Kazakhstani tenge")


def _positive(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__gt": 0}), name=name)


def _amount_field(label: Any) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(label, max_digits=AMOUNT_DIGITS, decimal_places=AMOUNT_PLACES)


class ExchangeRate(TimestampedModel):
    """How many US dollars one unit of `currency` was worth on `date` (USD itself needs none).

    A report dated D converts with each currency's latest rate on or before D.
    """

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    date = models.DateField(_("date of the rate"))
    usd_per_unit = models.DecimalField(
        _("US dollars per unit"),
        max_digits=20,
        decimal_places=10,
        help_text=_("How many US dollars one unit of the currency is worth."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where the rate comes from, e.g. UN operational rate."),
    )

    class Meta:
        ordering = ["currency", "-date"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="one_rate_per_currency_day"),
            models.CheckConstraint(
                condition=Q(currency__in=Currency.values) & ~Q(currency=Currency.USD),
                name="rate_currency_known_not_usd",
            ),
            _positive("usd_per_unit", "rate_positive"),
            models.CheckConstraint(condition=~Q(source=""), name="rate_has_a_source"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.date.isoformat()}: {self.usd_per_unit} USD"


class ContributionStatus(models.TextChoices):
    PLEDGED = "pledged", _("pledged")
    RECEIVED = "received", _("received")


class Contribution(TimestampedModel):
    """Money a donor (or a UN entity) gives the programme, possibly earmarked to some countries
    or priority areas. Allocations may be made from a pledge; expenditure only once received."""

    donor = models.ForeignKey(
        Organization,
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        related_name="funding_contributions",
        help_text=_("The donor or UN entity funding the programme."),
    )
    amount = _amount_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    date = models.DateField(
        _("date"), help_text=_("When it was pledged, or received once it is received.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContributionStatus.choices,
        default=ContributionStatus.PLEDGED,
    )
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The agreement's number, if any.")
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("earmarked to countries"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty when any country may receive it."),
    )
    priority_areas = models.ManyToManyField(
        PriorityArea,
        verbose_name=_("earmarked to priority areas"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty when it may serve any priority area."),
    )
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative (demo data)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            _positive("amount", "contribution_amount_positive"),
            models.CheckConstraint(
                condition=Q(currency__in=Currency.values), name="contribution_currency_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ContributionStatus.values),
                name="contribution_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.amount} ({self.date.isoformat()})"


class Allocation(TimestampedModel):
    """Part of a contribution given to a Member State or regional organization, optionally for
    one of its support requests; in the contribution's currency."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    recipient = models.ForeignKey(
        Organization,
        verbose_name=_("allocated to"),
        on_delete=models.PROTECT,
        related_name="funding_allocations",
        help_text=_("The Member State or regional organization receiving it."),
    )
    support_request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("support request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_allocations",
    )
    amount = _amount_field(_("amount"))
    date = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            _positive("amount", "allocation_amount_positive"),
            models.CheckConstraint(condition=~Q(purpose=""), name="allocation_has_a_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} → {self.recipient_id} ({self.date.isoformat()})"


class Expenditure(TimestampedModel):
    """Money spent against an allocation, in its contribution's currency."""

    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    amount = _amount_field(_("amount"))
    date = models.DateField(_("date"))
    description = models.CharField(_("what it paid for"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditure")
        constraints = [
            _positive("amount", "expenditure_amount_positive"),
            models.CheckConstraint(
                condition=~Q(description=""), name="expenditure_has_a_description"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.date.isoformat()})"
