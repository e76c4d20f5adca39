"""Guidance and checklists for the ten phases of developing and living with a plan.

Written for this project from the phase model in DOMAIN.md (a synthesis of the UNOCT Reference
Guide's process, Hedayah's seven steps and real processes in Lebanon, Nigeria and Mali); it is
advice, not a quotation. Keys are stable: stored checklist answers point to them, so rename a key
only with a data migration. Keys are unique across all phases. A phase code not listed here (a
phase added in the admin) simply has no guidance and no checklist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PhaseGuidance:
    """What a phase is for, and the concrete things that show it is done."""

    text: Promise
    items: tuple[tuple[str, Promise], ...]

    def item_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _text in self.items)


NO_GUIDANCE = PhaseGuidance(text=_("No guidance has been written for this phase."), items=())

GUIDANCE: dict[str, PhaseGuidance] = {
    "PH0": PhaseGuidance(
        text=_(
            "Before any drafting, the plan needs a mandate at the highest level available: a "
            "decision of the head of government or the cabinet (for a regional plan, of the "
            "organization's ministerial body) that asks for a plan, names who leads the work "
            "and sets a rough timetable. Say in the mandate that the plan is about prevention, "
            "as and when conducive to terrorism, and that it will be developed with civil "
            "society: it makes the later phases easier."
        ),
        items=(
            (
                "mandate_decision",
                _(
                    "A formal decision (decree, cabinet decision, ministerial "
                    "declaration) asks for the plan"
                ),
            ),
            ("mandate_lead_named", _("The decision names the body that leads the process")),
            (
                "mandate_scope",
                _(
                    "Scope agreed: national or regional, the period covered, and the "
                    "link to existing security and development strategies"
                ),
            ),
            ("mandate_timetable", _("An indicative timetable up to adoption is set")),
            (
                "mandate_support",
                _("Whether UN or partner support is needed has been decided, and requested if so"),
            ),
        ),
    ),
    "PH1": PhaseGuidance(
        text=_(
            "Set up the structures that will carry the plan beyond drafting: a lead agency or "
            "coordination unit with staff, an inter-ministerial committee where every relevant "
            "ministry sits, a small secretariat for the daily work, and named focal points in "
            "each ministry (or sectoral body, for a regional plan). Structures that outlive the "
            "drafting are what make implementation and review possible later."
        ),
        items=(
            ("setup_lead_agency", _("Lead agency or coordination unit designated and staffed")),
            (
                "setup_committee",
                _(
                    "Inter-ministerial (or inter-sectoral) committee established, "
                    "with terms of reference"
                ),
            ),
            ("setup_secretariat", _("Secretariat in place to run the process day to day")),
            (
                "setup_focal_points",
                _("Focal points named in each participating ministry or sectoral body"),
            ),
            (
                "setup_civil_society",
                _("A standing channel with civil society, women's and youth organizations agreed"),
            ),
        ),
    ),
    "PH2": PhaseGuidance(
        text=_(
            "Ground the plan in evidence about this country's or region's own drivers of violent "
            "extremism, push and pull, rather than in assumptions. Map what already exists: "
            "government programmes, projects supported by donors and the UN, and the capacities "
            "and gaps of the institutions that will implement the plan. The mapping avoids "
            "duplicated support later and gives monitoring its baseline."
        ),
        items=(
            (
                "evidence_drivers",
                _(
                    "Research on local drivers done or commissioned, by area, sex "
                    "and age where possible"
                ),
            ),
            (
                "evidence_mapping",
                _("Existing initiatives of government, civil society, donors and the UN mapped"),
            ),
            (
                "evidence_capacity",
                _("Capacity-needs assessment of the implementing institutions carried out"),
            ),
            (
                "evidence_legal",
                _(
                    "Legal and policy framework reviewed (counter-terrorism law, "
                    "human rights obligations, related strategies)"
                ),
            ),
            ("evidence_baseline", _("Baseline data for future indicators identified")),
        ),
    ),
    "PH3": PhaseGuidance(
        text=_(
            "Consult widely and in both directions: ministries and local government, civil "
            "society, women's and youth organizations, religious and community leaders, the "
            "private sector, media and academia, in the capital and in the areas most affected. "
            "Record who took part and what became of each input; a reasoned answer to every "
            "input builds the trust implementation will need. Protect participants who ask not "
            "to be named."
        ),
        items=(
            (
                "consult_stakeholders",
                _(
                    "Stakeholders to consult identified, including women, "
                    "youth, religious and community leaders"
                ),
            ),
            (
                "consult_local",
                _("Consultations held outside the capital, in the areas most affected"),
            ),
            (
                "consult_participation",
                _("Participation recorded by stakeholder type, sex and age group"),
            ),
            (
                "consult_inputs_answered",
                _(
                    "Each input recorded with what became of it "
                    "(accepted, partly, declined) and why"
                ),
            ),
            (
                "consult_safety",
                _("Participants' safety and anonymity protected where they asked for it"),
            ),
        ),
    ),
    "PH4": PhaseGuidance(
        text=_(
            "Draft in two steps: first the strategy (vision, pillars or priority areas, often "
            "adapted from the seven areas of the Secretary-General's Plan of Action, and "
            "objectives), then the action matrix, where every action has a lead body, partners, "
            "a timeframe, indicators and an estimated cost. A theory of change that links the "
            "actions to the drivers found in the evidence phase makes the plan measurable. "
            "Check each action for human rights and do-no-harm risks."
        ),
        items=(
            (
                "draft_strategy",
                _("Strategy drafted: vision, pillars or priority areas, objectives"),
            ),
            (
                "draft_matrix",
                _("Action matrix drafted, each action with a lead body, partners and a timeframe"),
            ),
            (
                "draft_theory_of_change",
                _("Theory of change links the actions to the drivers identified"),
            ),
            (
                "draft_indicators",
                _("Indicators with baselines and targets proposed for each objective"),
            ),
            (
                "draft_rights_review",
                _("Human rights, gender and do-no-harm review of the draft done"),
            ),
        ),
    ),
    "PH5": PhaseGuidance(
        text=_(
            "Take the draft back to the people consulted (a validation workshop) before "
            "adoption, then have it adopted by an act with legal or political force: a decree, "
            "a cabinet decision, a law, or a ministerial declaration for a regional plan. "
            "Adoption by such an act gives the plan standing in budgets and in ministries' work "
            "plans. Publish the plan, or a public summary, unless there is a reason not to."
        ),
        items=(
            ("adopt_validation_workshop", _("Validation workshop held with those consulted")),
            (
                "adopt_comments",
                _("Comments from the validation addressed and the final draft circulated"),
            ),
            (
                "adopt_act",
                _("Plan adopted by a legal or political act (decree, cabinet decision, law)"),
            ),
            ("adopt_published", _("Plan published, or a public summary released")),
            ("adopt_launch", _("Plan launched and made known to the public and partners")),
        ),
    ),
    "PH6": PhaseGuidance(
        text=_(
            "A plan without a budget is rarely implemented. Estimate the cost of each action, "
            "show what national (or the organization's) budgets already cover, and the gap. "
            "Bring the gap to partners together, at a round table or in the donor working "
            "group, rather than project by project, so that support follows the plan's "
            "priorities and is not duplicated."
        ),
        items=(
            ("cost_actions", _("Every action has an estimated cost and a funding source")),
            (
                "cost_budget_lines",
                _("Budget lines for the plan identified in the national or organization's budget"),
            ),
            ("cost_gap", _("Funding gap calculated for each pillar or priority area")),
            (
                "cost_partners",
                _("Partners convened to cover the gap (round table, donor working group)"),
            ),
            ("cost_commitments", _("Partners' commitments recorded against actions")),
        ),
    ),
    "PH7": PhaseGuidance(
        text=_(
            "Turn the plan into the yearly work plans of the ministries and bodies that lead "
            "its actions, and bring it closer to communities: sub-national plans for counties, "
            "states or provinces, or the sectoral bodies' work plans for a regional plan. Keep "
            "the coordination structures meeting, and support the implementers whose capacity "
            "the assessment found lacking."
        ),
        items=(
            (
                "implement_work_plans",
                _("Lead bodies have put their actions in their yearly work plans"),
            ),
            (
                "implement_local_plans",
                _("Sub-national plans (or sectoral bodies' work plans) developed where needed"),
            ),
            ("implement_coordination", _("The coordination committee meets at the agreed rhythm")),
            ("implement_capacity", _("Capacity-building for implementers under way")),
            (
                "implement_communication",
                _("A communication plan reaches the public and the communities concerned"),
            ),
        ),
    ),
    "PH8": PhaseGuidance(
        text=_(
            "Agree how progress is measured and who reports what, and when: a monitoring "
            "framework with indicators, baselines and targets, a reporting calendar (for "
            "example, ministries report to the coordinator every year by a set date) and a way "
            "to keep the data. Report openly and plan independent evaluations. Prevention is "
            "hard to prove, so look for changes in attitudes, behaviour and relationships, not "
            "only activities delivered."
        ),
        items=(
            (
                "monitor_framework",
                _("Monitoring framework adopted, with indicators, baselines and targets"),
            ),
            ("monitor_calendar", _("Reporting calendar and responsibilities agreed")),
            ("monitor_data", _("Data collected and kept, disaggregated by sex and age")),
            ("monitor_first_report", _("First progress report compiled and shared")),
            (
                "monitor_evaluation",
                _("Mid-term or final evaluation planned or done, by an independent evaluator"),
            ),
        ),
    ),
    "PH9": PhaseGuidance(
        text=_(
            "Plans are living documents. Review the plan at set intervals, and whenever the "
            "threat or the context changes: what was done, what worked, what the evaluation "
            "found, what changed in the drivers. Involve the people consulted at the start, "
            "then decide whether to extend, revise or replace the plan, and begin again at the "
            "phase the new plan needs."
        ),
        items=(
            ("review_date_set", _("Review date set and agreed")),
            ("review_lessons", _("Lessons from implementation and evaluation gathered")),
            ("review_context", _("Analysis of the drivers and the threat updated")),
            ("review_consulted", _("Stakeholders consulted on the review")),
            (
                "review_decision",
                _("Decision to extend, revise or replace the plan taken and recorded"),
            ),
        ),
    ),
}


def guidance_for(code: str) -> PhaseGuidance:
    """The guidance of phase `code`, or an empty one for a phase nobody wrote guidance for."""
    return GUIDANCE.get(code, NO_GUIDANCE)


def item_text(code: str, key: str) -> Promise | None:
    """The text of checklist item `key` of phase `code`, None if the phase has no such item."""
    return dict(guidance_for(code).items).get(key)
