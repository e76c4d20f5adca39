"""A node's DDR safeguard answers and the links between national and regional actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pveplan.core import audit
from pveplan.core.permissions import PLANS_WRITE
from pveplan.plans import ddr
from pveplan.plans.actions.registry import require_permission
from pveplan.plans.actions.structure import lock_node
from pveplan.plans.models import Plan, PlanNode, Scope


def node_answer_ddr_safeguards(
    *,
    node: PlanNode,
    by: Any,
    answers: dict[str, tuple[str, str]],
    expected_version: int,
) -> PlanNode:
    """Record the answers (question key -> (answer, note)) to the IDDRS safeguard questions.

    Only a DDR-linked node has them; an answer outside the safeguards needs a note saying why.
    """
    on_behalf = require_permission(by, PLANS_WRITE, node.plan.owner, "node.ddr_safeguards", node)
    errors: dict[str, list[str]] = {}
    for key, (answer, note) in answers.items():
        if key not in ddr.QUESTION_KEYS:
            errors.setdefault("__all__", []).append(_("Unknown safeguard question."))
        elif answer and answer not in ddr.Answer.values:
            errors.setdefault(key, []).append(_("Choose yes, no or not applicable."))
        elif answer == ddr.Answer.NO and not note.strip():
            errors.setdefault(key, []).append(
                _("Explain an answer outside the safeguards in the note.")
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = lock_node(node, expected_version)
        if not current.is_ddr_related:
            raise ValidationError(
                {"__all__": [_("Only a node linked to DDR has the safeguard checklist.")]}
            )
        before = dict(current.ddr_safeguards)
        recorded = dict(before)
        now = timezone.now().isoformat(timespec="seconds")
        for key, (answer, note) in answers.items():
            old = before.get(key) or {}
            if old.get("answer", "") == answer and old.get("note", "") == note.strip():
                continue
            recorded[key] = {
                "answer": answer,
                "note": note.strip(),
                "by": by.get_username(),
                "at": now,
            }
        current.ddr_safeguards = recorded
        current.version += 1
        current.save(update_fields=["ddr_safeguards", "version", "updated_at"])
        changed_before, changed_after = audit.diff(
            {k: (v or {}).get("answer") for k, v in before.items()},
            {k: v.get("answer") for k, v in recorded.items()},
        )
        audit.record(
            action="node.ddr_safeguards",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def regional_candidates(node: PlanNode, user: Any) -> list[PlanNode]:
    """Actions of the regional plans (visible to `user`) of the organizations whose member
    States include the country of `node`'s plan: what a national action may contribute to."""
    country_id = node.plan.owner.country_id
    if country_id is None:
        return []
    return list(
        PlanNode.objects.filter(
            plan__in=Plan.objects.visible_to(user),
            plan__scope=Scope.REGIONAL,
            plan__owner__regional_organization__member_countries=country_id,
        )
        .select_related("plan")
        .order_by("plan__code", "level", "position", "pk")
    )


def node_link_regional(
    *, node: PlanNode, by: Any, regional: PlanNode, expected_version: int
) -> PlanNode:
    """Record that national action `node` contributes to `regional` (an action of a regional
    plan of an organization the country belongs to). Decided by the national plan's team."""
    on_behalf = require_permission(by, PLANS_WRITE, node.plan.owner, "node.link_regional", node)
    if regional.pk not in {c.pk for c in regional_candidates(node, by)}:
        raise ValidationError(
            {
                "regional": [
                    _(
                        "Choose an action of a regional plan of an organization this "
                        "country belongs to."
                    )
                ]
            }
        )
    with transaction.atomic():
        current = lock_node(node, expected_version)
        current.contributes_to.add(regional)
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        audit.record(
            action="node.link_regional",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            after={"contributes_to": regional.pk},
        )
    return current


def node_unlink_regional(
    *, node: PlanNode, by: Any, regional: PlanNode, expected_version: int
) -> PlanNode:
    """Remove the link from national action `node` to regional action `regional`."""
    on_behalf = require_permission(by, PLANS_WRITE, node.plan.owner, "node.unlink_regional", node)
    with transaction.atomic():
        current = lock_node(node, expected_version)
        current.contributes_to.remove(regional)
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        audit.record(
            action="node.unlink_regional",
            actor=by,
            on_behalf_of=on_behalf,
            obj=current,
            before={"contributes_to": regional.pk},
        )
    return current
