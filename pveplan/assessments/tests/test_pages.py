"""The assessment pages through the real URLs: content, htmx saving, query counts, sight."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pveplan.assessments import actions
from pveplan.assessments.models import AssessmentStatus, Need, Response
from pveplan.assessments.tests.factories import answer, make_assessment, submitted
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en", **kwargs: Any) -> str:
    with translation.override(language):
        return reverse(f"assessments:{name}", kwargs=kwargs or None)


def queries(client: Any, address: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_list_shows_scores_in_a_constant_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = world.client("a_editor")
    first = submitted(world, levels={"costing": [0, 0, 1]})
    few, page = queries(client, url("list"))
    assert (first.title in page and "/ 32" in page) or "/ 33" in page
    for year in range(2015, 2021):
        answer(
            make_assessment(world, on=datetime.date(year, 1, 1), title=f"Round {year}"),
            world.users["a_editor"],
        )
    many, page = queries(client, url("list"))
    assert many == few
    assert "Round 2019" in page
    with django_assert_max_num_queries(12):
        client.get(url("list"))


def test_the_list_shows_only_what_the_user_may_see_and_filters_by_status(world: World) -> None:
    submitted(world)
    make_assessment(world, owner="lbn", by="b_editor", title="Lebanon round")
    jordan = world.client("a_viewer").get(url("list")).content.decode()
    assert "Assessment 2025" in jordan and "Lebanon round" not in jordan
    everyone = world.client("unoct").get(url("list")).content.decode()
    assert "Assessment 2025" in everyone and "Lebanon round" in everyone
    drafts = world.client("unoct").get(url("list"), {"status": "draft"}).content.decode()
    assert "Lebanon round" in drafts and "Assessment 2025" not in drafts
    for persona in ("donor", "un_staff", "outsider"):
        page = world.client(persona).get(url("list")).content.decode()
        assert "Assessment 2025" not in page and "Lebanon round" not in page


@pytest.mark.parametrize("persona", ["donor", "un_staff", "b_editor", "outsider"])
@pytest.mark.parametrize("page_name", ["detail", "report", "report_pdf", "compare"])
def test_a_confidential_assessment_is_not_found_for_partners_and_other_countries(
    world: World, persona: str, page_name: str
) -> None:
    assessment = submitted(world)
    response = world.client(persona).get(url(page_name, pk=assessment.pk))
    assert response.status_code == 404
    assert b"Assessment 2025" not in response.content


def test_answering_with_htmx_saves_the_dimension_and_answers_the_fragment(world: World) -> None:
    assessment = make_assessment(world)
    client = world.client("a_editor")
    address = url("answer", pk=assessment.pk, dimension="legal")
    page = client.get(address).content.decode()
    assert "The plan rests on an adopted legal or policy instrument." in page
    responses = list(
        Response.objects.filter(assessment=assessment, question__dimension="legal").order_by(
            "question__position"
        )
    )
    data: dict[str, Any] = {}
    for response, level in zip(responses, ["3", "", "1"], strict=True):
        key = f"q{response.question_id}"
        data |= {
            f"{key}-maturity": level,
            f"{key}-evidence": "Decree 12/2023",
            f"{key}-comments": "",
            f"{key}-version": response.version,
        }
    fragment = client.post(address, data, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "The answers were saved." in body and "<html" not in body
    assert 'id="answer-area"' in body and "2/3" in body  # the dimension's progress
    saved = list(
        Response.objects.filter(assessment=assessment, question__dimension="legal")
        .order_by("question__position")
        .values_list("maturity", "evidence")
    )
    assert saved == [(3, "Decree 12/2023"), (None, "Decree 12/2023"), (1, "Decree 12/2023")]
    # The same (now stale) versions again: a conflict, nothing saved, the current answers shown.
    data[f"q{responses[1].question_id}-maturity"] = "4"
    conflict = client.post(address, data, HTTP_HX_REQUEST="true").content.decode()
    assert "Someone else changed these answers" in conflict
    assert Response.objects.get(pk=responses[1].pk).maturity is None


def test_answering_without_javascript_redirects_to_the_next_dimension(world: World) -> None:
    assessment = make_assessment(world)
    client = world.client("a_editor")
    responses = Response.objects.filter(assessment=assessment, question__dimension="institutions")
    data: dict[str, Any] = {"then": "next"}
    for response in responses:
        data |= {
            f"q{response.question_id}-maturity": "2",
            f"q{response.question_id}-version": response.version,
        }
    answer_url = url("answer", pk=assessment.pk, dimension="institutions")
    reply = client.post(answer_url, data)
    assert reply.status_code == 302
    assert reply["Location"] == url("answer", pk=assessment.pk, dimension="evidence")


def test_the_workflow_buttons_submit_and_validate(world: World) -> None:
    assessment = make_assessment(world)
    answer(assessment, world.users["a_editor"])
    focal = world.client("a_focal")
    detail = focal.get(url("detail", pk=assessment.pk)).content.decode()
    assert "Submit for validation" in detail and "Validate" not in detail
    focal.post(url("submit", pk=assessment.pk), {"version": assessment.version})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    unoct = world.client("unoct")
    assert "Return to the team" in unoct.get(url("detail", pk=assessment.pk)).content.decode()
    unoct.post(url("validate", pk=assessment.pk), {"version": assessment.version, "note": "Good"})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.VALIDATED and assessment.review_note == "Good"


def test_an_incomplete_submission_is_refused_with_the_dimensions_to_finish(world: World) -> None:
    assessment = make_assessment(world)
    client = world.client("a_editor")
    response = client.post(
        url("submit", pk=assessment.pk), {"version": assessment.version}, follow=True
    )
    page = response.content.decode()
    assert "Answer every question of these dimensions first" in page and "Localization" in page
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_the_submitter_may_not_validate_on_the_page_either(world: World) -> None:
    assessment = submitted(world, by="admin")
    client = world.client("admin")
    assert (
        "someone else validates it" in client.get(url("detail", pk=assessment.pk)).content.decode()
    )
    response = client.post(url("validate", pk=assessment.pk), {"version": assessment.version})
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_the_report_ranks_gaps_draws_the_radar_and_offers_needs_in_constant_queries(
    world: World,
) -> None:
    assessment = submitted(world, levels={"costing": [0, 0, 1], "monitoring": [1, 0, 1, 0]})
    client = world.client("a_editor")
    count, page = queries(client, url("report", pk=assessment.pk))
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="radar"' in page
    assert (
        page.index('id="gap-costing"')
        < page.index('id="gap-monitoring"')
        < page.index('id="gap-legal"')
    )
    assert "score 0.3 · gap 3.7" in page
    assert page.count("Make this gap a need") == 9  # every assessed dimension is below 4
    for dimension in ("costing", "monitoring", "legal", "evidence"):
        actions.need_from_gap(
            assessment=assessment, dimension=dimension, by=world.users["a_editor"]
        )
    again, page = queries(client, url("report", pk=assessment.pk))
    assert again == count
    assert page.count("Make this gap a need") == 5
    # The viewer sees the report but no button.
    viewer = world.client("a_viewer").get(url("report", pk=assessment.pk)).content.decode()
    assert "Make this gap a need" not in viewer and "score 0.3 · gap 3.7" in viewer


def test_one_click_makes_a_need_and_a_second_click_does_not(world: World) -> None:
    assessment = submitted(world)
    client = world.client("a_focal")
    address = url("need_from_gap", pk=assessment.pk, dimension="costing")
    first = client.post(address, follow=True).content.decode()
    assert "The gap is now a need" in first
    second = client.post(address, follow=True).content.decode()
    assert "This gap is already a need." in second
    assert Need.objects.filter(assessment=assessment).count() == 1


def test_the_report_in_arabic_names_dimensions_in_arabic_and_mirrors_the_radar(
    world: World,
) -> None:
    assessment = submitted(world)
    client = world.client("a_focal")
    english = client.get(url("report", pk=assessment.pk)).content.decode()
    arabic = client.get(url("report", "ar", pk=assessment.pk)).content.decode()
    assert "الرصد والتقييم" in arabic and 'dir="rtl"' in arabic
    polygon = 'series-current"><title>'
    english_points = english.split(polygon)[1].split('points="')[1].split('"')[0]
    arabic_points = arabic.split(polygon)[1].split('points="')[1].split('"')[0]
    assert english_points != arabic_points
    first_en, second_en = english_points.split()[:2]
    first_ar, second_ar = arabic_points.split()[:2]
    assert first_en == first_ar  # axis 1 at the top in both
    assert float(second_en.split(",")[0]) + float(second_ar.split(",")[0]) == pytest.approx(400)


def test_the_comparison_shows_before_after_and_the_change(world: World) -> None:
    earlier = submitted(world, levels={"costing": [0, 0, 1], "legal": [3, 3, 3]})
    later = make_assessment(world, on=datetime.date(2026, 1, 10), title="Assessment 2026")
    answer(later, world.users["a_editor"], {"costing": [1, 1, 1], "legal": [2, 2, 2]})
    page = world.client("a_viewer").get(url("compare", pk=later.pk)).content.decode()
    assert "Assessment 2025" in page and "2026" in page
    costing = page.split("Costing and resource mobilization")[1].split("</tr>")[0]
    assert "0.3" in costing and "1.0" in costing and "▲" in costing and "+0.7" in costing
    legal = page.split("Legal and policy framework")[1].split("</tr>")[0]
    assert "▼" in legal and "-1.0" in legal
    assert page.count('class="radar-series') == 2
    # Asking to compare with an assessment of another country: not found.
    other = make_assessment(world, owner="lbn", by="admin")
    assert (
        world.client("admin").get(url("compare", pk=later.pk), {"with": other.pk}).status_code
        == 404
    )
    del earlier


def test_the_needs_list_is_constant_in_queries_and_filters_by_dimension(world: World) -> None:
    client = world.client("a_editor")
    assessment = submitted(world)
    actions.need_from_gap(assessment=assessment, dimension="costing", by=world.users["a_editor"])
    few, page = queries(client, url("needs"))
    assert "Costing and resource mobilization:" in page
    for title in ("Training", "Research", "Data", "Legal review"):
        actions.need_create(
            by=world.users["a_editor"], data=actions.NeedInput(owner=org("jor"), title=title)
        )
    many, page = queries(client, url("needs"))
    assert many == few and "Legal review" in page
    filtered = client.get(url("needs"), {"dimension": "costing"}).content.decode()
    assert "Costing and resource mobilization:" in filtered and "Legal review" not in filtered
    assert "Legal review" not in world.client("b_editor").get(url("needs")).content.decode()


def test_a_need_is_written_and_edited_on_its_pages(world: World) -> None:
    client = world.client("a_focal")
    jor = org("jor")
    created = client.post(
        url("need_create"), {"owner": jor.pk, "title": "M&E training", "status": "open"}
    )
    need = Need.objects.get(title="M&E training")
    assert created["Location"] == url("need_detail", pk=need.pk)
    edit = url("need_edit", pk=need.pk)
    client.post(
        edit,
        {"title": "M&E training", "status": "requested", "dimension": "monitoring", "version": 1},
    )
    need.refresh_from_db()
    assert need.status == "requested" and need.dimension == "monitoring" and need.owner == jor
    stale = client.post(edit, {"title": "Other", "status": "open", "version": 1}, follow=True)
    assert "Someone else changed this need" in stale.content.decode()
    assert Need.objects.get(pk=need.pk).title == "M&E training"
