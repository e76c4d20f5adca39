"""The support chain of issue 4, in French, through the browser: a gap of Jordan's assessment
becomes a need, the need a support request; UNOCT triages it, UNDP offers, the providers are
ranked, a possible duplicate is flagged and the assignment needs a confirmation with a reason;
UNDP delivers, the Jordan team closes it with its feedback, and the 3W matrix shows the support.

Set up in Python (not the point of the test): a submitted assessment of Jordan, the capabilities
of UNDP, UN Women and a donor, and support UN Women already gives Jordan in the same PoA area
at an overlapping time. Each person works in their own browser, as on their own computers: the
Jordan team and UNDP's staff take turns on one (logging out between them), the UNOCT officer
keeps a second one, so they pass the two-factor step once.
"""

from __future__ import annotations

import datetime
import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.utils import translation
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect

from pveplan.accounts import twofactor
from pveplan.assessments.models import Assessment, Need, NeedStatus, Question
from pveplan.assessments.tests.factories import submitted
from pveplan.providers import actions as provider_actions
from pveplan.providers.matching import rank_providers
from pveplan.support import actions as support_actions
from pveplan.support.models import RequestStatus, SupportRequest
from pveplan.taxonomy.models import CompactWorkingGroup, Country, PriorityArea
from pveplan.testing import PASSWORD, World, org

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YEAR = 2027
START, END = datetime.date(YEAR, 2, 1), datetime.date(YEAR, 7, 31)  # the new request
EARLIER_START, EARLIER_END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 6, 30)
EARLIER_TITLE = "Appui aux conseils de jeunes et de femmes à Zarqa"
GAP = "gender_youth"  # made the weakest dimension; its needs serve PoA areas 4 and 5
REASON = "UN Women travaille avec les conseils locaux ; le PNUD appuie le ministère."


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Browsers set up in French, as the people of this journey would have them."""
    return {**browser_context_args, "locale": "fr-FR"}


# --- Set-up in Python -------------------------------------------------------------------------


def _assessment_template() -> None:
    """The default template, as its data migration makes it. An earlier browser test leaves the
    database emptied, and the `reference_data` fixture puts back only the reference data of the
    taxonomy and the organizations; adding the template again is harmless (get_or_create)."""
    migration = importlib.import_module("pveplan.assessments.migrations.0003_default_template")
    migration.add_template(apps, None)


def _assessment(world: World) -> Assessment:
    """Jordan's assessment, submitted: level 2 everywhere (DDR left out), gender and youth 0."""
    _assessment_template()
    weakest: list[int | None] = [0] * Question.objects.filter(dimension=GAP).count()
    return submitted(
        world,
        by="a_focal",
        levels={GAP: weakest},
        title="Évaluation des capacités 2026",
        on=datetime.date(2026, 10, 15),
        language="fr",
    )


def _capability(world: World, code: str, levels: dict[int, int], **data: Any) -> None:
    provider = org(code)
    areas = {a.number: a for a in PriorityArea.objects.all()}
    groups = (
        list(provider.un_entity.working_groups.all())
        if provider.un_entity is not None
        else list(CompactWorkingGroup.objects.filter(code="WG-RMME"))
    )
    provider_actions.capability_save(
        provider=provider,
        year=YEAR,
        data=provider_actions.CapabilityInput(
            working_groups=groups,
            levels={areas[n]: level for n, level in levels.items()},
            countries=list(Country.objects.filter(code__in=data.pop("countries"))),
            **data,
        ),
        by=world.users["unoct"],
        expected_version=None,
    )


def _capabilities(world: World) -> None:
    _capability(
        world,
        "undp",
        {4: 3, 5: 2, 1: 3},
        modalities=["policy_advice", "drafting", "consultation"],
        countries=["JOR", "LBN", "IRQ"],
        languages=["ar", "en", "fr"],
        capacity=6,
    )
    _capability(
        world,
        "un-women",
        {5: 3, 4: 1},
        modalities=["consultation", "training"],
        countries=["JOR", "LBN"],
        languages=["ar", "en"],
        capacity=3,
    )
    _capability(
        world,
        "test-donor",
        {4: 1},
        modalities=["resources"],
        countries=["LBN"],
        languages=["en", "fr"],
        capacity=2,
    )


def _earlier_support(world: World) -> SupportRequest:
    """Support UN Women is assigned to give Jordan in PoA area 5, overlapping the new request."""
    editor, officer = world.users["a_editor"], world.users["unoct"]
    request = support_actions.request_create(
        by=editor,
        data=support_actions.RequestInput(
            requester=org("jor"),
            title=EARLIER_TITLE,
            modality="consultation",
            priority_areas=[PriorityArea.objects.get(number=5)],
            languages=["ar"],
            start_date=EARLIER_START,
            end_date=EARLIER_END,
        ),
    )
    request = support_actions.request_triage(
        request=request, by=officer, expected_version=request.version, accept=True
    )
    offer = support_actions.offer_make(request=request, provider=org("un-women"), by=officer)
    support_actions.offer_accept(offer=offer, by=officer, expected_version=request.version)
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED
    return request


# --- In the browser ---------------------------------------------------------------------------


def _passes_code_step(page: Page) -> Page:
    """As the `page` fixture of conftest.py: the two-factor code is typed in when asked."""

    def enter_code(form: Any) -> None:
        form.locator("input[name=code]").fill(twofactor.totp_code(twofactor.demo_key()))
        form.locator("button[type=submit]").click()

    page.add_locator_handler(page.locator("form.two-factor-verify"), enter_code)
    return page


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/fr/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator(".user-menu summary")).to_have_text(username)


def _log_out(page: Page) -> None:
    page.locator(".user-menu summary").click()
    page.locator(".user-menu form button", has_text="Se déconnecter").click()
    expect(page.locator(".header-tools a", has_text="Se connecter")).to_be_visible()


def _said(page: Page, text: str) -> None:
    expect(page.locator("ul.messages")).to_contain_text(text)


def _status(page: Page, label: str) -> None:
    expect(page.locator(".page-head .lead .badge").first).to_have_text(label)


def test_a_gap_becomes_support_delivered_rated_and_shown_in_the_3w_in_french(
    page: Page,
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    world: World,
    artifacts: Path,
) -> None:
    assessment = _assessment(world)
    _capabilities(world)
    earlier = _earlier_support(world)
    with translation.override("fr"):
        undp, un_women = org("undp").label, org("un-women").label
        jordan = org("jor").label
        area4 = PriorityArea.objects.get(number=4)
        area5 = PriorityArea.objects.get(number=5)
        area4_label, area5_label = area4.label, area5.label
    base = live_server.url
    viewport: ViewportSize = {"width": 1280, "height": 900}
    page.set_viewport_size(viewport)

    # 1. The Jordan team opens the gap report and makes the largest gap a need.
    _log_in(page, base, "a_editor")
    page.goto(f"{base}/fr/assessments/{assessment.pk}/report/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#gaps-heading")).to_have_text("Écarts, du plus grand au plus petit")
    gap = page.locator("ol.gaps > li").first  # largest first: gender and youth, at level 0
    expect(gap).to_have_id(f"gap-{GAP}")
    expect(gap.locator("h3")).to_contain_text("Genre et jeunesse")
    expect(gap.locator(".gap-figures")).to_contain_text("écart 4")
    gap.locator("button", has_text="Transformer cet écart en besoin").click()
    _said(page, "L'écart est désormais un besoin : « Genre et jeunesse")
    need_link = page.locator(f"#gap-{GAP} .gap-need a")
    expect(page.locator(f"#gap-{GAP} .gap-need")).to_contain_text("Besoin :")
    expect(page.locator(f"#gap-{GAP} .gap-need .badge")).to_have_text("ouvert")
    need_link.click()
    expect(page.locator("h1")).to_contain_text("Genre et jeunesse")
    need_pk = int(re.search(r"/needs/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    need = Need.objects.get(pk=need_pk)
    assert need.assessment_id == assessment.pk

    # 2. ...and asks for support from that need: modality, PoA areas, dates, languages.
    page.goto(f"{base}/fr/support/new/?need={need_pk}")
    expect(page.locator("h1")).to_have_text("Demander un appui")
    expect(page.locator("main .notice")).to_contain_text("Cette demande découle du besoin")
    expect(page.locator("#id_title")).to_have_value(need.title)
    for area in (area4, area5):  # the need's PoA areas come with it
        expect(page.locator(f"input[name=priority_areas][value='{area.pk}']")).to_be_checked()
    page.select_option("#id_modality", "policy_advice")
    page.select_option("#id_urgency", "high")
    page.fill("#id_start_date", START.isoformat())
    page.fill("#id_end_date", END.isoformat())
    page.locator("input[name=languages][value=ar]").check()
    page.locator("input[name=languages][value=fr]").check()
    page.locator("#id_shared_with_donors").check()
    page.locator("form.support-form button[type=submit]", has_text="Soumettre la demande").click()
    _said(page, "La demande a été soumise. Le BLT va procéder à son tri.")
    _status(page, "soumise")
    support = SupportRequest.objects.get(need=need)
    detail = f"{base}/fr/support/{support.pk}/"
    assert page.url.startswith(detail)
    assert sorted(support.priority_areas.values_list("number", flat=True)) == [4, 5]
    _log_out(page)

    # 3. The UNOCT officer, on their own computer (two-factor), opens it to offers, for donors too.
    officer = _passes_code_step(new_context(viewport=viewport).new_page())
    _log_in(officer, base, "unoct")
    officer.goto(detail)
    triage = officer.locator("form#triage")
    triage.locator("input[name=decision][value=open]").check()
    triage.locator("textarea[name=note]").fill("Merci de faire vos offres avant fin décembre.")
    expect(triage.locator("input[name=shared_with_donors]")).to_be_checked()  # as asked
    triage.locator("button", has_text="Enregistrer le tri").click()
    _said(officer, "La demande est ouverte aux offres.")
    _status(officer, "ouverte aux offres")

    # 4. UNDP's staff offers.
    _log_in(page, base, "un_staff")
    page.goto(detail)
    page.locator("a.button", has_text="Proposer un appui").click()
    expect(page.locator("h1")).to_have_text("Proposer un appui")
    expect(page.locator("#id_provider option:checked")).to_have_text(undp)
    page.fill("#id_message", "Deux conseillers en politiques de jeunesse et d'égalité des sexes.")
    page.fill("#id_start_date", START.isoformat())
    page.fill("#id_end_date", END.isoformat())
    page.locator("main form button[type=submit]", has_text="Envoyer l'offre").click()
    _said(page, "Votre offre a été envoyée au demandeur et au BLT.")
    expect(page.locator("#offers li.offer", has_text=undp)).to_be_visible()

    # 5. UNOCT ranks the providers: UNDP first, with its score and the reasons for it.
    officer.goto(detail)
    officer.locator("a.button", has_text="Prestataires classés").click()
    expect(officer.locator("h1")).to_have_text("Prestataires correspondants")
    ranked = rank_providers(SupportRequest.objects.get(pk=support.pk))
    assert [m.provider.code for m in ranked][:1] == ["undp"]
    assert {"un-women", "test-donor"} <= {m.provider.code for m in ranked}  # shared with donors
    best = officer.locator("ol.ranking > li.match").first
    expect(best.locator("h3")).to_have_text(undp)
    expect(best.locator(".rank")).to_have_text("1")
    expect(best.locator(".score")).to_contain_text(f"{ranked[0].score} sur 100")
    expect(best.locator(".badge.offered")).to_have_text("a fait une offre")
    factors = best.locator("table.factors")
    expect(factors.locator("tr", has_text="Présence")).to_contain_text(
        f"Présent dans le pays ({jordan})."
    )
    expect(factors.locator("tr", has_text="Expertise dans les domaines")).to_contain_text(
        f"Expert dans le domaine 4 du Plan d'action ({area4_label})"
    )
    expect(factors.locator("tr", has_text="Expertise dans les domaines")).to_contain_text(
        "points sur 30"
    )
    expect(officer.locator("ol.ranking > li.match", has_text=un_women)).to_be_visible()
    flagged = officer.locator(".notice.duplicates")
    expect(flagged).to_contain_text(EARLIER_TITLE)
    expect(flagged).to_contain_text(un_women)
    officer.screenshot(path=str(artifacts / "support-chain-ranking-fr.png"), full_page=True)

    # 6. The assignment: the duplicate is flagged, and a confirmation without a reason refused.
    officer.locator(".breadcrumbs a", has_text=support.title[:20]).click()
    warning = officer.locator("#offers .notice.duplicates")
    expect(warning).to_contain_text("Doublons possibles.")
    expect(warning.locator("a", has_text=EARLIER_TITLE)).to_have_attribute(
        "href", f"/fr/support/{earlier.pk}/"
    )
    offer = officer.locator("#offers li.offer", has_text=undp)
    offer.locator("input[name=confirm_duplicates]").check()
    offer.locator("button", has_text=f"Attribuer à {undp}").click()
    refused = officer.locator("#offers li.offer", has_text=undp).locator(".form-errors")
    expect(refused).to_contain_text(
        "Cette attribution fait peut-être double emploi avec un appui existant. "
        "Confirmez-la et indiquez pourquoi elle doit être maintenue."
    )
    _status(officer, "ouverte aux offres")
    offer = officer.locator("#offers li.offer", has_text=undp)
    offer.locator("input[name=confirm_duplicates]").check()
    offer.locator("textarea[name=duplicate_reason]").fill(REASON)
    offer.locator("button", has_text=f"Attribuer à {undp}").click()
    _said(officer, "La demande a été attribuée.")
    _status(officer, "attribuée")
    accepted = officer.locator("#offers li.offer", has_text=undp)
    expect(accepted).to_contain_text("Attribuée malgré des doublons possibles")
    expect(accepted).to_contain_text(REASON)
    officer.screenshot(path=str(artifacts / "support-chain-assigned-fr.png"), full_page=True)

    # 7. UNDP's staff delivers.
    page.goto(detail)
    page.locator("button", has_text="Commencer la prestation").click()
    _said(page, "La prestation a commencé.")
    _status(page, "en cours de prestation")
    page.locator("form#delivered textarea[name=note]").fill(
        "Stratégie jeunesse et genre rédigée ; 3 ateliers tenus."
    )
    page.locator("form#delivered button", has_text="Marquer comme fourni").click()
    _said(page, "L'appui est enregistré comme fourni.")
    _status(page, "prestation achevée")
    _log_out(page)

    # 8. The Jordan team closes it with its feedback; the need is met.
    _log_in(page, base, "a_editor")
    page.goto(detail)
    close = page.locator("form#close")
    expect(close.locator("h3")).to_have_text("Clôturer avec votre retour d'information")
    close.locator("input[name=rating][value='5']").check()
    close.locator("textarea[name=comment]").fill("Appui très utile, livré dans les délais.")
    close.locator("button", has_text="Clôturer la demande").click()
    _said(page, "La demande est clôturée. Merci de votre retour d'information.")
    _status(page, "clôturée")
    feedback = page.locator("section[aria-labelledby=delivery-heading]")
    expect(feedback).to_contain_text("Prestation et retour d'information")
    expect(feedback).to_contain_text(undp)
    expect(feedback.locator(".rating")).to_have_text("5/5")
    expect(feedback).to_contain_text("Appui très utile, livré dans les délais.")
    page.screenshot(path=str(artifacts / "support-chain-closed-fr.png"), full_page=True)
    assert Need.objects.get(pk=need_pk).status == NeedStatus.MET
    page.goto(f"{base}/fr/assessments/{assessment.pk}/report/")
    expect(page.locator(f"#gap-{GAP} .gap-need .badge")).to_have_text("satisfait")

    # 9. The 3W matrix: Jordan gets UNDP in areas 4 and 5 (with UN Women's earlier support in 5),
    # and the delivered support alone when filtered (in place, by htmx).
    page.goto(f"{base}/fr/providers/3w/")
    expect(page.locator("h1")).to_have_text("Qui fait quoi et où")
    page.wait_for_function("() => window.htmx !== undefined")
    heat_row = page.locator("table.heatmap tbody tr", has=page.locator("th", has_text=jordan))
    area4_cell, area5_cell = heat_row.locator("td").nth(3), heat_row.locator("td").nth(4)
    expect(area4_cell).to_have_attribute("title", undp)
    expect(area4_cell).to_contain_text("1")
    expect(area5_cell).to_contain_text("2")
    expect(area5_cell).to_contain_text(undp)
    expect(area5_cell).to_contain_text(un_women)
    table = page.locator("table.threew-table tbody tr", has_text=jordan)
    expect(table.filter(has_text=area4_label)).to_contain_text(undp)
    page.select_option("#id_status", "delivered")
    expect(page).to_have_url(re.compile(r"status=delivered"))
    expect(page.locator(".threew-summary")).to_contain_text("interventions : 1")
    expect(area5_cell).to_have_attribute("title", undp)  # UN Women's is only assigned
    expect(table.filter(has_text=area4_label)).to_contain_text(undp)
    expect(table.filter(has_text=area5_label)).not_to_contain_text(un_women)
    page.screenshot(path=str(artifacts / "support-chain-3w-fr.png"), full_page=True)
