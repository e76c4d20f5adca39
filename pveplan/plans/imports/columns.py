"""The action matrix as a sheet: its columns and cell formats, shared by the XLSX export and the
import reader so that a downloaded matrix can be edited offline and uploaded back.

One row per node, depth first. The hidden "Key" column holds `<node id>:<node version>`: it
matches a row to its node and tells whether someone changed the node since the download. A new
row has no key. "Parent" holds the parent's code (or `#<id>` when the parent has no code, or
shares it with another node), so the hierarchy survives editing. Tags, bodies and the status are
written as codes a person can type; text is in the export's language.

A hidden sheet (`META_SHEET`) records which plan and language the file was exported in, and the
key of every node it held: a node missing from the uploaded sheet was removed by its editor, while
a node added by someone else after the download is kept.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pveplan.core.i18n import LANGUAGE_NAMES, pick, texts_of
from pveplan.plans.models import NodeStatus, Plan, PlanNode

META_SHEET = "pveplan"
META_FORMAT = "pveplan.action-matrix/1"
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str  # the field it holds, as the reader knows it
    label: Promise  # the heading, in the export's language
    width: int
    editable: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("code", gettext_lazy("Code"), 10),
    Column("tier", gettext_lazy("Tier"), 12, editable=False),
    Column("text", gettext_lazy("Text"), 60),
    Column("fallback", gettext_lazy("Fallback language"), 12, editable=False),
    Column("parent", gettext_lazy("Parent"), 10),
    Column("lead_body", gettext_lazy("Lead body"), 18),
    Column("start_date", gettext_lazy("Start"), 12),
    Column("end_date", gettext_lazy("End"), 12),
    Column("estimated_cost", gettext_lazy("Estimated cost"), 14),
    Column("currency", gettext_lazy("Currency"), 9),
    Column("status", gettext_lazy("Status"), 12),
    Column("funding_source", gettext_lazy("Funding source"), 20),
    Column("partner_bodies", gettext_lazy("Partner bodies"), 20),
    Column("priority_areas", gettext_lazy("Priority areas"), 10),
    Column("drivers", gettext_lazy("Drivers of violent extremism"), 14),
    Column("gcts_pillars", gettext_lazy("Strategy pillars"), 10),
    Column("sdg_targets", gettext_lazy("SDG targets"), 14),
    Column("target_groups", gettext_lazy("Target groups"), 20),
    Column("geography", gettext_lazy("Geography"), 16),
    Column("is_ddr_related", gettext_lazy("Linked to DDR"), 9),
    Column("key", gettext_lazy("Key (keep as it is)"), 12),
)
KEY_COLUMN = len(COLUMNS)  # 1-based: the last one
DATE_COLUMNS = [i for i, c in enumerate(COLUMNS, start=1) if c.name in ("start_date", "end_date")]
COST_COLUMN = next(i for i, c in enumerate(COLUMNS, start=1) if c.name == "estimated_cost")
TEXT_COLUMN = next(i for i, c in enumerate(COLUMNS, start=1) if c.name == "text")
STATUS_COLUMN = next(i for i, c in enumerate(COLUMNS, start=1) if c.name == "status")
DDR_COLUMN = next(i for i, c in enumerate(COLUMNS, start=1) if c.name == "is_ddr_related")


def yes_no() -> tuple[str, str]:
    """How the DDR flag is written, in the active language."""
    return _("yes"), _("no")


def node_key(node: PlanNode) -> str:
    return f"{node.pk}:{node.version}"


def parse_key(value: str) -> tuple[int, int] | None:
    """(node id, version) from a key cell, or None when it is not one."""
    node_id, sep, version = value.strip().partition(":")
    if not sep or not node_id.isdigit() or not version.isdigit():
        return None
    return int(node_id), int(version)


def parent_refs(nodes: list[PlanNode]) -> dict[int, str]:
    """How each node is named in the Parent column of its children: its code when no other node
    of the plan has it, else `#<id>`."""
    counts = Counter(node.code for node in nodes if node.code)
    return {
        node.pk: node.code if node.code and counts[node.code] == 1 else f"#{node.pk}"
        for node in nodes
    }


def depth_first(plan: Plan) -> list[PlanNode]:
    """Every node of the plan with tags and bodies prefetched, a parent before its children."""
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in PlanNode.objects.filter(plan=plan).for_tree():
        node.plan = plan  # spare a query per node when its text is picked
        children[node.parent_id].append(node)
    ordered: list[PlanNode] = []
    stack = list(reversed(children[None]))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(children[node.pk]))
    return ordered


def tag_cells(node: PlanNode) -> dict[str, str]:
    """The tags and partner bodies of a node as the sheet writes them (prefetched by for_tree)."""
    return {
        "priority_areas": LIST_SEPARATOR.join(str(a.number) for a in node.priority_areas.all()),
        "drivers": LIST_SEPARATOR.join(d.code for d in node.drivers.all()),
        "gcts_pillars": LIST_SEPARATOR.join(p.numeral for p in node.gcts_pillars.all()),
        "sdg_targets": LIST_SEPARATOR.join(t.code for t in node.sdg_targets.all()),
        "partner_bodies": LIST_SEPARATOR.join(sorted(o.code for o in node.partner_bodies.all())),
    }


def shown_text(node: PlanNode, language: str) -> tuple[str, str | None]:
    """The text the sheet shows in `language`, and the language it is really in when that is a
    fallback (None otherwise)."""
    shown = pick(texts_of(node.text), language, original=node.plan.original_language)
    return shown.text, shown.language if shown.is_fallback else None


def row_values(
    node: PlanNode, *, language: str, tiers: list[str], refs: dict[int, str]
) -> dict[str, Any]:
    """One node's cells, by column name (call inside translation.override(language))."""
    text, fallback = shown_text(node, language)
    yes, no = yes_no()
    cost: Decimal | None = node.estimated_cost
    return {
        "code": node.code,
        "tier": tiers[node.level - 1],
        "text": text,
        "fallback": str(LANGUAGE_NAMES[fallback]) if fallback else "",
        "parent": refs.get(node.parent_id, "") if node.parent_id else "",
        "lead_body": node.lead_body.code if node.lead_body else "",
        "start_date": node.start_date,
        "end_date": node.end_date,
        "estimated_cost": cost,
        "currency": node.currency,
        "status": str(NodeStatus(node.status).label),
        "funding_source": node.funding_source,
        **tag_cells(node),
        "target_groups": node.target_groups,
        "geography": node.geography,
        "is_ddr_related": yes if node.is_ddr_related else no,
        "key": node_key(node),
    }


def meta_rows(
    plan: Plan, language: str, nodes: list[PlanNode], sheet_title: str
) -> list[list[Any]]:
    """The hidden sheet's rows: what the reader needs to know about the download."""
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    return [
        ["format", META_FORMAT],
        ["plan", plan.pk],
        ["language", language],
        ["sheet", sheet_title],
        ["exported", now.isoformat() + "Z"],
        *(["node", node_key(node)] for node in nodes),
    ]
