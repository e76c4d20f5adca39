"""What the cells of an uploaded action matrix mean: typed values, or a message per column.

Tags, bodies and statuses are read by their codes (the same the export writes), and also by the
forms people type by hand: "4" or "PA4" for a priority area, "IV" or "4" for a Strategy pillar,
"16.1" or "SDG16.1" for an SDG target; the status by its label in the sheet's language, in
English or by its code.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from pveplan.accounts.models import Organization
from pveplan.core.i18n import FALLBACK_LANGUAGE, django_language
from pveplan.plans.imports import columns
from pveplan.plans.imports.reader import Sheet
from pveplan.plans.models import NodeStatus
from pveplan.taxonomy.models import Driver, GCTSPillar, PriorityArea, SDGTarget

# The longest texts the structure editor's form accepts.
MAX_LENGTHS = {
    "text": 2000,
    "funding_source": 200,
    "target_groups": 500,
    "geography": 300,
}
MAX_COST = Decimal("1e12")  # the column holds 14 digits, 2 of them decimals
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}


@dataclass
class RowValues:
    """One row's cells as typed values (a cell with an error keeps its default)."""

    key: tuple[int, int] | None = None
    code: str = ""
    text: str = ""
    parent: str = ""
    lead_body: Organization | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    estimated_cost: Decimal | None = None
    currency: str = ""
    status: str = NodeStatus.PLANNED
    funding_source: str = ""
    partner_bodies: list[Organization] = field(default_factory=list)
    priority_areas: list[PriorityArea] = field(default_factory=list)
    drivers: list[Driver] = field(default_factory=list)
    gcts_pillars: list[GCTSPillar] = field(default_factory=list)
    sdg_targets: list[SDGTarget] = field(default_factory=list)
    target_groups: str = ""
    geography: str = ""
    is_ddr_related: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)


def _by(items: Iterable[Any], *keys: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items:
        for key in keys:
            found[str(getattr(item, key)).casefold()] = item
    return found


@dataclass
class Vocabulary:
    """The codes a sheet may use, looked up once per upload."""

    priority_areas: dict[str, PriorityArea]
    drivers: dict[str, Driver]
    gcts_pillars: dict[str, GCTSPillar]
    sdg_targets: dict[str, SDGTarget]
    bodies: dict[str, Organization]
    statuses: dict[str, str]
    status_labels: list[str]
    yes: frozenset[str]
    no: frozenset[str]

    @classmethod
    def load(cls, sheet: Sheet) -> Vocabulary:
        pillars = _by(GCTSPillar.objects.all(), "numeral", "code")
        for numeral, pillar in list(pillars.items()):
            if numeral in ROMAN:
                pillars[str(ROMAN[numeral])] = pillar
        codes = {
            code.casefold()
            for row in sheet.rows
            for name in ("lead_body", "partner_bodies")
            for code in _split(row.cells.get(name))
        }
        statuses: dict[str, str] = {}
        yes, no = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0"}
        labels: list[str] = []
        for language in (FALLBACK_LANGUAGE, django_language(sheet.meta.language)):
            with translation.override(language):
                labels = [str(label) for label in NodeStatus.labels]
                for value, label in NodeStatus.choices:
                    statuses[str(label).casefold()] = value
                    statuses[value] = value
                sheet_yes, sheet_no = columns.yes_no()
                yes.add(sheet_yes.casefold())
                no.add(sheet_no.casefold())
        return cls(
            priority_areas=_by(PriorityArea.objects.all(), "number", "code"),
            drivers=_by(Driver.objects.all(), "code"),
            gcts_pillars=pillars,
            sdg_targets=_by(SDGTarget.objects.all(), "code"),
            bodies=_by(Organization.objects.filter(code__in=codes), "code"),
            statuses=statuses,
            status_labels=labels,
            yes=frozenset(yes),
            no=frozenset(no),
        )


def text_of(value: Any) -> str:
    """A cell as text: numbers without a spurious ".0", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _split(value: Any) -> list[str]:
    """A list cell's items: separated by semicolons (or commas), each trimmed, no repeats."""
    items = [item.strip() for item in re.split(r"[;,؛،]", text_of(value))]
    return list(dict.fromkeys(item for item in items if item))


def _date(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        return datetime.date.fromisoformat(value.strip()) if value.strip() else None
    raise ValueError(value)


_PLAIN_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
_GROUPED_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def _cost(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        # Spreadsheets store binary floats: 0.1 + 0.2 is to be read as 0.30.
        return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = re.sub(r"[\s\u00a0\u202f_']", "", str(value))
    if not text:
        return None
    if _GROUPED_NUMBER.match(text):
        text = text.replace(",", "")
    elif _PLAIN_NUMBER.match(text):
        text = text.replace(",", ".")
    else:
        raise ValueError(value)
    return Decimal(text)


def _fits(cost: Decimal) -> bool:
    exponent = cost.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -2 and abs(cost) < MAX_COST


def _codes(
    row: RowValues, column: str, value: Any, known: dict[str, Any], normalize: Any = None
) -> list[Any]:
    found, unknown = [], []
    for item in _split(value):
        key = normalize(item) if normalize else item.casefold()
        if key in known:
            if known[key] not in found:
                found.append(known[key])
        else:
            unknown.append(item)
    if unknown:
        row.error(column, _("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)})
    return found


def _sdg(item: str) -> str:
    key = item.casefold().replace(" ", "")
    return key if key.startswith("sdg") else f"sdg{key}"


def _priority_area(item: str) -> str:
    key = item.casefold().replace(" ", "")
    return key.removeprefix("poa") if key.startswith("poa") else key


def parse(cells: dict[str, Any], vocabulary: Vocabulary) -> RowValues:
    """One row's raw cells as typed values, with a message for each cell that is not right."""
    row = RowValues()
    raw_key = text_of(cells.get("key"))
    if raw_key:
        row.key = columns.parse_key(raw_key)
        if row.key is None:
            row.error(
                "key",
                _("This is not a key written by this site; clear it if the row is a new one."),
            )
    row.code = text_of(cells.get("code"))
    row.parent = text_of(cells.get("parent"))
    row.currency = text_of(cells.get("currency")).upper()
    for name in ("text", "funding_source", "target_groups", "geography"):
        value = text_of(cells.get(name))
        if len(value) > MAX_LENGTHS[name]:
            row.error(name, _("At most %(count)s characters.") % {"count": MAX_LENGTHS[name]})
        setattr(row, name, value)
    for name in ("start_date", "end_date"):
        try:
            setattr(row, name, _date(cells.get(name)))
        except ValueError:
            row.error(name, _("Give a date as YYYY-MM-DD, for example 2026-03-31."))
    try:
        row.estimated_cost = _cost(cells.get("estimated_cost"))
    except (ValueError, InvalidOperation):
        row.error("estimated_cost", _("Give the cost as a number, for example 125000.50."))
    if row.estimated_cost is not None and not _fits(row.estimated_cost):
        row.error("estimated_cost", _("Give the cost with at most two decimals, under 10¹²."))
    # A negative cost is the action's to refuse (NodeInput.errors), like on the form.
    row.currency = row.currency or "USD"
    status = text_of(cells.get("status")).casefold()
    if not status:
        row.status = NodeStatus.PLANNED
    elif status in vocabulary.statuses:
        row.status = vocabulary.statuses[status]
    else:
        row.error(
            "status",
            _("Unknown status. Use one of: %(statuses)s.")
            % {"statuses": ", ".join(vocabulary.status_labels)},
        )
    ddr = cells.get("is_ddr_related")
    flag = text_of(ddr).casefold() if not isinstance(ddr, bool) else ("yes" if ddr else "no")
    if flag and flag not in vocabulary.yes | vocabulary.no:
        row.error("is_ddr_related", _("Write yes or no."))
    row.is_ddr_related = flag in vocabulary.yes
    lead = _codes(row, "lead_body", cells.get("lead_body"), vocabulary.bodies)
    if len(lead) > 1:
        row.error("lead_body", _("Give one lead body; put the others in the partner bodies."))
    row.lead_body = lead[0] if lead else None
    row.partner_bodies = _codes(
        row, "partner_bodies", cells.get("partner_bodies"), vocabulary.bodies
    )
    row.priority_areas = _codes(
        row,
        "priority_areas",
        cells.get("priority_areas"),
        vocabulary.priority_areas,
        _priority_area,
    )
    row.drivers = _codes(row, "drivers", cells.get("drivers"), vocabulary.drivers)
    row.gcts_pillars = _codes(
        row, "gcts_pillars", cells.get("gcts_pillars"), vocabulary.gcts_pillars
    )
    row.sdg_targets = _codes(
        row, "sdg_targets", cells.get("sdg_targets"), vocabulary.sdg_targets, _sdg
    )
    return row
