"""Seeding the demo content through the actions, idempotently."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from pveplan.accounts import twofactor
from pveplan.accounts.actions import (
    membership_add,
    organization_create,
    totp_device_install,
    user_create,
)
from pveplan.accounts.models import Membership, Organization, User
from pveplan.core.permissions import Role
from pveplan.plans.actions import (
    AdoptionRecord,
    NodeInput,
    PlanInput,
    node_add,
    plan_approve,
    plan_change_status,
    plan_create,
    plan_publish_version,
)
from pveplan.plans.demo.content import (
    BASE_PLANS,
    DEMO_EMAIL_DOMAIN,
    DEMO_ORGANIZATIONS,
    DEMO_PASSWORD,
    DEMO_USERS,
    DemoDataError,
    DemoOrganization,
    DemoPlan,
    DemoUser,
)
from pveplan.plans.demo.structures import STRUCTURES, DemoNode
from pveplan.plans.demo.synthetic import synthetic_countries, synthetic_plan
from pveplan.plans.models import ADOPTED_STATUSES, Plan, PlanNode, Status, VersionReason
from pveplan.taxonomy.models import Country, PriorityArea


@dataclass
class SeedReport:
    users: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    synthetic_plans: int = 0


def seed_demo(*, scale: int = 1) -> SeedReport:
    """Create whatever demo accounts, organizations and plans are missing; report what was new.

    `scale` N gives N times as many plans as the base set, the extra ones synthetic.
    """
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    report = SeedReport()
    with transaction.atomic():
        admin = _seed_admin(report)
        for spec in DEMO_ORGANIZATIONS:
            _seed_organization(admin, spec, report)
        for user in DEMO_USERS[1:]:
            _seed_user(admin, user, report)
        _seed_two_factor(admin)
        seeder = _PlanSeeder(admin, report)
        for plan in BASE_PLANS:
            seeder.seed(plan)
        extra = (scale - 1) * len(BASE_PLANS)
        if extra:
            countries = synthetic_countries()
            if not countries:
                raise DemoDataError("no Member State organizations to own synthetic plans")
            for index in range(1, extra + 1):
                if seeder.seed(synthetic_plan(index, countries)):
                    report.synthetic_plans += 1
    return report


def _organization(code: str) -> Organization:
    try:
        return Organization.objects.get(code=code)
    except Organization.DoesNotExist:
        raise DemoDataError(
            f"organization {code!r} is missing: run `manage.py migrate` for the reference data"
        ) from None


def _seed_admin(report: SeedReport) -> User:
    spec = DEMO_USERS[0]
    admin = User.objects.filter(username=spec.username).first()
    if admin is None:
        admin = user_create(
            by=None,
            username=spec.username,
            password=DEMO_PASSWORD,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@{DEMO_EMAIL_DOMAIN}",
            language=spec.language,
            is_staff=True,
            is_superuser=True,
        )
        report.users.append(spec.username)
    _seed_membership(admin, admin, spec)
    return admin


def _seed_user(admin: User, spec: DemoUser, report: SeedReport) -> None:
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = user_create(
            by=admin,
            username=spec.username,
            password=DEMO_PASSWORD,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@{DEMO_EMAIL_DOMAIN}",
            language=spec.language,
        )
        report.users.append(spec.username)
    _seed_membership(admin, user, spec)


def _seed_membership(by: User, user: User, spec: DemoUser) -> None:
    organization = _organization(spec.organization)
    if not Membership.objects.filter(user=user, organization=organization, role=spec.role).exists():
        membership_add(by=by, user=user, organization=organization, role=spec.role)


def _seed_two_factor(admin: User) -> None:
    """Demo accounts whose role requires two-factor get an authenticator with the documented
    demo secret (README.md; `manage.py totp_code USERNAME` prints the current code)."""
    for spec in DEMO_USERS:
        user = User.objects.get(username=spec.username)
        if twofactor.role_requires_two_factor(user) and not twofactor.confirmed_totp_device(user):
            totp_device_install(user=user, key=twofactor.demo_key(), by=admin)


def _seed_organization(admin: User, spec: DemoOrganization, report: SeedReport) -> None:
    if Organization.objects.filter(code=spec.code).exists():
        return
    country = Country.objects.filter(code=spec.country).first()
    if country is None:
        raise DemoDataError(f"country {spec.country!r} is missing: run `manage.py migrate`")
    names = {f"name_{code}": text for code, text in spec.names.items()}
    organization_create(
        by=admin,
        organization=Organization(kind=spec.kind, code=spec.code, country=country, **names),
    )
    report.organizations.append(spec.code)


class _PlanSeeder:
    """Registers demo plans that do not exist yet, with lookups cached across plans."""

    def __init__(self, admin: User, report: SeedReport) -> None:
        self.admin = admin
        self.approver = User.objects.get(username="unoct.officer")
        self.report = report
        self.existing = set(
            Plan.objects.filter(code__startswith="demo-").values_list("code", flat=True)
        )
        self.areas = {area.code: area for area in PriorityArea.objects.all()}
        self.organizations: dict[str, Organization] = {}

    def organization(self, code: str) -> Organization:
        if code not in self.organizations:
            self.organizations[code] = _organization(code)
        return self.organizations[code]

    def seed(self, spec: DemoPlan) -> Plan | None:
        """Register `spec` and walk it through its history; None when it already exists."""
        if spec.code in self.existing:
            return None
        missing = set(spec.priority_areas) - set(self.areas)
        if missing:
            raise DemoDataError(f"priority areas {sorted(missing)} are missing: run migrate")
        registered_as = spec.registered_as or spec.status
        adoption: dict[str, Any] = {}
        if spec.adoption is not None and registered_as in ADOPTED_STATUSES:
            adoption = {
                "adoption_body": spec.adoption.body,
                "adoption_date": spec.adoption.date,
                "adoption_instrument": spec.adoption.instrument,
            }
        data = PlanInput(
            scope=spec.scope,
            owner=self.organization(spec.owner),
            original_language=spec.original_language,
            titles=dict(spec.titles),
            summaries=dict(spec.summaries),
            sensitivity=spec.sensitivity,
            parent=Plan.objects.get(code=spec.parent) if spec.parent else None,
            subnational_area=spec.subnational_area,
            period_start=spec.period[0],
            period_end=spec.period[1],
            lead_body=self.organization(spec.lead_body) if spec.lead_body else None,
            priority_areas=[self.areas[code] for code in spec.priority_areas],
            is_illustrative=True,
            **adoption,
        )
        plan = plan_create(by=self.admin, data=data, status=registered_as, code=spec.code)
        for step in spec.history:
            record = None
            if step.to == Status.ADOPTED and spec.adoption is not None:
                record = AdoptionRecord(
                    spec.adoption.body, spec.adoption.date, spec.adoption.instrument
                )
            if step.to == Status.ADOPTED and plan.approved_by_id is None:
                # Nobody approves their own submission: the UNOCT demo officer approves.
                plan = plan_approve(plan=plan, by=self.approver, expected_version=plan.version)
            plan = plan_change_status(
                plan=plan,
                by=self.admin,
                to=step.to,
                expected_version=plan.version,
                rationale=step.rationale,
                adoption=record,
            )
        self._structure(plan, STRUCTURES.get(spec.code, ()), parent=None)
        if spec.code in STRUCTURES and plan.status in ADOPTED_STATUSES:
            plan_publish_version(plan=plan, by=self.admin, reason=VersionReason.ADOPTION)
        self.existing.add(spec.code)
        self.report.plans.append(spec.code)
        return plan

    def _structure(self, plan: Plan, nodes: tuple[DemoNode, ...], parent: PlanNode | None) -> None:
        for spec in nodes:
            data = NodeInput(
                texts=dict(spec.texts),
                code=spec.code,
                priority_areas=[self.areas[c] for c in spec.areas],
            )
            node = node_add(plan=plan, by=self.admin, parent=parent, data=data)
            self._structure(plan, spec.children, parent=node)


def accounts_table() -> list[tuple[str, str, str]]:
    """(username, role, organization) of every demo account, for the command's closing table."""
    codes = {user.organization for user in DEMO_USERS}
    labels = {
        org.code: org.label for org in Organization.objects.with_labels().filter(code__in=codes)
    }
    return [
        (
            user.username,
            str(Role(user.role).label),
            labels.get(user.organization, user.organization),
        )
        for user in DEMO_USERS
    ]
