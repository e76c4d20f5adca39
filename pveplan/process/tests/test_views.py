"""The tracker page: the ten phases with their records, edited in place with htmx and without."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pveplan.process import actions
from pveplan.process.models import ChecklistAnswer, PlanPhase
from pveplan.process.tests.helpers import body, pdf_bytes, phase, update
from pveplan.testing import World

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def tracker_url(world: World, plan: str = "a_confidential") -> str:
    return f"/en/plans/{world.plans[plan].pk}/process/"


def edit_url(world: World, code: str, plan: str = "a_confidential") -> str:
    return f"/en/plans/{world.plans[plan].pk}/process/{code}/edit/"


def check_url(world: World, code: str, key: str) -> str:
    return f"/en/plans/{world.plans['a_confidential'].pk}/process/{code}/checklist/{key}/"


def fill(world: World, plan: str = "a_confidential") -> None:
    """Record every phase of a plan, with answers and a file each, as a busy plan would have."""
    ministry = body("JOR", f"jor-ministry-{plan}", "Ministry of Youth")
    for number in range(10):
        code = f"PH{number}"
        update(
            world,
            code,
            plan=plan,
            status="done" if number < 4 else "in_progress",
            start_date=datetime.date(2020, 1, 1),
            responsible_body=ministry,
        )
        for key in actions.guidance_for(code).item_keys()[:2]:
            actions.checklist_answer_set(
                plan=world.plans[plan],
                phase=phase(code),
                item_key=key,
                done=True,
                note="ok",
                by=world.users["a_editor"],
                expected_version=0,
            )
        actions.evidence_add(
            plan=world.plans[plan],
            phase=phase(code),
            by=world.users["a_editor"],
            title=f"Evidence {code}",
            file=SimpleUploadedFile(f"{code}.pdf", pdf_bytes()),
        )


# -- reading ------------------------------------------------------------------------------------


def test_the_page_shows_the_ten_phases_in_order_with_guidance_and_checklists(
    world: World,
) -> None:
    html = world.client("a_viewer").get(tracker_url(world)).content.decode()
    names = [
        "Mandate and political commitment",
        "Institutional set-up",
        "Evidence and mapping",
        "Inclusive consultation",
        "Drafting",
        "Validation and adoption",
        "Costing and resource mobilization",
        "Implementation and localization",
        "Monitoring, reporting and evaluation",
        "Review and revision",
    ]
    positions = [html.index(f"{n}. {name}</h2>") for n, name in enumerate(names)]
    assert positions == sorted(positions)
    assert html.count('<details class="phase-guidance">') == 10
    assert "Guidance for this phase" in html and "A plan without a budget is rarely" in html
    assert "Inter-ministerial (or inter-sectoral) committee established" in html
    # Nothing recorded yet: the first phase is current, the second comes next.
    assert "Current phase:" in html and 'href="#phase-PH0">0. Mandate' in html
    assert 'Next: <a href="#phase-PH1">1. Institutional set-up' in html
    assert "0 of 10 phases done" in html


def test_viewing_the_page_creates_nothing(world: World) -> None:
    world.client("a_editor").get(tracker_url(world))
    assert not PlanPhase.objects.exists()


def test_the_page_shows_what_is_recorded_for_a_phase(world: World) -> None:
    ministry = body("JOR", "jor-moy", "Ministry of Youth")
    update(
        world,
        "PH3",
        start_date=datetime.date(2024, 2, 1),
        end_date=datetime.date(2024, 6, 30),
        responsible_body=ministry,
        notes="Nine pillar workshops",
    )
    update(world, "PH0", status="skipped", skip_reason="Mandate from the 2016 plan")
    actions.checklist_answer_set(
        plan=world.plans["a_confidential"],
        phase=phase("PH3"),
        item_key="consult_local",
        done=True,
        by=world.users["a_editor"],
        expected_version=0,
        note="Irbid and Zarqa",
    )
    html = world.client("a_viewer").get(tracker_url(world)).content.decode()
    card = html[html.index('<li id="phase-PH3"') : html.index('<li id="phase-PH4"')]
    assert "Ministry of Youth" in card and "Nine pillar workshops" in card
    assert "02/01/2024" in card and "06/30/2024" in card
    assert "1 of 5 done" in card and "Irbid and Zarqa" in card
    assert '<li class="check-item done">' in card
    assert "Mandate from the 2016 plan" in html and "1 skipped" in html
    assert 'href="#phase-PH3">3. Inclusive consultation' in html.split("Next:")[0]


def test_a_reader_sees_no_editing_controls_nor_names_and_an_editor_does(world: World) -> None:
    actions.checklist_answer_set(
        plan=world.plans["a_confidential"],
        phase=phase("PH0"),
        item_key="mandate_decision",
        done=True,
        by=world.users["a_focal"],
        expected_version=0,
    )
    viewer = world.client("a_viewer").get(tracker_url(world)).content.decode()
    editor = world.client("a_editor").get(tracker_url(world)).content.decode()
    for control in (
        edit_url(world, "PH0"),
        check_url(world, "PH0", "mandate_decision"),
        'name="file"',
    ):
        assert control not in viewer and control in editor
    assert "Answered by a_focal" in editor and "a_focal" not in viewer


def test_anyone_reads_the_process_of_a_public_plan(world: World) -> None:
    update(world, "PH7", plan="a_public", notes="County plans under way")
    response = world.client("anonymous").get(tracker_url(world, "a_public"))
    assert response.status_code == 200 and "County plans under way" in response.content.decode()


def test_the_page_takes_the_same_number_of_queries_for_an_empty_and_a_busy_plan(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = world.client("a_editor")
    client.get(tracker_url(world))  # sessions and caches warm
    with CaptureQueriesContext(connection) as empty:
        client.get(tracker_url(world))
    fill(world)
    with django_assert_max_num_queries(len(empty) + 2):  # the answers and the files
        html = client.get(tracker_url(world)).content.decode()
    assert html.count("Evidence PH") == 10 and "4 of 10 phases done" in html


# -- editing a phase ----------------------------------------------------------------------------


def test_the_edit_form_comes_as_a_fragment_to_htmx_and_as_a_page_otherwise(world: World) -> None:
    client = world.client("a_editor")
    fragment = client.get(edit_url(world, "PH2"), headers=HTMX).content.decode()
    page = client.get(edit_url(world, "PH2")).content.decode()
    assert "<html" not in fragment and "<html" in page
    for html in (fragment, page):
        assert "Edit: 2. Evidence and mapping" in html and 'name="version" value="0"' in html


def test_saving_with_htmx_answers_the_fresh_card_and_the_summary(world: World) -> None:
    ministry = body("JOR", "jor-moi", "Ministry of Interior")
    response = world.client("a_editor").post(
        edit_url(world, "PH4"),
        {
            "status": "in_progress",
            "start_date": "2024-05-01",
            "responsible_body": ministry.pk,
            "notes": "Drafting team of 12",
            "version": 0,
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert response["HX-Retarget"] == "#phase-PH4" and response["HX-Reswap"] == "outerHTML"
    assert "The phase was saved." in html and "Ministry of Interior" in html
    assert "Drafting team of 12" in html and 'hx-swap-oob="true"' in html
    assert 'Current phase: <a href="#phase-PH4">4. Drafting' in html
    row = PlanPhase.objects.get(phase__code="PH4")
    assert row.status == "in_progress" and row.responsible_body == ministry


def test_saving_without_javascript_redirects_to_the_phase(world: World) -> None:
    client = world.client("a_focal")
    response = client.post(edit_url(world, "PH1"), {"status": "done", "version": 0})
    assert response.status_code == 302 and response["Location"].endswith("#phase-PH1")
    assert "The phase was saved." in client.get(response["Location"]).content.decode()


def test_a_rule_broken_is_shown_on_the_form_and_nothing_is_saved(world: World) -> None:
    lebanese = body("LBN", "lbn-moi", "Ministry of Interior (Lebanon)")
    response = world.client("a_editor").post(
        edit_url(world, "PH4"),
        {
            "status": "skipped",
            "start_date": "2024-05-01",
            "end_date": "2024-04-01",
            "version": 0,
            "responsible_body": lebanese.pk,
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert "The end cannot come before the start." in html
    assert "Say why the phase is skipped." in html
    # The Lebanese ministry is not even offered for a Jordanian plan.
    assert "Select a valid choice" in html and "Ministry of Interior (Lebanon)" not in html
    assert not PlanPhase.objects.exists()


def test_a_conflicting_save_shows_the_phase_as_it_is_now(world: World) -> None:
    update(world, "PH6", notes="Round table in May")
    response = world.client("a_focal").post(
        edit_url(world, "PH6"), {"status": "done", "notes": "Mine", "version": 0}, headers=HTMX
    )
    html = response.content.decode()
    assert "Someone else changed this phase" in html and "Round table in May" in html
    assert 'name="version" value="1"' in html
    assert PlanPhase.objects.get().notes == "Round table in May"


# -- the checklist ------------------------------------------------------------------------------


def test_ticking_with_htmx_answers_the_phases_checklist(world: World) -> None:
    response = world.client("a_editor").post(
        check_url(world, "PH2", "evidence_mapping"), {"done": "1", "version": 0}, headers=HTMX
    )
    html = response.content.decode()
    assert html.startswith('<section id="checklist-PH2"') and "<html" not in html
    assert "1 of 5 done" in html and 'aria-pressed="true"' in html
    answer = ChecklistAnswer.objects.get()
    assert answer.done and answer.item_key == "evidence_mapping"
    # Unticking, from the version the fragment carries.
    world.client("a_editor").post(
        check_url(world, "PH2", "evidence_mapping"), {"done": "", "version": 1}, headers=HTMX
    )
    assert not ChecklistAnswer.objects.get().done


def test_a_stale_tick_says_so_and_changes_nothing(world: World) -> None:
    client = world.client("a_editor")
    client.post(check_url(world, "PH2", "evidence_mapping"), {"done": "1", "version": 0})
    response = client.post(
        check_url(world, "PH2", "evidence_mapping"), {"done": "", "version": 0}, headers=HTMX
    )
    assert "Someone else answered this item first." in response.content.decode()
    assert ChecklistAnswer.objects.get().done


def test_ticking_without_javascript_redirects_back(world: World) -> None:
    response = world.client("a_editor").post(
        check_url(world, "PH2", "evidence_mapping"), {"done": "1", "version": 0}
    )
    assert response.status_code == 302 and response["Location"].endswith("#phase-PH2")
