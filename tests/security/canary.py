"""Canary data for the sentinel sweep (test_canary_sweep.py): seeding and text extraction.

Each country's team gets confidential records carrying sentinel strings (`CANARY<CC><KIND><hex>`)
and sentinel numbers, made through the apps' actions as the pages make them. Every sentinel has
the set of personas allowed to see it; the sweep fails when anyone else's answer carries it.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from pveplan.accounts.models import Organization
from pveplan.assessments import actions as assessment_actions
from pveplan.assessments.models import Response
from pveplan.consultations import actions as consultation_actions
from pveplan.consultations.models import StakeholderType
from pveplan.coordination import actions as coordination_actions
from pveplan.coordination.models import GroupKind, MeetingStatus
from pveplan.core.models import TaskProgress
from pveplan.core.permissions import Role
from pveplan.documents.models import SegmentKind
from pveplan.documents.tests.factories import Seg, make_document
from pveplan.funding import actions as funding_actions
from pveplan.instruments import actions as instrument_actions
from pveplan.plans import actions as plan_actions
from pveplan.plans.exports import tasks as export_tasks
from pveplan.plans.models import Sensitivity, VersionReason
from pveplan.process import actions as process_actions
from pveplan.process.tests.helpers import pdf_bytes
from pveplan.support import actions as support_actions
from pveplan.taxonomy.models import PlanPhase as Phase
from pveplan.taxonomy.models import PriorityArea
from pveplan.testing import PERSONAS, World, make_user, org, plan_input

GLOBAL = frozenset({"unoct", "admin"})
# A third country's editor joins the sweep's personas (Mali, seeded beside Jordan and Lebanon).
EXTRA_PERSONAS: dict[str, tuple[str, str]] = {"m_editor": ("mli", Role.EDITOR)}
# country code -> (organization code, its team's personas, the persona who writes for it)
COUNTRIES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "JOR": ("jor", ("a_viewer", "a_editor", "a_focal"), "a_editor"),
    "LBN": ("lbn", ("b_editor",), "b_editor"),
    "MLI": ("mli", ("m_editor",), "m_editor"),
}
# Sentinel numbers: distinct 7-digit integers per country and kind (amounts, costs).
NUMBERS: dict[tuple[str, str], int] = {
    ("JOR", "NODECOST"): 7301947,
    ("LBN", "NODECOST"): 8402958,
    ("MLI", "NODECOST"): 6503869,
    ("JOR", "ALLOCATION"): 2715263,
    ("LBN", "ALLOCATION"): 2826374,
    ("MLI", "ALLOCATION"): 2937485,
    ("JOR", "CONTRIBUTION"): 7148596,
    ("LBN", "CONTRIBUTION"): 8259607,
    ("MLI", "CONTRIBUTION"): 6360718,
}
PHASE_CODE = "PH1"
DIMENSION = "institutions"


@dataclass(frozen=True)
class Sentinel:
    country: str
    kind: str
    text: str  # the token, or the number's digits
    allowed: frozenset[str]
    is_number: bool = False

    @property
    def pattern(self) -> str:
        if not self.is_number:
            return re.escape(self.text)
        # 7301947 also as 7,301,947 / 7 301 947 / 7.301.947 (and with no-break spaces).
        digits = self.text
        groups = [digits[: len(digits) % 3 or 3]]
        rest = digits[len(groups[0]) :]
        groups += [rest[i : i + 3] for i in range(0, len(rest), 3)]
        return r"(?<![0-9A-Za-z])" + r"[,.\s\u00a0\u202f']?".join(groups) + r"(?![0-9])"


@dataclass
class Canary:
    """Every sentinel seeded, and the objects whose ids the sweep requests."""

    sentinels: list[Sentinel] = field(default_factory=list)
    ids: dict[str, set[int]] = field(default_factory=dict)
    tokens: list[str] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)
    # country code -> the records other ones link to (its confidential action, request...)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    def token(self, country: str, kind: str, allowed: Iterable[str], suffix: str) -> str:
        text = f"CANARY{country}{kind}{suffix}"
        self.sentinels.append(Sentinel(country, kind, text, frozenset(allowed) | GLOBAL))
        return text

    def number(self, country: str, kind: str, allowed: Iterable[str]) -> int:
        value = NUMBERS[(country, kind)]
        self.sentinels.append(
            Sentinel(country, kind, str(value), frozenset(allowed) | GLOBAL, is_number=True)
        )
        return value

    def add(self, key: str, *objects: Any) -> None:
        self.ids.setdefault(key, set()).update(o.pk for o in objects)

    def finder(self) -> re.Pattern[str]:
        return re.compile(
            "|".join(f"(?P<s{i}>{s.pattern})" for i, s in enumerate(self.sentinels)),
            re.IGNORECASE,
        )


def _user(world: World, persona: str) -> Any:
    return world.users[persona]


def seed(world: World) -> Canary:
    """Seed every country's confidential records (see the sweep's docstring for the rules)."""
    for name, membership in EXTRA_PERSONAS.items():
        world.users[name] = make_user(name, membership)
    canary = Canary(users=world.users)
    other_donor = _donor("canary-donor", "Canary other donor")
    for number, (country, (org_code, team, writer)) in enumerate(COUNTRIES.items()):
        _seed_country(world, canary, country, org(org_code), team, writer, other_donor, number)
    _seed_cross_links(world, canary)
    # A public exchange rate, so the rate pages are swept with an object too.
    funding_actions.rate_set(
        by=world.users["unoct"],
        currency="NOK",
        date=datetime.date(2026, 1, 1),
        usd_per_unit=Decimal("0.095"),
        source="UN operational rate",
    )
    # The world's public and partners plans, whose pages others see, are swept too.
    canary.add("plan", world.plans["a_public"], world.plans["a_partners"])
    return canary


def _donor(code: str, name: str) -> Organization:
    from pveplan.accounts import actions as account_actions
    from pveplan.accounts.models import OrganizationKind

    found = Organization.objects.filter(code=code).first()
    if found is not None:
        return found
    return account_actions.organization_create(
        by=None, organization=Organization(kind=OrganizationKind.DONOR, code=code, name_en=name)
    )


def _seed_country(
    world: World,
    canary: Canary,
    cc: str,
    owner: Organization,
    team: tuple[str, ...],
    writer_name: str,
    other_donor: Organization,
    index: int,
) -> None:
    admin = _user(world, "admin")
    unoct = _user(world, "unoct")
    writer = _user(world, writer_name)
    # Writers of the plan (plans:write): the viewer is on the team but not among them.
    writers = [p for p in team if p != "a_viewer"]
    suffix = f"Z{index}Q"

    def t(kind: str, allowed: Iterable[str] = team) -> str:
        return canary.token(cc, kind, allowed, suffix)

    area = PriorityArea.objects.get(number=4)
    # Plan, structure and version.
    plan_title = t("PLAN")
    plan = plan_actions.plan_create(
        by=admin,
        data=plan_input(
            owner,
            titles={"en": f"{plan_title} national plan", "ar": f"{plan_title} الخطة"},
            summaries={"en": f"{t('SUMMARY')} summary"},
            sensitivity=Sensitivity.CONFIDENTIAL,
            priority_areas=[area],
        ),
    )
    pillar = plan_actions.node_add(
        plan=plan,
        by=writer,
        parent=None,
        data=plan_actions.NodeInput(texts={"en": f"{t('PILLAR')} pillar"}, code="P1"),
    )
    action = plan_actions.node_add(
        plan=plan,
        by=writer,
        parent=pillar,
        data=plan_actions.NodeInput(
            texts={"en": f"{t('NODE')} action"},
            code="P1.1",
            target_groups=f"{t('TARGETGROUPS')} youth",
            geography=f"{t('GEOGRAPHY')} district",
            funding_source=f"{t('FUNDINGSOURCE')} budget",
            estimated_cost=Decimal(canary.number(cc, "NODECOST", team)),
            priority_areas=[area],
        ),
    )
    version = plan_actions.plan_publish_version(
        plan=plan, by=writer, reason=VersionReason.OTHER, reason_text=f"{t('VERSION')} reason"
    )
    canary.add("plan", plan)
    canary.add("node", pillar, action)
    canary.ids.setdefault("number", set()).add(version.number)

    # Consultations: stakeholders (contacts for the plan's writers only), events, inputs.
    named = consultation_actions.stakeholder_create(
        plan=plan,
        data=consultation_actions.StakeholderData(
            type=StakeholderType.WOMENS_ORGANIZATION,
            name=f"{t('STAKEHOLDER')} union",
            email=f"{t('CONTACT', writers).lower()}@example.org",
            phone="+962 6 555 0199",
            address=f"{t('ADDRESS', writers)} street",
        ),
        by=admin,
    )
    hidden = consultation_actions.stakeholder_create(
        plan=plan,
        data=consultation_actions.StakeholderData(
            type=StakeholderType.YOUTH_ORGANIZATION,
            name=f"{t('REALNAME', writers)} person",
            is_pseudonymous=True,
            pseudonym=f"{t('PSEUDONYM')} voice",
        ),
        by=admin,
    )
    event = consultation_actions.event_create(
        plan=plan,
        data=consultation_actions.EventData(
            titles={"en": f"{t('EVENT')} dialogue"},
            original_language="en",
            date=datetime.date(2025, 3, 4),
            summaries={"en": f"{t('EVENTSUMMARY')} summary"},
            place=f"{t('PLACE')} hall",
        ),
        by=admin,
    )
    item = consultation_actions.input_create(
        plan=plan,
        data=consultation_actions.InputData(
            texts={"en": f"{t('INPUT')} proposal"},
            original_language="en",
            event=event,
            stakeholder=hidden,
            node=action,
        ),
        by=admin,
    )
    item = consultation_actions.input_respond(
        consultation_input=item,
        disposition="accepted",
        response={"en": f"{t('RESPONSE')} taken up"},
        by=admin,
        expected_version=item.version,
    )
    canary.add("stakeholder", named, hidden)
    canary.add("event", event)
    canary.add("input", item)

    # Legal and policy instruments of the country's registry, one linked to the plan's action.
    instrument = instrument_actions.instrument_create(
        owner=owner,
        by=admin,
        data=instrument_actions.InstrumentInput(
            titles={"en": f"{t('INSTRUMENT')} law", "ar": f"{t('INSTRUMENTAR')} قانون"},
            original_language="en",
            type="law",
            reference_number=f"{t('REFERENCE')}",
            notes=f"{t('INSTRUMENTNOTES')} notes",
            file=SimpleUploadedFile(
                f"{t('INSTRUMENTFILE')}.pdf", pdf_bytes(), content_type="application/pdf"
            ),
        ),
    )
    link = instrument_actions.node_instrument_link(
        node=action,
        instrument=instrument,
        by=admin,
        harmonization="aligned",
        note=f"{t('LINKNOTE')} note",
    )
    canary.add("instrument", instrument)
    canary.add("link", link)

    # The process tracker: a phase's notes and evidence.
    phase = Phase.objects.get(code=PHASE_CODE)
    process_actions.phase_update(
        plan=plan,
        phase=phase,
        by=writer,
        data=process_actions.PhaseInput(status="in_progress", notes=f"{t('PHASENOTES')} notes"),
        expected_version=0,
    )
    evidence = process_actions.evidence_add(
        plan=plan,
        phase=phase,
        by=writer,
        title=f"{t('EVIDENCE')} decree",
        file=SimpleUploadedFile("decree.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    canary.add("evidence", evidence)

    # A capacity-needs assessment with answers and comments, and a need.
    assessment = assessment_actions.assessment_create(
        by=writer,
        data=assessment_actions.AssessmentInput(
            owner=owner,
            title=f"{t('ASSESSMENT')} assessment",
            assessed_on=datetime.date(2025, 5, 1),
            language="en",
        ),
    )
    responses = list(
        Response.objects.filter(assessment=assessment, question__dimension=DIMENSION).order_by(
            "question__position"
        )
    )
    evidence_text, comment = f"{t('ANSWEREVIDENCE')} evidence", f"{t('ANSWERCOMMENT')} comment"
    assessment_actions.response_set(
        assessment=assessment,
        dimension=DIMENSION,
        answers=[
            assessment_actions.AnswerInput(
                r.question_id,
                2,
                evidence=evidence_text,
                comments=comment,
                expected_version=r.version,
            )
            for r in responses
        ],
        by=writer,
    )
    need = assessment_actions.need_create(
        by=writer,
        data=assessment_actions.NeedInput(
            owner=owner,
            title=f"{t('NEED')} need",
            description=f"{t('NEEDTEXT')} description",
            dimension=DIMENSION,
            priority_areas=[area],
        ),
    )
    canary.add("assessment", assessment)
    canary.add("need", need)

    # Support: one request still with the country (team only); one triaged for UN entities
    # but NOT shared with donors, linked to the confidential action and the need.
    draft = support_actions.request_create(
        by=writer,
        data=support_actions.RequestInput(
            requester=owner,
            title=f"{t('REQUESTDRAFT')} drafting help",
            modality="drafting",
            priority_areas=[area],
            description=f"{t('REQUESTDRAFTTEXT')} description",
        ),
    )
    providers = (*team, "un_staff")
    opened = support_actions.request_create(
        by=writer,
        data=support_actions.RequestInput(
            requester=owner,
            title=f"{t('REQUEST', providers)} training",
            modality="training",
            priority_areas=[area],
            description=f"{t('REQUESTTEXT', providers)} description",
            plan_nodes=[action],
            need=need,
        ),
    )
    opened = support_actions.request_triage(
        request=opened,
        by=unoct,
        expected_version=opened.version,
        accept=True,
        note=f"{t('TRIAGENOTE', providers)} note",
        shared_with_donors=False,
    )
    offer = support_actions.offer_make(
        request=opened,
        provider=org("undp"),
        by=_user(world, "un_staff"),
        message=f"{t('OFFER', providers)} advisers",
    )
    canary.add("request", draft, opened)
    canary.records[cc] = {"action": action, "draft": draft, "instrument": instrument}
    canary.add("offer", offer)

    # Coordination: the country's own working group (its team and UNOCT only).
    group = coordination_actions.group_create(
        by=unoct,
        data=coordination_actions.GroupInput(
            kind=GroupKind.UNCT_WG,
            original_language="en",
            names={"en": f"{t('GROUP')} working group"},
            convener=org("unoct"),
            country=owner.country,
            description=f"{t('GROUPTEXT')} description",
        ),
    )
    member = coordination_actions.member_add(group=group, by=unoct, organization=owner)
    meeting = coordination_actions.meeting_create(
        group=group,
        by=unoct,
        data=coordination_actions.MeetingInput(
            date=datetime.date(2026, 1, 5),
            status=MeetingStatus.HELD,
            agenda=f"{t('AGENDA')} agenda",
            place=f"{t('MEETINGPLACE')} room",
            minutes={"en": f"{t('MINUTES')} minutes"},
            minutes_language="en",
        ),
    )
    decision = coordination_actions.decision_record(
        group=group,
        by=unoct,
        text=f"{t('DECISION')} decided",
        date=datetime.date(2026, 1, 5),
        meeting=meeting,
    )
    action_item = coordination_actions.action_item_create(
        group=group,
        by=unoct,
        data=coordination_actions.ItemInput(
            title=f"{t('ITEM')} to do",
            due_date=datetime.date(2026, 2, 1),
            owner_organization=owner,
            description=f"{t('ITEMTEXT')} description",
            decision=decision,
            plan_nodes=[action],
            support_requests=[draft],
        ),
    )
    canary.add("group", group)
    canary.add("member", member)
    canary.add("meeting", meeting)
    canary.add("item", action_item)

    # Funding: another donor's contribution earmarked for the country (managers only), its
    # allocation to the country and the expenditure (the country's team and managers).
    contribution = funding_actions.contribution_record(
        by=unoct,
        data=funding_actions.ContributionInput(
            donor=other_donor,
            amount=Decimal(canary.number(cc, "CONTRIBUTION", ())),
            currency="USD",
            date=datetime.date(2026, 1, 10),
            status="received",
            reference=t("CONTRIBREF", ()),
            countries=[owner.country] if owner.country else [],
            note=f"{t('CONTRIBNOTE', ())} note",
        ),
    )
    allocation = funding_actions.allocation_make(
        by=unoct,
        data=funding_actions.AllocationInput(
            contribution=contribution,
            recipient=owner,
            amount=Decimal(canary.number(cc, "ALLOCATION", team)),
            date=datetime.date(2026, 1, 11),
            purpose=f"{t('ALLOCATION')} purpose",
        ),
    )
    funding_actions.expenditure_record(
        by=unoct,
        data=funding_actions.ExpenditureInput(
            allocation=allocation,
            amount=Decimal("1000.00"),
            date=datetime.date(2026, 1, 12),
            description=f"{t('EXPENDITURE')} workshop",
        ),
    )
    canary.add("contribution", contribution)
    canary.add("allocation", allocation)

    # A plan document in the country's library: title, page text, segment text and the lead
    # body read from a table (the library is its team's: plans:read in the country).
    document = make_document(
        owner=owner.code,
        title=f"{t('DOCUMENT')} strategy",
        language="en",
        pages=[f"Pillar 1. Youth\n1) {t('DOCPAGE')} youth councils"],
        segments=[
            Seg(SegmentKind.PILLAR, f"{t('SEGPILLAR')} youth", labels=[4]),
            Seg(
                SegmentKind.ACTION,
                f"{t('SEGACTION')} youth councils",
                parent=0,
                labels=[4],
                lead_body=f"{t('SEGLEAD')} ministry",
                timeframe="2026-2028",
            ),
        ],
        by=writer,
    )
    canary.add("document", document)
    canary.add("segment", *document.segments.all())

    # A finished background export of the plan, for its writer only (the token is theirs).
    record = export_tasks.plan_export_enqueue(plan=plan, format="xlsx", language="en", by=writer)
    export_tasks.run(record.pk)
    canary.tokens.append(TaskProgress.objects.get(pk=record.pk).token)


def _seed_cross_links(world: World, canary: Canary) -> None:
    """Records others may see that point at a country's confidential ones: what they show of
    them must follow the reader (a donor group's item linked to Jordan's confidential action
    and request; a Jordan instrument linked to Jordan's public plan)."""
    unoct = _user(world, "unoct")
    jordan_action = canary.records["JOR"]["action"]
    jordan_request = canary.records["JOR"]["draft"]
    group = coordination_actions.group_create(
        by=unoct,
        data=coordination_actions.GroupInput(
            kind=GroupKind.DONOR_WG,
            original_language="en",
            names={"en": "Donor working group"},
            convener=org("test-donor"),
        ),
    )
    coordination_actions.member_add(group=group, by=unoct, organization=org("undp"))
    item = coordination_actions.action_item_create(
        group=group,
        by=unoct,
        data=coordination_actions.ItemInput(
            title="Follow up with Jordan",
            due_date=datetime.date(2026, 3, 1),
            owner_organization=org("test-donor"),
            plan_nodes=[jordan_action],
            support_requests=[jordan_request],
        ),
    )
    canary.add("group", group)
    canary.add("item", item)
    # Jordan's public plan gets an action linked to a (registry-only) Jordan instrument.
    public = world.plans["a_public"]
    node = plan_actions.node_add(
        plan=public,
        by=_user(world, "admin"),
        parent=None,
        data=plan_actions.NodeInput(texts={"en": "Public pillar"}, code="P1"),
    )
    instrument = canary.records["JOR"]["instrument"]
    instrument_actions.node_instrument_link(
        node=node, instrument=instrument, by=_user(world, "admin"), harmonization="aligned"
    )
    canary.add("node", node)


def sweep_personas() -> list[str]:
    return ["anonymous", *PERSONAS, *EXTRA_PERSONAS]


# --- Text extraction ---------------------------------------------------------------------------


def extract_text(content: bytes, content_type: str) -> str:
    """The text a reader gets from an answer: PDF (pypdf), DOCX (python-docx: paragraphs and
    tables), XLSX (openpyxl: every cell), anything else decoded as text (HTML, JSON, CSV)."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/pdf" or content[:5] == b"%PDF-":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        parts = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        parts += [str(v) for v in info.values()]
        return "\n".join(parts)
    if kind.endswith("wordprocessingml.document"):
        import docx

        document = docx.Document(io.BytesIO(content))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts += [cell.text for cell in row.cells]
        for section in document.sections:
            parts += [p.text for p in section.header.paragraphs]
            parts += [p.text for p in section.footer.paragraphs]
        props = document.core_properties
        parts += [props.title or "", props.subject or "", props.keywords or ""]
        return "\n".join(parts)
    if kind.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        parts = list(workbook.sheetnames)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                parts += [str(v) for v in row if v is not None]
        workbook.close()
        return "\n".join(parts)
    return content.decode("utf-8", errors="replace")
