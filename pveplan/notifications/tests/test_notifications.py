"""Notifications reach the right people, as each chose, in their language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from pveplan.core.models import AuditEvent
from pveplan.notifications import actions
from pveplan.notifications.models import Kind, Notification
from pveplan.notifications.tasks import deliver_emails
from pveplan.notifications.texts import sentence
from pveplan.plans import actions as plan_actions
from pveplan.plans.models import Status
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def _with_email(world: World, *personas: str) -> None:
    for persona in personas:
        user = world.users[persona]
        user.email = f"{persona}@example.org"
        user.save()


def test_submitting_a_plan_notifies_its_approvers_but_not_the_submitter(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _with_email(world, "a_focal", "unoct", "a_editor")
    plan = world.plans["a_confidential"]
    with django_capture_on_commit_callbacks(execute=True):
        plan_actions.plan_change_status(
            plan=plan, by=world.users["a_focal"], to=Status.VALIDATION, expected_version=1
        )
    notified = set(Notification.objects.values_list("user__username", flat=True))
    # Approvers in Jordan (the focal point submitted) and the global approvers; not Lebanon's.
    assert "unoct" in notified and "a_focal" not in notified
    assert "b_editor" not in notified and "a_editor" not in notified
    assert DBTaskResult.objects.count() == 1  # the e-mails were queued after the commit


def test_preferences_decide_in_app_and_email(world: World) -> None:
    _with_email(world, "a_editor", "a_viewer")
    actions.preferences_set(
        user=world.users["a_editor"], choices={Kind.REQUEST_NEW: (False, False)}
    )
    actions.preferences_set(user=world.users["a_viewer"], choices={Kind.REQUEST_NEW: (False, True)})
    made = actions.notify(
        recipients=[world.users["a_editor"], world.users["a_viewer"], world.users["a_focal"]],
        kind=Kind.REQUEST_NEW,
        params={"title": "Training", "country": "Jordan"},
        exclude=world.users["a_focal"],
    )
    assert [n.user.username for n in made] == ["a_viewer"]
    assert made[0].read_at is not None  # e-mail only: not shown as unread
    assert AuditEvent.objects.filter(action="notifications.preferences").count() == 2


def test_emails_go_out_once_in_the_recipients_language(world: World) -> None:
    _with_email(world, "a_editor")
    user = world.users["a_editor"]
    user.language = "ar"
    user.save()
    made = actions.notify(
        recipients=[user], kind=Kind.PLAN_APPROVAL, params={"title": "خطة"}, url="/ar/plans/1/"
    )
    assert deliver_emails.call([n.pk for n in made]) == 1
    assert deliver_emails.call([n.pk for n in made]) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a_editor@example.org"] and "خطة" in message.subject
    assert "http://127.0.0.1:8000/ar/plans/1/" in message.body


def test_the_inbox_shows_only_ones_own_and_marks_them_read(world: World) -> None:
    actions.notify(
        recipients=[world.users["a_editor"]],
        kind=Kind.DECISION,
        params={"group": "Donor working group", "title": "Fund the youth programme"},
    )
    actions.notify(
        recipients=[world.users["b_editor"]], kind=Kind.DECISION, params={"title": "Secret"}
    )
    client = world.client("a_editor")
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Donor working group decided: Fund the youth programme" in page
    assert "Secret" not in page
    assert 'class="badge count"' in client.get(reverse("plans:registry")).content.decode()
    client.post(reverse("notifications:mark_read"))
    assert not Notification.objects.filter(
        user=world.users["a_editor"], read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(user=world.users["b_editor"], read_at__isnull=True).exists()


def test_the_settings_page_saves_choices(world: World) -> None:
    client = world.client("a_editor")
    assert (
        "New support requests" in client.get(reverse("notifications:preferences")).content.decode()
    )
    client.post(reverse("notifications:preferences"), {"offer_new-in_app": "on"})
    prefs = {
        p.kind: (p.in_app, p.email) for p in world.users["a_editor"].notification_preferences.all()
    }
    assert prefs[Kind.OFFER_NEW] == (True, False) and prefs[Kind.DECISION] == (False, False)


def test_a_sentence_with_missing_parameters_still_reads() -> None:
    assert sentence(Kind.OFFER_NEW, {"title": "Training"}) == "… offers support for “Training”"
