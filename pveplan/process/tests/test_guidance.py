"""The guidance written for each phase: complete, with stable keys unique across phases."""

from __future__ import annotations

import pytest
from django.utils.functional import Promise

from pveplan.process.guidance import GUIDANCE, guidance_for, item_text
from pveplan.taxonomy.models import PlanPhase as Phase

pytestmark = pytest.mark.django_db


def test_every_phase_of_the_reference_data_has_guidance_and_three_to_six_items() -> None:
    codes = list(Phase.objects.order_by("number").values_list("code", flat=True))
    assert codes == sorted(GUIDANCE) and len(codes) == 10
    for code in codes:
        guidance = guidance_for(code)
        assert 3 <= len(guidance.items) <= 6, code
        assert len(str(guidance.text)) > 200, code


def test_item_keys_are_unique_across_phases_and_fit_the_column() -> None:
    keys = [key for guidance in GUIDANCE.values() for key in guidance.item_keys()]
    assert len(keys) == len(set(keys))
    assert all(key.isidentifier() and len(key) <= 60 for key in keys)


def test_a_phase_without_guidance_has_an_empty_checklist() -> None:
    assert guidance_for("PH42").items == () and item_text("PH42", "x") is None
    assert str(item_text("PH3", "consult_local")).startswith("Consultations held outside")


def test_the_texts_are_translated_when_shown_not_when_imported() -> None:
    guidance = guidance_for("PH0")
    assert isinstance(guidance.text, Promise)
    assert all(isinstance(text, Promise) for _key, text in guidance.items)
