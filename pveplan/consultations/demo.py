"""Illustrative consultations (demo only) on Jordan's revision draft."""

from __future__ import annotations

import datetime

from pveplan.accounts.models import User
from pveplan.consultations.actions import (
    EventData,
    InputData,
    StakeholderData,
    event_create,
    input_create,
    input_respond,
    participants_set,
    stakeholder_create,
)
from pveplan.consultations.models import ConsultationEvent
from pveplan.plans.models import Plan, PlanNode

PLAN = "demo-jor-revision-draft-2027"


def seed_demo() -> list[str]:
    plan = Plan.objects.filter(code=PLAN).select_related("owner").first()
    if plan is None or ConsultationEvent.objects.filter(plan=plan).exists():
        return []
    editor = User.objects.get(username="jordan.editor")
    nodes = {n.code: n for n in PlanNode.objects.filter(plan=plan)}
    women = stakeholder_create(
        plan=plan,
        by=editor,
        data=StakeholderData(
            type="womens_org",
            name="Women's Peace Network, Zarqa (illustrative)",
            email="contact@example.org",
        ),
    )
    activist = stakeholder_create(
        plan=plan,
        by=editor,
        data=StakeholderData(
            type="youth_org", name="Demo Person", is_pseudonymous=True, pseudonym="Youth voice 1"
        ),
    )
    hearing = event_create(
        plan=plan,
        by=editor,
        data=EventData(
            titles={
                "ar": "جلسة استماع للشباب والنساء في إربد (توضيحية)",
                "en": "Hearing with young people and women in Irbid (illustrative)",
            },
            original_language="ar",
            date=datetime.date(2026, 3, 14),
            place="Irbid",
        ),
    )
    participants_set(
        event=hearing,
        counts={
            ("youth_org", "women", "18_29"): 14,
            ("youth_org", "men", "18_29"): 11,
            ("womens_org", "women", "30_59"): 9,
            ("religious_leader", "men", "60_plus"): 3,
            ("local_government", "men", "30_59"): 4,
        },
        by=editor,
        expected_version=hearing.version,
    )
    inputs = (
        (
            "1.2",
            women,
            {"ar": "إشراك الأمهات في برامج الإرشاد المدرسي."},
            "accepted",
            "أُضيفت الأسر شريكًا في برامج الإرشاد (الإجراء 1.2).",
        ),
        (
            "2.1",
            activist,
            {"ar": "أن يصمّم الشباب أنفسهم رسائل الحملة على الإنترنت."},
            "partly",
            "سيشارك الشباب في لجنة تحرير الحملة؛ يبقى الإشراف لوزارة الاتصال الحكومي.",
        ),
        ("1.1", activist, {"ar": "تمويل مستقل للجان المحلية."}, "", ""),
    )
    for code, who, texts, disposition, response in inputs:
        item = input_create(
            plan=plan,
            by=editor,
            data=InputData(
                texts=texts,
                original_language="ar",
                event=hearing,
                stakeholder=who,
                node=nodes.get(code),
            ),
        )
        if disposition:
            input_respond(
                consultation_input=item,
                disposition=disposition,
                response={"ar": response},
                by=editor,
                expected_version=item.version,
            )
    return [f"  consultations: 1 event, 2 stakeholders, {len(inputs)} inputs on {PLAN}"]
