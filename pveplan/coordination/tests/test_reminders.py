from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from pveplan.coordination import actions
from pveplan.coordination.models import ActionItem, ItemStatus
from pveplan.coordination.tests import helpers as h
from pveplan.core.models import AuditEvent
from pveplan.notifications.models import Kind, Notification
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def reminders() -> list[Notification]:
    # The item's creation told its owner once: reminders are the ones after.
    return list(Notification.objects.filter(kind=Kind.ITEM_DUE).order_by("pk"))


def remind(*args: str) -> str:
    out = StringIO()
    call_command("remind_action_items", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def items(world: World) -> dict[str, ActionItem]:
    found = {
        "overdue": h.item(world, due=h.days(-2), title="Overdue"),
        "soon": h.item(world, due=h.days(2), title="Due soon"),
        "later": h.item(world, due=h.days(9), title="Due later"),
        "done": h.item(world, due=h.days(-5), title="Done already"),
    }
    actions.action_item_set_status(
        item=found["done"], by=world.users["unoct"], status=ItemStatus.DONE, expected_version=1
    )
    Notification.objects.all().delete()
    return found


def test_owners_of_items_due_soon_or_overdue_are_reminded(
    world: World, items: dict[str, ActionItem]
) -> None:
    assert "Reminded the owners of 2 action items." in remind()
    told = reminders()
    assert sorted(n.params["title"] for n in told) == ["Due soon", "Overdue"]
    assert {n.user.username for n in told} == {"un_staff"}
    reminded = ActionItem.objects.filter(reminded_at__isnull=False)
    assert {i.title for i in reminded} == {"Due soon", "Overdue"}


def test_a_second_run_the_same_day_reminds_nobody_again(
    world: World, items: dict[str, ActionItem]
) -> None:
    remind()
    assert "Reminded the owners of 0 action items." in remind()
    assert len(reminders()) == 2
    runs = AuditEvent.objects.filter(action="coordination.items_remind").order_by("sequence")
    assert [event.after["items"] for event in runs] == [
        sorted([items["overdue"].pk, items["soon"].pk]),
        [],
    ]


def test_the_next_day_they_are_reminded_again(world: World, items: dict[str, ActionItem]) -> None:
    remind()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    again = actions.action_items_remind(days=3, now=tomorrow)
    assert sorted(i.title for i in again) == ["Due soon", "Overdue"]
    assert len(reminders()) == 4


def test_more_days_reach_further(world: World, items: dict[str, ActionItem]) -> None:
    assert "3 action items" in remind("--days", "10")
    with pytest.raises(CommandError):
        remind("--days", "-1")
