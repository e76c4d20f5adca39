"""Spreadsheet round trip of the action matrix: download as XLSX, edit offline, upload, preview
every change and problem, apply all or nothing."""

from __future__ import annotations

import datetime
import html as html_module
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl.worksheet.worksheet import Worksheet

from pveplan.accounts import actions as account_actions
from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.core.models import AuditEvent
from pveplan.plans import actions
from pveplan.plans.imports import columns, pending
from pveplan.plans.models import Plan, PlanNode
from pveplan.taxonomy.models import Country, Driver, PriorityArea
from pveplan.testing import World

pytestmark = pytest.mark.django_db

PILLAR_AR = "الوقاية من التطرف العنيف"
COLUMN = {column.name: index for index, column in enumerate(columns.COLUMNS, start=1)}


def ministry(code: str, country: str) -> Organization:
    return account_actions.organization_create(
        by=None,
        organization=Organization(
            kind=OrganizationKind.GOVERNMENT_BODY,
            code=code,
            country=Country.objects.get(code=country),
            name_en=f"Ministry {code}",
        ),
    )


def build(world: World, plan_key: str = "a_confidential") -> Plan:
    """P1 > P1.O1 > (P1.O1.A1, P1.O1.A2) and P2 > P2.O1, as the Jordan editor; a ministry of
    Jordan (jor-moy) leads P1.O1.A1 and Lebanon has one too (lbn-moi)."""
    plan = world.plans[plan_key]
    ministry("lbn-moi", "LBN")
    by = world.users["a_editor"]

    def add(parent: PlanNode | None, code: str, texts: dict[str, str], **more: Any) -> PlanNode:
        data = actions.NodeInput(texts=texts, code=code, **more)
        return actions.node_add(plan=plan, by=by, parent=parent, data=data)

    pillar = add(None, "P1", {"ar": PILLAR_AR, "en": "Preventing violent extremism"})
    objective = add(pillar, "P1.O1", {"en": "Empowering youth"})
    add(
        objective,
        "P1.O1.A1",
        {"en": "Train 200 youth mentors"},
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2026, 6, 30),
        estimated_cost=Decimal("125000"),
        status="ongoing",
        priority_areas=[PriorityArea.objects.get(number=4)],
        drivers=[Driver.objects.get(code="PUSH1")],
        lead_body=ministry("jor-moy", "JOR"),
    )
    add(objective, "P1.O1.A2", {"en": "Open youth centres"})
    second = add(None, "P2", {"en": "Engaging communities"})
    add(second, "P2.O1", {"en": "Community dialogue"})
    return plan


def node(plan: Plan, code: str) -> PlanNode:
    return PlanNode.objects.get(plan=plan, code=code)


def download(client: Client, plan: Plan, language: str = "en") -> bytes:
    url = reverse("plans:export", kwargs={"pk": plan.pk, "format": "xlsx"})
    response = client.get(url, {"language": language})
    assert response.status_code == 200
    return bytes(response.content)


def edit(data: bytes, change: Callable[[Worksheet], None]) -> bytes:
    book = openpyxl.load_workbook(BytesIO(data))
    change(book.worksheets[0])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(sheet: Worksheet, code: str) -> int:
    for number in range(2, sheet.max_row + 1):
        if sheet.cell(row=number, column=COLUMN["code"]).value == code:
            return number
    raise AssertionError(f"no row {code}")


def put(sheet: Worksheet, code: str, /, **values: Any) -> None:
    number = row_of(sheet, code)
    for name, value in values.items():
        sheet.cell(row=number, column=COLUMN[name]).value = value


def append(sheet: Worksheet, **values: Any) -> int:
    number = sheet.max_row + 1
    for name, value in values.items():
        sheet.cell(row=number, column=COLUMN[name]).value = value
    return number


def upload(client: Client, plan: Plan, data: bytes, name: str = "matrix.xlsx") -> Any:
    url = reverse("plans:import", kwargs={"pk": plan.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def preview(client: Client, plan: Plan, data: bytes) -> tuple[str, str]:
    """Upload `data` and open its preview: (the preview's URL, its HTML)."""
    response = upload(client, plan, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return response["Location"], page.content.decode()


def apply(client: Client, preview_url: str) -> Any:
    return client.post(preview_url + "apply/")


def counts() -> tuple[int, int]:
    # Nodes, and events of changes: the upload itself and refused requests are audited too.
    changes = AuditEvent.objects.exclude(action__startswith="request.").exclude(
        action="plan.import_upload"
    )
    return PlanNode.objects.count(), changes.count()


def text(html: str) -> str:
    """The page's text with tags dropped and spaces collapsed, to look for sentences."""
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def pending_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


# The export


def test_the_export_keeps_keys_in_a_hidden_column_and_describes_the_download(world: World) -> None:
    plan = build(world)
    data = download(world.client("a_viewer"), plan)
    book = openpyxl.load_workbook(BytesIO(data))
    matrix, meta = book.worksheets[0], book[columns.META_SHEET]
    key_letter = openpyxl.utils.get_column_letter(COLUMN["key"])
    assert matrix.column_dimensions[key_letter].hidden
    assert meta.sheet_state == "hidden"
    action = node(plan, "P1.O1.A1")
    number = row_of(matrix, "P1.O1.A1")
    cells = {name: matrix.cell(row=number, column=index).value for name, index in COLUMN.items()}
    assert cells["key"] == f"{action.pk}:{action.version}"
    assert cells["parent"] == "P1.O1"
    assert cells["priority_areas"] == "4" and cells["drivers"] == "PUSH1"
    assert cells["lead_body"] == "jor-moy" and cells["status"] == "ongoing"
    assert cells["start_date"] == datetime.datetime(2025, 3, 1)
    assert cells["is_ddr_related"] == "no"
    described = {row[0]: row[1] for row in meta.iter_rows(values_only=True) if row[0] != "node"}
    assert described["plan"] == plan.pk and described["language"] == "en"
    keys = [row[1] for row in meta.iter_rows(values_only=True) if row[0] == "node"]
    assert len(keys) == PlanNode.objects.filter(plan=plan).count() == 6


# Round trips


def test_an_unedited_download_changes_nothing(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")
    url, html = preview(client, plan, download(client, plan, "ar"))
    assert "there is nothing to change" in html
    assert "Apply all these changes" not in html
    before = counts()
    response = apply(client, url)
    assert response.status_code == 302
    assert counts() == before


def test_edits_are_previewed_exactly_then_applied_through_the_actions(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")

    def change(sheet: Worksheet) -> None:
        put(sheet, "P1.O1.A1", text="Train 300 youth mentors", estimated_cost=150000)
        put(sheet, "P1.O1.A1", drivers="PUSH1; PULL2", gcts_pillars="I;IV", status="delayed")
        sheet.delete_rows(row_of(sheet, "P1.O1.A2"))
        append(sheet, code="P1.O1.A3", text="Sports leagues", parent="P1.O1", sdg_targets="16.7")

    url, html = preview(client, plan, edit(download(client, plan), change))
    page = text(html)
    assert "added 1" in page and "changed 1" in page and "removed 1" in page
    assert "problems 0" in page
    assert "Train 200 youth mentors" in page and "Train 300 youth mentors" in page
    assert "125000.00" in page and "150000.00" in page
    assert "PULL2; PUSH1" in page and "I; IV" in page
    assert "Sports leagues" in page and "Open youth centres" in page
    assert "Apply all these changes" in page

    before_events = AuditEvent.objects.count()
    response = apply(client, url)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:structure", kwargs={"pk": plan.pk})
    message = text(client.get(response["Location"]).content.decode())
    assert "1 item added, 1 item changed, 1 item removed" in message

    action = node(plan, "P1.O1.A1")
    assert action.text["en"]["text"] == "Train 300 youth mentors"
    assert action.estimated_cost == Decimal("150000") and action.status == "delayed"
    assert sorted(d.code for d in action.drivers.all()) == ["PULL2", "PUSH1"]
    assert sorted(p.numeral for p in action.gcts_pillars.all()) == ["I", "IV"]
    assert action.lead_body is not None and action.lead_body.code == "jor-moy"  # kept
    added = node(plan, "P1.O1.A3")
    assert added.parent == node(plan, "P1.O1") and added.level == 3
    assert added.text == {"en": {"text": "Sports leagues", "provenance": "translated"}}
    assert [t.code for t in added.sdg_targets.all()] == ["SDG16.7"]
    assert not PlanNode.objects.filter(plan=plan, code="P1.O1.A2").exists()
    events = list(
        AuditEvent.objects.filter(sequence__gt=before_events).values_list("action", flat=True)
    )
    assert sorted(events) == ["node.add", "node.delete", "node.update", "plan.import_matrix"]
    summary = AuditEvent.objects.get(action="plan.import_matrix")
    assert summary.actor == world.users["a_editor"]
    assert summary.after["added"] == [added.pk] and summary.after["changed"] == [action.pk]
    assert not pending_files()  # the stored upload is gone once applied


def test_an_arabic_round_trip_keeps_the_other_languages(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")
    data = download(client, plan, "ar")
    book = openpyxl.load_workbook(BytesIO(data))
    assert book.worksheets[0].sheet_view.rightToLeft

    def change(sheet: Worksheet) -> None:
        # The objective is shown in English (a fallback): writing over it gives its Arabic text.
        put(sheet, "P1.O1", text="تمكين الشباب")
        put(sheet, "P1.O1.A1", status="متأخر", is_ddr_related="نعم")

    url, html = preview(client, plan, edit(data, change))
    assert "تمكين الشباب" in html
    assert apply(client, url).status_code == 302
    objective = node(plan, "P1.O1")
    assert objective.text["ar"]["text"] == "تمكين الشباب"
    assert objective.text["en"]["text"] == "Empowering youth"
    action = node(plan, "P1.O1.A1")
    assert action.status == "delayed" and action.is_ddr_related
    assert node(plan, "P1").text["ar"]["text"] == PILLAR_AR


def test_a_new_parent_code_moves_the_row_with_what_is_under_it(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")
    url, html = preview(
        client, plan, edit(download(client, plan), lambda s: put(s, "P1.O1", parent="P2"))
    )
    assert "changed 1" in text(html)
    assert apply(client, url).status_code == 302
    objective = node(plan, "P1.O1")
    assert objective.parent == node(plan, "P2") and objective.position == 1
    assert node(plan, "P1.O1.A1").parent == objective
    assert AuditEvent.objects.filter(action="node.move", object_id=str(objective.pk)).exists()


def test_a_new_objective_and_its_actions_arrive_together(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")

    def change(sheet: Worksheet) -> None:
        append(sheet, code="P2.O2", text="Local peace committees", parent="P2")
        append(sheet, code="P2.O2.A1", text="Train mediators", parent="P2.O2")
        put(sheet, "P1.O1.A2", parent="P2.O2")  # an existing action moves under the new one

    url, _html = preview(client, plan, edit(download(client, plan), change))
    assert apply(client, url).status_code == 302
    objective = node(plan, "P2.O2")
    assert {n.code for n in objective.children.all()} == {"P2.O2.A1", "P1.O1.A2"}
    assert node(plan, "P2.O2.A1").level == 3


def test_removing_a_pillar_with_everything_under_it(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")

    def change(sheet: Worksheet) -> None:
        sheet.delete_rows(row_of(sheet, "P2.O1"))
        sheet.delete_rows(row_of(sheet, "P2"))

    url, html = preview(client, plan, edit(download(client, plan), change))
    assert "removed 2" in text(html)
    assert apply(client, url).status_code == 302
    assert not PlanNode.objects.filter(plan=plan, code__startswith="P2").exists()
    assert AuditEvent.objects.filter(action="node.delete").count() == 1  # the pillar takes both


def test_removing_a_parent_but_keeping_its_child_is_a_problem(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")
    data = edit(download(client, plan), lambda s: s.delete_rows(row_of(s, "P2")))
    _url, html = preview(client, plan, data)
    page = text(html)
    assert "Its parent P2 is not in the sheet any more" in page
    assert "Apply all these changes" not in page


# Problems stop everything


def test_one_bad_row_shows_every_problem_by_row_and_column_and_changes_nothing(
    world: World,
) -> None:
    plan = build(world)
    client = world.client("a_editor")
    good, bad = {}, {}

    def change(sheet: Worksheet) -> None:
        good["row"] = row_of(sheet, "P1.O1.A2")
        put(sheet, "P1.O1.A2", text="Open 10 youth centres")  # fine on its own
        bad["row"] = row_of(sheet, "P1.O1.A1")
        put(sheet, "P1.O1.A1", drivers="PUSH1; PUSH9", start_date="31/02/2026")
        put(sheet, "P1.O1.A1", estimated_cost=-5, status="finished", lead_body="lbn-moi")

    url, html = preview(client, plan, edit(download(client, plan), change))
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", html)
    problems = {(int(r), c, m) for r, c, m in rows}
    number = bad["row"]
    assert (number, "Drivers of violent extremism", "Unknown code: PUSH9.") in problems
    assert (number, "Start", "Give a date as YYYY-MM-DD, for example 2026-03-31.") in problems
    assert (number, "Estimated cost", "A cost cannot be negative.") in problems
    assert any(p[:2] == (number, "Status") and "Unknown status" in p[2] for p in problems)
    assert any(p[:2] == (number, "Lead body") and "own country" in p[2] for p in problems)
    assert all(p[0] == number for p in problems)  # the good row has none
    assert "Apply all these changes" not in html

    before = counts()
    response = apply(client, url)
    assert response.status_code == 409
    assert "Nothing was changed" in response.content.decode()
    assert counts() == before
    assert node(plan, "P1.O1.A2").text["en"]["text"] == "Open youth centres"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda s: put(
                s, "P1.O1.A2", key=s.cell(row=row_of(s, "P1"), column=COLUMN["key"]).value
            ),
            "The same key as row 2",
        ),
        (lambda s: put(s, "P1.O1.A2", key="999999:1"), "is not one of this plan's items"),
        (lambda s: put(s, "P1.O1.A2", key="abc"), "not a key written by this site"),
        (lambda s: put(s, "P1.O1.A2", parent="P9"), "No row of the sheet has the code P9"),
        (lambda s: put(s, "P1", parent="P1.O1.A1"), "lead back to it"),
        (lambda s: put(s, "P2", parent="P1.O1.A1"), "below the plan's last tier"),
        (
            lambda s: (put(s, "P2", code="P1"), append(s, text="New", parent="P1")),
            "all have the code P1",
        ),
        (lambda s: put(s, "P1.O1.A2", text=""), "Write the text in at least one language"),
    ],
)
def test_problems_with_keys_and_parents_stop_the_import(
    world: World, change: Callable[[Worksheet], None], message: str
) -> None:
    plan = build(world)
    client = world.client("a_editor")
    _url, html = preview(client, plan, edit(download(client, plan), change))
    assert message in text(html)
    assert "Apply all these changes" not in html


# Concurrent edits


def test_a_row_changed_by_someone_else_since_the_download_is_a_conflict(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")
    data = download(client, plan)
    action = node(plan, "P1.O1.A1")
    actions.node_update(
        node=action,
        by=world.users["a_focal"],
        data=actions.NodeInput(texts={"en": "Train 250 youth mentors"}, code="P1.O1.A1"),
        expected_version=action.version,
    )
    edited = edit(data, lambda s: put(s, "P1.O1.A1", estimated_cost=1))
    url, html = preview(client, plan, edited)
    assert "Someone changed this item after your download" in html
    before = counts()
    assert apply(client, url).status_code == 409
    assert counts() == before
    assert node(plan, "P1.O1.A1").text["en"]["text"] == "Train 250 youth mentors"


def test_a_change_between_the_preview_and_the_apply_is_caught(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")
    data = edit(download(client, plan), lambda s: put(s, "P1.O1.A2", text="Open 10 centres"))
    url, html = preview(client, plan, data)
    assert "Apply all these changes" in html
    target = node(plan, "P1.O1.A2")
    actions.node_update(
        node=target,
        by=world.users["a_focal"],
        data=actions.NodeInput(texts={"en": "Open 12 centres"}, code="P1.O1.A2"),
        expected_version=target.version,
    )
    before = counts()
    response = apply(client, url)
    assert response.status_code == 409
    assert "Someone changed this item after your download" in response.content.decode()
    assert counts() == before
    assert node(plan, "P1.O1.A2").text["en"]["text"] == "Open 12 centres"


def test_a_removal_of_a_row_someone_changed_is_refused(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")
    data = edit(download(client, plan), lambda s: s.delete_rows(row_of(s, "P1.O1.A2")))
    target = node(plan, "P1.O1.A2")
    actions.node_update(
        node=target,
        by=world.users["a_focal"],
        data=actions.NodeInput(texts={"en": "Open 12 centres"}, code="P1.O1.A2"),
        expected_version=target.version,
    )
    _url, html = preview(client, plan, data)
    assert "someone changed it after your download, so it cannot be removed" in html


def test_items_added_by_someone_else_since_the_download_are_kept(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")
    data = edit(download(client, plan), lambda s: put(s, "P2.O1", text="Dialogue"))
    actions.node_add(
        plan=plan,
        by=world.users["a_focal"],
        parent=node(plan, "P2"),
        data=actions.NodeInput(texts={"en": "Radio programmes"}, code="P2.O2"),
    )
    url, html = preview(client, plan, data)
    assert "1 item was added by someone else after your download; it is kept." in text(html)
    assert apply(client, url).status_code == 302
    assert node(plan, "P2.O2").text["en"]["text"] == "Radio programmes"


# Files that are refused


def _zip(entries: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Code,Text\nP1,Preventing violent extremism\n", "not an accepted type"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not an accepted type"),
        (
            _zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "xl/workbook.xml": b"<workbook/>",
                    "xl/worksheets/sheet1.xml": b"\0" * 30_000_000,
                }
            ),
            "expands far beyond its size",
        ),
        (
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<broken"}),
            "could not be opened",
        ),
    ],
    ids=["csv", "pdf", "zip-bomb", "damaged"],
)
def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(
    world: World, content: bytes, message: str
) -> None:
    plan = build(world)
    response = upload(world.client("a_editor"), plan, content, name="matrix.xlsx")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not pending_files()


def test_a_file_over_the_size_limit_is_refused(world: World, settings: Any) -> None:
    plan = build(world)
    big = b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024)
    response = upload(world.client("a_editor"), plan, big)
    assert response.status_code == 400
    assert "the limit is 10.0" in response.content.decode()


def test_a_workbook_not_downloaded_from_the_site_is_refused(world: World) -> None:
    plan = build(world)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Code", "Text"])
    sheet.append(["P1", "Something"])
    out = BytesIO()
    book.save(out)
    response = upload(world.client("a_editor"), plan, out.getvalue())
    assert response.status_code == 400
    assert "not an action matrix downloaded from this site" in response.content.decode()


def test_a_matrix_whose_headings_were_changed_is_refused(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")

    def change(sheet: Worksheet) -> None:
        sheet.cell(row=1, column=COLUMN["text"]).value = "Description"

    response = upload(client, plan, edit(download(client, plan), change))
    assert response.status_code == 400
    assert "missing: “Text”" in response.content.decode()


def test_a_matrix_of_another_plan_is_refused(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")
    response = upload(client, plan, download(client, world.plans["a_public"]))
    assert response.status_code == 400
    assert "downloaded from another plan" in response.content.decode()


# Cost of the preview


def test_the_preview_takes_the_same_number_of_queries_for_a_larger_plan(
    world: World, django_assert_max_num_queries: Any
) -> None:
    plan = build(world)
    client = world.client("a_editor")

    def change(sheet: Worksheet) -> None:
        for number in range(2, sheet.max_row + 1):
            sheet.cell(row=number, column=COLUMN["funding_source"]).value = "Norway"

    url, _html = preview(client, plan, edit(download(client, plan), change))
    with django_assert_max_num_queries(30):
        small = client.get(url)
    objective = node(plan, "P2.O1")
    for index in range(40):
        actions.node_add(
            plan=plan,
            by=world.users["a_editor"],
            parent=objective,
            data=actions.NodeInput(texts={"en": f"Action {index}"}, code=f"P2.O1.A{index}"),
        )
    url, _html = preview(client, plan, edit(download(client, plan), change))
    with django_assert_max_num_queries(30):
        large = client.get(url)
    assert "changed 6" in text(small.content.decode())
    assert "changed 46" in text(large.content.decode())


def test_a_text_that_looks_like_a_formula_is_exported_as_text_and_comes_back_unchanged(
    world: World,
) -> None:
    plan = build(world)
    target = node(plan, "P2.O1")
    actions.node_update(
        node=target,
        by=world.users["a_editor"],
        data=actions.NodeInput(texts={"en": '=HYPERLINK("http://x")'}, code="P2.O1"),
        expected_version=target.version,
    )
    client = world.client("a_editor")
    data = download(client, plan)
    sheet = openpyxl.load_workbook(BytesIO(data)).worksheets[0]
    cell = sheet.cell(row=row_of(sheet, "P2.O1"), column=COLUMN["text"])
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'
    _url, html = preview(client, plan, data)
    assert "there is nothing to change" in html


def test_uploads_left_pending_are_pruned_after_a_day(world: World) -> None:
    plan = build(world)
    client = world.client("a_editor")
    url, _html = preview(client, plan, download(client, plan))
    assert len(pending_files()) == 2  # the workbook and what it belongs to
    assert pending.prune(timezone.now() + datetime.timedelta(hours=25)) == 2
    assert not pending_files()
    assert client.get(url).status_code == 404


def test_the_plan_page_offers_the_import_to_those_who_may_write(world: World) -> None:
    plan = world.plans["a_confidential"]
    url = reverse("plans:detail", kwargs={"pk": plan.pk})
    link = reverse("plans:import", kwargs={"pk": plan.pk})
    assert link in world.client("a_editor").get(url).content.decode()
    assert link not in world.client("a_viewer").get(url).content.decode()
