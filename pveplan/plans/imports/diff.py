"""What an uploaded action matrix would change in its plan: rows added, rows changed (field by
field, before and after), items removed, and every problem by row and column.

Rules, in short:
- A row with a key is that node; a row without one is new. Nodes of the download that are not
  in the sheet any more are removed (with what is under them, which must be gone too).
- Nodes added by someone else after the download are kept.
- A row whose key carries an older version than the node's, and that would change it, is a
  conflict: someone changed the node since the download. Nothing is overwritten; the same goes
  for removing a node someone changed. A stale row that changes nothing is fine.
- "Parent" names the parent by its code (or `#<id>`); the parent must be a row of the sheet.
  Unchanged, it keeps the node where it is even if the parent's code was edited.
- "Tier" and "Fallback language" are there to read: the tier follows from the parent.
- New rows go at the end of their parent's list; moving rows up and down is for the structure
  page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from pveplan.core.i18n import LANGUAGE_NAMES, content_language, texts_of
from pveplan.plans.actions import NodeInput
from pveplan.plans.exports.content import tier_names
from pveplan.plans.imports import columns
from pveplan.plans.imports.reader import Sheet
from pveplan.plans.imports.values import RowValues, Vocabulary, parse
from pveplan.plans.models import MAX_LEVEL, NodeStatus, Plan, PlanNode

NOTHING = "—"


@dataclass(frozen=True)
class Problem:
    """Something that stops the import: where it is (row as the spreadsheet numbers it, column
    heading as the sheet writes it; either may be empty) and what to do."""

    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class Change:
    column: str
    before: str
    after: str


@dataclass
class AddedRow:
    row: int
    code: str
    text: str
    parent: str
    tier: str
    depth: int
    parent_row: int | None
    data: NodeInput


@dataclass
class ChangedRow:
    row: int
    node: PlanNode
    tier: str
    version: int  # the version the download had
    changes: list[Change]
    data: NodeInput | None  # None when only its place changes
    moved: bool
    depth: int
    parent_row: int | None


@dataclass
class RemovedNode:
    node: PlanNode
    tier: str
    code: str
    text: str


@dataclass
class Changes:
    """Everything an upload would do, or the problems that stop it."""

    sheet: Sheet
    added: list[AddedRow] = field(default_factory=list)
    changed: list[ChangedRow] = field(default_factory=list)
    removed: list[RemovedNode] = field(default_factory=list)
    kept: list[PlanNode] = field(default_factory=list)  # added by others since the download
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0
    row_nodes: dict[int, int] = field(default_factory=dict)  # row number -> node id

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def can_apply(self) -> bool:
        return self.has_changes and not self.problems

    def problem(self, row: int | None, column: str, message: str) -> None:
        entry = Problem(row, column, message)
        if entry not in self.problems:
            self.problems.append(entry)


@dataclass
class _Row:
    number: int
    values: RowValues
    node: PlanNode | None = None
    parent_row: int | None = None
    parent_ok: bool = True
    depth: int = 0


def _display(values: dict[str, Any]) -> dict[str, str]:
    """Comparable, readable forms of a row's or a node's values, by column name."""
    yes, no = columns.yes_no()
    cost = values["estimated_cost"]
    shown: dict[str, str] = {
        "code": values["code"],
        "lead_body": values["lead_body"].code if values["lead_body"] else "",
        "start_date": values["start_date"].isoformat() if values["start_date"] else "",
        "end_date": values["end_date"].isoformat() if values["end_date"] else "",
        "estimated_cost": f"{cost:.2f}" if cost is not None else "",
        "currency": values["currency"],
        "status": str(NodeStatus(values["status"]).label),
        "funding_source": values["funding_source"],
        "partner_bodies": columns.LIST_SEPARATOR.join(
            sorted(o.code for o in values["partner_bodies"])
        ),
        "priority_areas": columns.LIST_SEPARATOR.join(
            str(a.number) for a in sorted(values["priority_areas"], key=lambda a: a.number)
        ),
        "drivers": columns.LIST_SEPARATOR.join(sorted(d.code for d in values["drivers"])),
        "gcts_pillars": columns.LIST_SEPARATOR.join(
            p.numeral for p in sorted(values["gcts_pillars"], key=lambda p: p.code)
        ),
        "sdg_targets": columns.LIST_SEPARATOR.join(sorted(t.code for t in values["sdg_targets"])),
        "target_groups": values["target_groups"],
        "geography": values["geography"],
        "is_ddr_related": yes if values["is_ddr_related"] else no,
    }
    return shown


def _node_values(node: PlanNode) -> dict[str, Any]:
    names = ["code", "lead_body", "start_date", "end_date", "estimated_cost", "currency"]
    names += ["status", "funding_source", "target_groups", "geography", "is_ddr_related"]
    values = {name: getattr(node, name) for name in names}
    for name in ("partner_bodies", "priority_areas", "drivers", "gcts_pillars", "sdg_targets"):
        values[name] = list(getattr(node, name).all())  # prefetched by for_tree
    return values


def _input(values: RowValues, texts: dict[str, str], rationales: dict[str, str]) -> NodeInput:
    return NodeInput(
        texts=texts,
        code=values.code,
        rationales=rationales,
        priority_areas=values.priority_areas,
        drivers=values.drivers,
        gcts_pillars=values.gcts_pillars,
        sdg_targets=values.sdg_targets,
        lead_body=values.lead_body,
        partner_bodies=values.partner_bodies,
        target_groups=values.target_groups,
        geography=values.geography,
        start_date=values.start_date,
        end_date=values.end_date,
        estimated_cost=values.estimated_cost,
        currency=values.currency,
        funding_source=values.funding_source,
        status=values.status,
        is_ddr_related=values.is_ddr_related,
    )


class _Comparison:
    """One comparison of a sheet with its plan; `run` fills a Changes."""

    def __init__(self, plan: Plan, sheet: Sheet) -> None:
        self.plan = plan
        self.sheet = sheet
        self.language = sheet.meta.language
        self.changes = Changes(sheet=sheet)
        self.tiers = tier_names(plan, content_language())
        self.nodes: dict[int, PlanNode] = {}
        self.rows: list[_Row] = []
        self.by_number: dict[int, _Row] = {}
        self.node_rows: dict[int, int] = {}  # node id -> row number
        self.refs: dict[int, str] = {}  # node id -> how "Parent" names it

    def heading(self, name: str) -> str:
        return self.sheet.heading(name)

    def run(self) -> Changes:
        if self.sheet.meta.plan_id != self.plan.pk:
            self.changes.problem(None, "", _("This spreadsheet was downloaded from another plan."))
            return self.changes
        for node in PlanNode.objects.filter(plan=self.plan).for_tree():
            node.plan = self.plan
            self.nodes[node.pk] = node
        self.refs = columns.parent_refs(list(self.nodes.values()))
        vocabulary = Vocabulary.load(self.sheet)
        for sheet_row in self.sheet.rows:
            row = _Row(number=sheet_row.number, values=parse(sheet_row.cells, vocabulary))
            for name, messages in row.values.errors.items():
                for message in messages:
                    self.changes.problem(row.number, self.heading(name), message)
            self.rows.append(row)
            self.by_number[row.number] = row
        self._match_keys()
        for row in self.rows:
            self._place(row)
        for row in self.rows:
            self._depth(row)
        for row in self.rows:
            if row.node is not None:
                self._compare(row)
            elif row.values.key is None and "key" not in row.values.errors:
                self._add(row)
        self._removed()
        self.changes.row_nodes = {number: pk for pk, number in self.node_rows.items()}
        return self.changes

    def _match_keys(self) -> None:
        for row in self.rows:
            key = row.values.key
            if key is None:
                continue
            node_id = key[0]
            if node_id in self.node_rows:
                self.changes.problem(
                    row.number,
                    self.heading("key"),
                    _(
                        "The same key as row %(row)s: was the row copied? Clear the key in the "
                        "copy to add it as a new item."
                    )
                    % {"row": self.node_rows[node_id]},
                )
            elif node_id in self.nodes:
                row.node = self.nodes[node_id]
                self.node_rows[node_id] = row.number
            elif node_id in self.sheet.meta.exported:
                self.changes.problem(
                    row.number,
                    self.heading("key"),
                    _("Someone removed this item after your download; it cannot be changed."),
                )
            else:
                self.changes.problem(
                    row.number,
                    self.heading("key"),
                    _(
                        "This key is not one of this plan's items (was the row copied from "
                        "another plan's spreadsheet?). Clear it to add the row as a new item."
                    ),
                )

    def _place(self, row: _Row) -> None:
        """Which row of the sheet is `row`'s parent (None: the top tier)."""
        written = row.values.parent
        node = row.node
        if node is not None and written == (self.refs[node.parent_id] if node.parent_id else ""):
            if node.parent_id is None:
                return
            if node.parent_id in self.node_rows:
                row.parent_row = self.node_rows[node.parent_id]
                return
            return self._bad_parent(
                row,
                _(
                    "Its parent %(parent)s is not in the sheet any more: remove this row too, "
                    "or give it another parent."
                )
                % {"parent": written},
            )
        if not written:
            return
        if written.startswith("#") and written[1:].isdigit():
            number = self.node_rows.get(int(written[1:]))
            if number is None:
                return self._bad_parent(
                    row, _("No row of the sheet is item %(ref)s.") % {"ref": written}
                )
        else:
            numbers = [r.number for r in self.rows if r.values.code == written]
            if not numbers:
                return self._bad_parent(
                    row, _("No row of the sheet has the code %(code)s.") % {"code": written}
                )
            if len(numbers) > 1:
                return self._bad_parent(
                    row,
                    _("Rows %(rows)s all have the code %(code)s: give them different codes.")
                    % {"rows": ", ".join(map(str, numbers)), "code": written},
                )
            number = numbers[0]
        if number == row.number:
            return self._bad_parent(row, _("A row cannot be its own parent."))
        row.parent_row = number

    def _bad_parent(self, row: _Row, message: str) -> None:
        row.parent_ok = False
        self.changes.problem(row.number, self.heading("parent"), message)

    def _depth(self, row: _Row) -> None:
        """The tier `row` ends up at, by walking up its parents (a few steps at most)."""
        seen: list[int] = []
        current: _Row | None = row
        while current is not None:
            if not current.parent_ok:
                return  # the problem is reported on that row
            if current.number in seen:
                return self._bad_parent(
                    row, _("The parents of this row lead back to it: one of them must change.")
                )
            seen.append(current.number)
            if len(seen) > MAX_LEVEL:
                return self._bad_parent(
                    row,
                    _("This row would be below the plan's last tier (%(max)s tiers).")
                    % {"max": MAX_LEVEL},
                )
            current = self.by_number[current.parent_row] if current.parent_row else None
        row.depth = len(seen)

    def _tier(self, depth: int) -> str:
        return self.tiers[depth - 1] if 1 <= depth <= MAX_LEVEL else ""

    def _input_errors(self, row: _Row, data: NodeInput) -> None:
        for name, messages in data.errors(self.plan).items():
            column = "text" if name.startswith("text_") else name
            heading = self.heading(column) if column in self.sheet.headings else ""
            for message in messages:
                self.changes.problem(row.number, heading, message)

    def _compare(self, row: _Row) -> None:
        node, values = row.node, row.values
        assert node is not None and values.key is not None
        before = _display(_node_values(node))
        after = _display(values.__dict__)
        changes = [
            Change(self.heading(name), before[name] or NOTHING, after[name] or NOTHING)
            for name in before
            if before[name] != after[name]
        ]
        texts = texts_of(node.text)
        shown, _fallback = columns.shown_text(node, self.language)
        if values.text != shown.strip():
            old = texts.get(self.language, "")
            label = f"{self.heading('text')} ({LANGUAGE_NAMES[self.language]})"
            changes.insert(1, Change(label, old or NOTHING, values.text or NOTHING))
            texts = {**texts, self.language: values.text}
        parent_id = self.changes_parent_id(row)
        moved = row.parent_ok and parent_id != node.parent_id
        if moved:
            old_ref = self.refs[node.parent_id] if node.parent_id else ""
            changes.append(
                Change(self.heading("parent"), old_ref or NOTHING, values.parent or NOTHING)
            )
        if not changes:
            self.changes.unchanged += 1
            return
        if node.version != values.key[1]:
            self.changes.problem(
                row.number,
                self.heading("key"),
                _(
                    "Someone changed this item after your download (your copy is version "
                    "%(yours)s, the plan has version %(current)s). Nothing of it was taken: "
                    "download the matrix again and make your change there."
                )
                % {"yours": values.key[1], "current": node.version},
            )
        content_changed = any(c.column != self.heading("parent") for c in changes) or not moved
        data = None
        if content_changed:
            data = _input(values, texts, texts_of(node.rationale))
            self._input_errors(row, data)
        self.changes.changed.append(
            ChangedRow(
                row=row.number,
                node=node,
                tier=self._tier(row.depth or node.level),
                version=values.key[1],
                changes=changes,
                data=data,
                moved=moved,
                depth=row.depth,
                parent_row=row.parent_row,
            )
        )

    def changes_parent_id(self, row: _Row) -> int | None:
        """The node id of the row's parent; 0 for a parent that is a new row."""
        if row.parent_row is None:
            return None
        parent = self.by_number[row.parent_row]
        return parent.node.pk if parent.node is not None else 0

    def _add(self, row: _Row) -> None:
        values = row.values
        data = _input(values, {self.language: values.text}, {})
        self._input_errors(row, data)
        self.changes.added.append(
            AddedRow(
                row=row.number,
                code=values.code,
                text=values.text,
                parent=values.parent,
                tier=self._tier(row.depth),
                depth=row.depth,
                parent_row=row.parent_row,
                data=data,
            )
        )

    def _removed(self) -> None:
        exported = self.sheet.meta.exported
        gone = {pk for pk in self.nodes if pk not in self.node_rows and pk in exported}
        for node in self.nodes.values():
            if node.pk in self.node_rows:
                continue
            label = f"{node.code} {columns.shown_text(node, content_language())[0]}".strip()
            if node.pk not in exported:
                self.changes.kept.append(node)
                parent = self.nodes.get(node.parent_id) if node.parent_id else None
                while parent is not None and parent.pk not in gone:
                    parent = self.nodes.get(parent.parent_id) if parent.parent_id else None
                if parent is not None:
                    self.changes.problem(
                        None,
                        "",
                        _(
                            "“%(item)s” was added by someone else after your download, under an "
                            "item your sheet removes. Download the matrix again."
                        )
                        % {"item": label},
                    )
                continue
            if node.version != exported[node.pk]:
                self.changes.problem(
                    None,
                    "",
                    _(
                        "“%(item)s” is not in your sheet, but someone changed it after your "
                        "download, so it cannot be removed. Download the matrix again."
                    )
                    % {"item": label},
                )
            shown = columns.shown_text(node, content_language())[0]
            self.changes.removed.append(
                RemovedNode(node=node, tier=self._tier(node.level), code=node.code, text=shown)
            )


def compare(plan: Plan, sheet: Sheet) -> Changes:
    """What `sheet` would change in `plan`, with every problem that stops it."""
    return _Comparison(plan, sheet).run()
