"""Exchange rates may be corrected in the admin (audited); contributions, allocations and
expenditure change only through their pages, whose actions keep the sums and earmarks."""

from __future__ import annotations

from django.contrib import admin

from pveplan.core.admin import AuditedModelAdmin
from pveplan.funding.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(AuditedModelAdmin):
    list_display = ["currency", "date", "usd_per_unit", "source"]
    list_filter = ["currency"]
    date_hierarchy = "date"
