"""Ranking providers for a request: order, points and explanations on a hand-made catalogue."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pveplan.providers.matching import WEIGHTS, rank_providers
from pveplan.providers.tests.factories import assigned, capability, support_request
from pveplan.support.models import Modality, RequestStatus
from pveplan.testing import World

pytestmark = pytest.mark.django_db
D = datetime.date


def _catalogue() -> None:
    # UNESCO: expert in youth, present in Jordan, Arabic, training: the best fit below.
    capability(
        "unesco",
        levels={4: 3, 6: 3},
        modalities=(Modality.TRAINING,),
        countries=("JOR",),
        languages=("ar", "en"),
        groups=("WG-PVE",),
        capacity=3,
    )
    # UNDP: some youth expertise, present next door (Lebanon, same sub-region), no Arabic.
    capability(
        "undp",
        levels={4: 2},
        modalities=(Modality.TRAINING, Modality.DRAFTING),
        countries=("LBN",),
        languages=("en",),
        groups=("WG-PVE", "WG-STRATEGIES"),
        capacity=1,
    )
    # UNODC: nothing that fits.
    capability("unodc", levels={2: 3}, modalities=(Modality.LEGAL_REVIEW,), capacity=0)
    # A donor, ranked only when the request is shared with donors.
    capability("test-donor", levels={4: 3}, modalities=(Modality.TRAINING,), countries=("JOR",))


def _request(**fields: Any) -> Any:
    values: dict[str, Any] = {
        "title": "Youth resilience",
        "areas": (4,),
        "modality": Modality.TRAINING,
        "languages": ("ar",),
        "start": D(2026, 3, 1),
    }
    values.update(fields)
    return support_request("jor", **values)


def test_providers_are_ranked_best_fit_first_with_donors_left_out(world: World) -> None:
    _catalogue()
    with translation.override("en"):
        ranked = rank_providers(_request())
    assert [m.provider.code for m in ranked] == ["unesco", "undp", "unodc"]
    best = ranked[0]
    assert best.score == 90  # all but a past record in Jordan
    factors = {f.key: f for f in best.factors}
    assert set(factors) == set(WEIGHTS) and sum(WEIGHTS.values()) == 100
    assert factors["areas"].points == 30
    assert factors["areas"].explanation == "Expert in PoA area 4 (Empowering youth)."
    assert factors["presence"].explanation == "Present in Jordan."
    assert factors["languages"].explanation == "Works in Arabic, as asked."
    assert factors["capacity"].explanation.startswith("3 engagements left in 2026")


def test_each_factor_explains_partial_points(world: World) -> None:
    _catalogue()
    with translation.override("en"):
        undp = next(m for m in rank_providers(_request()) if m.provider.code == "undp")
    factors = {f.key: f for f in undp.factors}
    assert (factors["areas"].points, factors["areas"].weight) == (20, 30)
    assert factors["areas"].explanation == "Experienced in PoA area 4 (Empowering youth)."
    assert factors["presence"].points == 7
    assert "Not present in Jordan, but in 1 other country of its sub-region" in (
        factors["presence"].explanation
    )
    assert factors["languages"].points == 0
    assert "none of the languages asked (Arabic)" in factors["languages"].explanation
    assert factors["capacity"].points == 5  # one engagement left
    assert undp.score == 20 + 15 + 7 + 0 + 10 + 5 + 0


def test_donors_are_ranked_for_requests_shared_with_them(world: World) -> None:
    _catalogue()
    ranked = rank_providers(_request(shared_with_donors=True))
    assert "test-donor" in [m.provider.code for m in ranked]


def test_active_assignments_use_up_capacity(world: World) -> None:
    _catalogue()
    assigned("lbn", "unesco", status=RequestStatus.IN_DELIVERY)
    assigned("lbn", "unesco", status=RequestStatus.ASSIGNED)
    with translation.override("en"):
        unesco = next(m for m in rank_providers(_request()) if m.provider.code == "unesco")
    capacity = next(f for f in unesco.factors if f.key == "capacity")
    assert capacity.points == 5
    assert capacity.explanation == ("1 engagement left in 2026 (capacity 3, 2 under way).")


def test_well_rated_past_support_in_the_country_counts(world: World) -> None:
    _catalogue()
    assigned("jor", "undp", status=RequestStatus.CLOSED, rating=5)
    assigned("jor", "undp", status=RequestStatus.CLOSED, rating=4)
    assigned("lbn", "unodc", status=RequestStatus.CLOSED, rating=5)  # another country
    with translation.override("en"):
        ranked = {m.provider.code: m for m in rank_providers(_request())}
    record = next(f for f in ranked["undp"].factors if f.key == "record")
    assert record.points == 10
    assert record.explanation == ("Delivered support 2 times in Jordan, rated 4.5 of 5 on average.")
    assert next(f for f in ranked["unodc"].factors if f.key == "record").points == 0


def test_ties_are_broken_the_same_way_every_time(world: World) -> None:
    for code in ("unicef", "unesco", "ilo"):
        capability(code, levels={4: 1}, modalities=(Modality.TRAINING,))
    first = [m.provider.code for m in rank_providers(_request())]
    assert first == sorted(first)  # equal scores: by the provider's code
    with translation.override("ar"):
        assert [m.provider.code for m in rank_providers(_request())] == first


def test_explanations_follow_the_language_of_the_page(world: World) -> None:
    _catalogue()
    with translation.override("fr"):
        ranked = rank_providers(_request())
    names = [f.name for f in ranked[0].factors]
    assert all(names)
    assert "Jordanie" in ranked[0].factors[2].explanation


def test_the_ranking_reads_a_constant_number_of_queries(world: World) -> None:
    request = _request()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rank_providers(request)
        return len(queries)

    capability("unesco", levels={4: 3}, countries=("JOR", "LBN"), groups=("WG-PVE",))
    few = count()
    for code in ("undp", "unodc", "unicef", "un-women", "ilo", "iom", "unfpa", "unitar"):
        capability(code, levels={4: 2, 5: 1}, countries=("JOR", "TUN"), groups=("WG-PVE",))
        assigned("lbn", code, status=RequestStatus.ASSIGNED)
        assigned("jor", code, status=RequestStatus.CLOSED, rating=4)
    assert len(rank_providers(request)) == 9
    assert count() == few


def test_for_a_regional_organization_presence_means_working_with_it_or_its_members(
    world: World,
) -> None:
    capability("undp", levels={4: 3}, regional=("ASEAN",))
    capability("unesco", levels={4: 3}, countries=("IDN", "PHL"))
    capability("unodc", levels={4: 3}, countries=("KEN",))
    with translation.override("en"):
        ranked = rank_providers(support_request("asean", areas=(4,)))
    presence = {m.provider.code: next(f for f in m.factors if f.key == "presence") for m in ranked}
    assert presence["undp"].points == 15
    assert presence["undp"].explanation == "Works with Association of Southeast Asian Nations."
    assert presence["unesco"].points == 7
    assert presence["unesco"].explanation == (
        "Present in 2 member States of Association of Southeast Asian Nations."
    )
    assert presence["unodc"].points == 0
    assert [m.provider.code for m in ranked] == ["undp", "unesco", "unodc"]
