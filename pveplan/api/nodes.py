"""A partial change to a plan node (PATCH) turned into the structure editor's NodeInput.

Fields left out keep their current values; tags and bodies are named by their codes. Unknown
codes are refused here with the same shape of 422 answer as the schema's own checks.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pveplan.api.schemas import NodePatch
from pveplan.core.i18n import UN_LANGUAGES, texts_of
from pveplan.plans.actions import NodeInput
from pveplan.plans.forms_structure import bodies_of
from pveplan.plans.models import Plan, PlanNode
from pveplan.taxonomy.models import Driver, GCTSPillar, PriorityArea, SDGTarget


def _merged(current: dict[str, str], given: dict[str, str] | None) -> dict[str, str]:
    texts = {code: current.get(code, "") for code in UN_LANGUAGES}
    texts.update(given or {})
    return texts


def _lookup(
    errors: dict[str, list[str]], name: str, rows: Any, key: str, wanted: list[Any]
) -> list[Any]:
    found = {getattr(row, key): row for row in rows.filter(**{f"{key}__in": wanted})}
    unknown = [str(value) for value in wanted if value not in found]
    if unknown:
        errors.setdefault(name, []).append(
            _("Unknown or not allowed here: %(values)s") % {"values": ", ".join(unknown)}
        )
    return [found[value] for value in dict.fromkeys(wanted) if value in found]


def patch_to_input(plan: Plan, node: PlanNode, patch: NodePatch) -> NodeInput:
    """The node's current content with the patch's fields applied; ValidationError on codes
    that name nothing (or a body outside the plan's country or regional organization)."""
    current = PlanNode.objects.for_tree().get(pk=node.pk)
    given = patch.model_dump(exclude_unset=True)
    data = NodeInput(
        texts=_merged(texts_of(current.text), given.get("texts")),
        code=current.code,
        rationales=_merged(texts_of(current.rationale), given.get("rationales")),
        priority_areas=list(current.priority_areas.all()),
        drivers=list(current.drivers.all()),
        gcts_pillars=list(current.gcts_pillars.all()),
        sdg_targets=list(current.sdg_targets.all()),
        lead_body=current.lead_body,
        partner_bodies=list(current.partner_bodies.all()),
        target_groups=current.target_groups,
        geography=current.geography,
        start_date=current.start_date,
        end_date=current.end_date,
        estimated_cost=current.estimated_cost,
        currency=current.currency,
        funding_source=current.funding_source,
        status=current.status,
        is_ddr_related=current.is_ddr_related,
    )
    for name in ("code", "target_groups", "geography", "funding_source", "currency"):
        if name in given:
            setattr(data, name, given[name] or "")
    for name in ("start_date", "end_date", "estimated_cost"):
        if name in given:
            setattr(data, name, given[name])
    if given.get("status") is not None:
        data.status = str(given["status"])
    if given.get("is_ddr_related") is not None:
        data.is_ddr_related = bool(given["is_ddr_related"])
    errors: dict[str, list[str]] = {}
    tags = [
        ("priority_areas", PriorityArea.objects.all(), "number"),
        ("drivers", Driver.objects.all(), "code"),
        ("gcts_pillars", GCTSPillar.objects.all(), "code"),
        ("sdg_targets", SDGTarget.objects.all(), "code"),
        ("partner_bodies", bodies_of(plan), "code"),
    ]
    for name, rows, key in tags:
        if given.get(name) is not None:
            setattr(data, name, _lookup(errors, name, rows, key, list(given[name])))
    if "lead_body" in given:
        wanted = given["lead_body"]
        found = _lookup(errors, "lead_body", bodies_of(plan), "code", [wanted]) if wanted else []
        data.lead_body = found[0] if found else None
    if errors:
        raise ValidationError(errors)
    return data
