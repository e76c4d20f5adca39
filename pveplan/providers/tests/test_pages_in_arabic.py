"""Every providers page renders right to left in Arabic, with Arabic labels."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from pveplan.providers.tests.factories import assigned, capability, support_request
from pveplan.support.models import Modality
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


def test_the_pages_read_right_to_left(world: World) -> None:
    capability("unesco", levels={4: 3}, modalities=(Modality.TRAINING,), countries=("JOR",))
    assigned("jor", "unesco", areas=(4,))
    request = support_request("jor", title="تمكين الشباب", areas=(4,))
    client = world.client("unoct")
    with translation.override("ar"):
        pages = {
            "catalogue": reverse("providers:catalogue"),
            "edit": reverse(
                "providers:capability_edit", kwargs={"pk": org("unesco").pk, "year": 2026}
            ),
            "ranking": reverse("providers:ranking", kwargs={"pk": request.pk}),
            "gaps": reverse("providers:gaps"),
            "three_w": reverse("providers:three_w"),
        }
    for name, url in pages.items():
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, name
        assert '<html lang="ar" dir="rtl">' in body, name
    three_w = client.get(pages["three_w"]).content.decode()
    assert "الأردن" in three_w  # Jordan, in Arabic
    ranking = client.get(pages["ranking"]).content.decode()
    assert "تمكين الشباب" in ranking
