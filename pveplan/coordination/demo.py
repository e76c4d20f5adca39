"""Illustrative coordination groups for the demo: Jordan's UN country team PVE working group
(UNOCT, UNDP and Jordan's Community Peace Building Unit), the programme's donor working group
(Norway), and an ASEAN regional task force with SOMTC. Meetings with minutes in Arabic and
English, numbered decisions, and action items (one overdue) linked to a demo plan's actions.
Everything goes through the actions, as a user would do it.

`seed_demo()` is idempotent: a group that exists is left as it is, with its content. Dates are
relative to the day it runs, so the overdue item is overdue whenever the demo is set up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from pveplan.accounts.models import Organization, User
from pveplan.coordination import actions
from pveplan.coordination.models import (
    CoordinationGroup,
    GroupKind,
    ItemStatus,
    MeetingFormat,
    MeetingStatus,
    MemberRole,
)
from pveplan.plans.models import PlanNode
from pveplan.taxonomy.models import Country, RegionalOrganization

ILLUSTRATIVE = "Illustrative sample group for the demo, not a real body."
JORDAN_DRAFT = "demo-jor-revision-draft-2027"

JORDAN_MINUTES = {
    "ar": (
        "استعرض الفريق مسودة الخطة الوطنية المحدَّثة وطلبات الدعم المقدمة من وحدة بناء السلام "
        "المجتمعي.\n"
        "اتُّفق على أن يتولى برنامج الأمم المتحدة الإنمائي دعم اللجان المحلية للسلم المجتمعي، "
        "وأن يعدّ مكتب الأمم المتحدة لمكافحة الإرهاب خريطة للدعم المقدَّم حسب محاور الخطة."
    ),
    "en": (
        "The group reviewed the draft revised national plan and the support requests from the "
        "Community Peace Building Unit.\n"
        "It agreed that UNDP supports the local community-peace committees, and that UNOCT maps "
        "the support given by pillar of the plan."
    ),
}


@dataclass(frozen=True)
class DemoItem:
    title: str
    owner: str  # organization code
    due_in_days: int
    status: str = ItemStatus.OPEN
    nodes: tuple[str, ...] = ()  # node codes of the Jordan draft plan
    decision: int | None = None  # the number of the decision it follows


@dataclass(frozen=True)
class DemoGroup:
    kind: str
    names: dict[str, str]
    original_language: str
    convener: str
    members: tuple[tuple[str, str], ...]  # (organization code, role)
    country: str = ""
    regional_organization: str = ""
    decisions: tuple[str, ...] = ()
    items: tuple[DemoItem, ...] = ()
    minutes: dict[str, str] = field(default_factory=dict)
    minutes_language: str = "en"
    agenda: str = ""


GROUPS: tuple[DemoGroup, ...] = (
    DemoGroup(
        kind=GroupKind.UNCT_WG,
        names={
            "ar": "فريق عمل الأمم المتحدة القُطري المعني بمنع التطرف العنيف في الأردن",
            "en": "Jordan UN country team PVE working group",
        },
        original_language="en",
        country="JOR",
        convener="unoct",
        members=(("undp", MemberRole.MEMBER), ("jor-cpbu", MemberRole.MEMBER)),
        agenda="1. Draft revised national plan\n2. Support requests\n3. Work plan for the year",
        minutes=JORDAN_MINUTES,
        minutes_language="ar",
        decisions=(
            "UNDP leads UN support to the local community-peace committees (action 1.1).",
            "UNOCT maps current UN and donor support by pillar before the next meeting.",
        ),
        items=(
            DemoItem(
                "Map UN and donor support by pillar of the draft plan",
                "unoct",
                -10,
                ItemStatus.IN_PROGRESS,
                ("1", "2"),
                decision=2,
            ),
            DemoItem(
                "Propose a support package for the community-peace committees",
                "undp",
                20,
                nodes=("1.1",),
                decision=1,
            ),
            DemoItem(
                "Share the draft youth mentoring programme with the group",
                "jor-cpbu",
                -30,
                ItemStatus.DONE,
                ("1.2",),
            ),
        ),
    ),
    DemoGroup(
        kind=GroupKind.DONOR_WG,
        names={
            "en": "PVE programme donor working group",
            "fr": "Groupe de travail des donateurs du programme PEV",
        },
        original_language="en",
        convener="unoct",
        members=(("norway-mfa", MemberRole.MEMBER),),
        agenda="1. Programme results\n2. Funding gaps for the coming year",
        minutes={"en": "Norway confirmed its contribution for the coming year."},
        decisions=("The group meets twice a year, after each programme report.",),
        items=(DemoItem("Circulate the programme's funding gaps", "unoct", 14),),
    ),
    DemoGroup(
        kind=GroupKind.REGIONAL_TASK_FORCE,
        names={"en": "ASEAN regional task force on PCRVE"},
        original_language="en",
        regional_organization="ASEAN",
        convener="asean",
        members=(
            ("asean-somtc", MemberRole.MEMBER),
            ("unoct", MemberRole.OBSERVER),
            ("undp", MemberRole.OBSERVER),
        ),
        agenda="1. Bali Work Plan progress\n2. Sectoral bodies' reports",
        minutes={"en": "SOMTC reported on the Bali Work Plan's activities."},
        decisions=("SOMTC collects the sectoral bodies' progress reports each year.",),
        items=(DemoItem("Send the template for the sectoral bodies' reports", "asean-somtc", 30),),
    ),
)


def _existing(spec: DemoGroup) -> CoordinationGroup | None:
    for group in CoordinationGroup.objects.filter(kind=spec.kind):
        if group.name_in("en") == spec.names["en"]:
            return group
    return None


def _seed_group(spec: DemoGroup, officer: Any, today: datetime.date) -> CoordinationGroup:
    orgs = {
        o.code: o
        for o in Organization.objects.with_labels().filter(
            code__in=[spec.convener, *(code for code, _ in spec.members)]
        )
    }
    group = actions.group_create(
        by=officer,
        data=actions.GroupInput(
            kind=spec.kind,
            original_language=spec.original_language,
            names=spec.names,
            convener=orgs[spec.convener],
            country=Country.objects.get(code=spec.country) if spec.country else None,
            regional_organization=(
                RegionalOrganization.objects.get(code=spec.regional_organization)
                if spec.regional_organization
                else None
            ),
            description=ILLUSTRATIVE,
        ),
    )
    members = [
        actions.member_add(group=group, by=officer, organization=orgs[code], role=role)
        for code, role in spec.members
    ]
    held = actions.meeting_create(
        group=group,
        by=officer,
        data=actions.MeetingInput(
            date=today - datetime.timedelta(days=35),
            format=MeetingFormat.HYBRID,
            place="Amman" if spec.country == "JOR" else "",
            agenda=spec.agenda,
            status=MeetingStatus.HELD,
            minutes=spec.minutes,
            minutes_language=spec.minutes_language,
        ),
    )
    chair = group.members.get(role=MemberRole.CHAIR)
    actions.attendance_set(
        meeting=held, by=officer, present=[chair, *members], expected_version=held.version
    )
    actions.meeting_create(
        group=group,
        by=officer,
        data=actions.MeetingInput(
            date=today + datetime.timedelta(days=21),
            format=MeetingFormat.ONLINE,
            agenda=spec.agenda,
        ),
    )
    decisions = [
        actions.decision_record(group=group, by=officer, text=text, date=held.date, meeting=held)
        for text in spec.decisions
    ]
    nodes = {n.code: n for n in PlanNode.objects.filter(plan__code=JORDAN_DRAFT)}
    for spec_item in spec.items:
        item = actions.action_item_create(
            group=group,
            by=officer,
            data=actions.ItemInput(
                title=spec_item.title,
                due_date=today + datetime.timedelta(days=spec_item.due_in_days),
                owner_organization=orgs[spec_item.owner],
                decision=decisions[spec_item.decision - 1] if spec_item.decision else None,
                plan_nodes=[nodes[code] for code in spec_item.nodes if code in nodes],
            ),
        )
        if spec_item.status != ItemStatus.OPEN:
            actions.action_item_set_status(
                item=item, by=officer, status=spec_item.status, expected_version=item.version
            )
    return group


def seed_demo() -> list[str]:
    """Add the illustrative coordination groups that are missing; say what was added."""
    officer = User.objects.filter(username="unoct.officer").first()
    needed = {"unoct", "undp", "jor-cpbu", "norway-mfa", "asean", "asean-somtc"}
    found = set(Organization.objects.filter(code__in=needed).values_list("code", flat=True))
    if officer is None or found != needed:
        return ["coordination: skipped (run seed_demo for the demo accounts first)"]
    today = timezone.localdate()
    lines: list[str] = []
    with transaction.atomic():
        for spec in GROUPS:
            if _existing(spec) is None:
                group = _seed_group(spec, officer, today)
                lines.append(f"coordination group: {group.name_in('en')}")
    return lines
