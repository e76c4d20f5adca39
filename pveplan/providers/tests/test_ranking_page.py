"""The ranking page of a request: providers in order, each factor explained, duplicates flagged."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from pveplan.providers.tests.factories import assigned, capability, offer, support_request
from pveplan.support.models import Modality
from pveplan.testing import World

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_page_ranks_explains_and_flags_duplicates(
    world: World, django_assert_max_num_queries: Any
) -> None:
    capability("unesco", levels={4: 3}, modalities=(Modality.TRAINING,), countries=("JOR",))
    capability("undp", levels={4: 1}, modalities=(Modality.DRAFTING,))
    other = assigned("jor", "un-women", title="Women and youth", areas=(4, 5))
    request = support_request(
        "jor",
        title="Youth resilience",
        areas=(4,),
        modality=Modality.TRAINING,
        start=D(2026, 2, 1),
    )
    offer(request, "undp")
    with translation.override("en"):
        url = reverse("providers:ranking", kwargs={"pk": request.pk})
    client = world.client("a_focal")
    with django_assert_max_num_queries(30):
        body = client.get(url).content.decode()
    unesco = body.index("United Nations Educational, Scientific and Cultural Organization")
    undp = body.index("<h3>United Nations Development Programme</h3>")
    assert unesco < undp
    assert "Expert in PoA area 4 (Empowering youth)." in body
    assert "30 of 30 points" in body and "Does not offer training." in body
    assert '<meter min="0" max="30" value="30"' in body
    assert "has offered" in body[undp:]
    assert "Possible duplicates" in body
    assert reverse("support:detail", kwargs={"pk": other.pk}) in body
    assert "“Women and youth” (Jordan) is assigned to" in body


def test_without_duplicates_the_page_says_so(world: World) -> None:
    request = support_request("jor", title="Youth resilience", areas=(4,))
    with translation.override("en"):
        url = reverse("providers:ranking", kwargs={"pk": request.pk})
    body = world.client("unoct").get(url).content.decode()
    assert "No other active or planned support for the same place" in body
    assert "nobody can be ranked" in body
