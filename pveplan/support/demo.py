"""Illustrative support requests for the demo, one in each part of the workflow.

Built on the accounts and organizations of `python manage.py seed_demo` (pveplan.plans.demo),
through the same actions as the pages, so the audit log, notifications and timelines are real.
Idempotent: a request already there (same requester and title) is left as it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from pveplan.accounts.models import Organization, User
from pveplan.assessments.models import Need, NeedStatus
from pveplan.support import actions
from pveplan.support.models import SupportRequest
from pveplan.taxonomy.models import PriorityArea

# Who plays each part (usernames and organization codes of the base demo).
UNOCT = "unoct.officer"
PROVIDERS = {"undp": "undp.staff", "norway-mfa": "norway.donor"}


@dataclass(frozen=True)
class DemoRequest:
    requester: str  # organization code
    by: str  # username of the requester's team member
    title: str
    modality: str
    areas: tuple[int, ...]
    languages: tuple[str, ...]
    starts_in: int  # days from today (negative: in the past)
    lasts: int  # days
    urgency: str = "normal"
    description: str = ""
    shared: bool = False
    from_need: bool = False
    # The steps after submission, in order: see _STEPS.
    steps: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()  # provider codes, in order; the first is the one assigned
    decline: str = ""
    feedback: tuple[int, str] = (0, "")


DEMO_REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest(
        "jor",
        "jordan.editor",
        "Costing the action matrix of the national plan",
        "resources",
        (2, 6),
        ("ar", "en"),
        starts_in=-300,
        lasts=120,
        description="Cost each action of the plan and identify funding sources, with the "
        "Ministry of Planning.",
        shared=True,
        steps=("triage", "offers", "assign", "start", "done", "close"),
        offers=("undp",),
        feedback=(5, "Clear method; the costed matrix went to the Council of Ministers."),
    ),
    DemoRequest(
        "jor",
        "jordan.editor",
        "تدريب القيادات المجتمعية على إشراك الشباب",
        "training",
        (3, 4),
        ("ar",),
        starts_in=60,
        lasts=180,
        urgency="high",
        description="Training of trainers for community and religious leaders in three "
        "governorates, on engaging young people in prevention.",
        shared=True,
        from_need=True,
        steps=("triage", "offers"),
        offers=("undp", "norway-mfa"),
    ),
    DemoRequest(
        "jor",
        "jordan.focal",
        "Youth voices in strategic communications",
        "policy_advice",
        (4, 7),
        ("ar", "en"),
        starts_in=30,
        lasts=240,
        description="Advice on a communications strategy made with young people.",
        shared=True,
        steps=("triage", "offers", "assign"),
        offers=("norway-mfa",),
    ),
    DemoRequest(
        "lbn",
        "lebanon.editor",
        "Legal review of the draft PVE framework",
        "legal_review",
        (2,),
        ("ar", "fr"),
        starts_in=45,
        lasts=90,
        description="Review the draft framework against international human-rights law.",
    ),
    DemoRequest(
        "mli",
        "mali.editor",
        "Appui à la consultation nationale sur le plan",
        "consultation",
        (1, 3),
        ("fr",),
        starts_in=-30,
        lasts=150,
        urgency="high",
        description="Facilitation de consultations régionales avec la société civile, les "
        "femmes et les jeunes.",
        steps=("triage", "offers", "assign", "start"),
        offers=("undp",),
    ),
    DemoRequest(
        "asean",
        "asean.editor",
        "Monitoring framework for the Bali Work Plan",
        "monitoring",
        (1, 5),
        ("en",),
        starts_in=90,
        lasts=365,
        steps=("triage",),
        decline="Already covered by the regional programme of 2026; to be resubmitted for its "
        "mid-term review if still needed.",
    ),
)


class _Seeder:
    def __init__(self) -> None:
        self.users = {u.username: u for u in User.objects.filter(username__in=self._usernames())}
        codes = {r.requester for r in DEMO_REQUESTS} | set(PROVIDERS)
        self.orgs = {o.code: o for o in Organization.objects.with_labels().filter(code__in=codes)}
        self.today = datetime.date.today()

    @staticmethod
    def _usernames() -> set[str]:
        return {UNOCT, *PROVIDERS.values(), *(r.by for r in DEMO_REQUESTS)}

    def missing(self) -> list[str]:
        needed_orgs = {r.requester for r in DEMO_REQUESTS} | set(PROVIDERS)
        return sorted((self._usernames() - set(self.users)) | (needed_orgs - set(self.orgs)))

    def seed(self, spec: DemoRequest) -> bool:
        requester = self.orgs[spec.requester]
        if SupportRequest.objects.filter(requester=requester, title=spec.title).exists():
            return False
        with transaction.atomic():
            request = actions.request_create(by=self.users[spec.by], data=self._input(spec))
            for step in spec.steps:
                request = self._steps[step](self, request, spec)
        return True

    def _input(self, spec: DemoRequest) -> actions.RequestInput:
        start = self.today + datetime.timedelta(days=spec.starts_in)
        need = None
        if spec.from_need:
            need = (
                Need.objects.filter(owner=self.orgs[spec.requester], status=NeedStatus.OPEN)
                .order_by("pk")
                .first()
            )
        return actions.RequestInput(
            requester=self.orgs[spec.requester],
            title=spec.title,
            modality=spec.modality,
            priority_areas=list(PriorityArea.objects.filter(number__in=spec.areas)),
            description=spec.description,
            languages=list(spec.languages),
            start_date=start,
            end_date=start + datetime.timedelta(days=spec.lasts),
            urgency=spec.urgency,
            need=need,
            shared_with_donors=spec.shared,
            is_illustrative=True,
        )

    def _triage(self, request: SupportRequest, spec: DemoRequest) -> SupportRequest:
        return actions.request_triage(
            request=request,
            by=self.users[UNOCT],
            expected_version=request.version,
            accept=not spec.decline,
            note=spec.decline or "Fits the programme's priorities for the year.",
            shared_with_donors=spec.shared,
        )

    def _offers(self, request: SupportRequest, spec: DemoRequest) -> SupportRequest:
        for code in spec.offers:
            actions.offer_make(
                request=request,
                provider=self.orgs[code],
                by=self.users[PROVIDERS[code]],
                message=f"{self.orgs[code].label}: experts available in the requested languages.",
                start_date=request.start_date,
                end_date=request.end_date,
            )
        return request

    def _assign(self, request: SupportRequest, spec: DemoRequest) -> SupportRequest:
        offer = request.offers.get(provider=self.orgs[spec.offers[0]])
        accepted = actions.offer_accept(
            offer=offer,
            by=self.users[UNOCT],
            expected_version=request.version,
            confirm_duplicates=True,
            # Kept only where the assignment may duplicate other support (it does, in the demo).
            duplicate_reason="Complementary: this works with young people themselves, the "
            "training works with community leaders.",
        )
        return accepted.request

    def _start(self, request: SupportRequest, spec: DemoRequest) -> SupportRequest:
        by = self.users[PROVIDERS[spec.offers[0]]]
        return actions.delivery_start(request=request, by=by, expected_version=request.version)

    def _done(self, request: SupportRequest, spec: DemoRequest) -> SupportRequest:
        by = self.users[PROVIDERS[spec.offers[0]]]
        return actions.delivery_done(
            request=request,
            by=by,
            expected_version=request.version,
            note="Costed action matrix and a resource-mobilization note delivered.",
        )

    def _close(self, request: SupportRequest, spec: DemoRequest) -> SupportRequest:
        rating, comment = spec.feedback
        return actions.request_close(
            request=request,
            by=self.users["jordan.focal"],
            expected_version=request.version,
            rating=rating,
            comment=comment,
        )

    _steps: dict[str, Callable[[_Seeder, SupportRequest, DemoRequest], SupportRequest]] = {
        "triage": _triage,
        "offers": _offers,
        "assign": _assign,
        "start": _start,
        "done": _done,
        "close": _close,
    }


def seed_demo() -> list[str]:
    """Add the illustrative support requests that are missing; lines saying what was done."""
    seeder = _Seeder()
    missing = seeder.missing()
    if missing:
        return [f"support: skipped, the base demo is missing {', '.join(missing)}"]
    made = sum(seeder.seed(spec) for spec in DEMO_REQUESTS)
    return [f"support: {made} new illustrative support requests ({len(DEMO_REQUESTS)} in the demo)"]
