"""Sending notifications and choosing what to receive.

Other apps call `notify(...)` inside their action's transaction; the e-mails go out from a
background task once the transaction commits, in each recipient's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from pveplan.core import audit
from pveplan.notifications.models import Kind, Notification, Preference


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    params: dict[str, Any],
    url: str = "",
    exclude: Any = None,
) -> list[Notification]:
    """Notify each active recipient (but `exclude`, usually the person who acted) as they chose.

    `params` fill the kind's sentence (see texts.py), e.g. {"title": ..., "country": ...}.
    Returns the notifications made; e-mails are queued for after the commit.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    users = {
        user.pk: user
        for user in recipients
        if user is not None
        and user.is_active
        and (exclude is None or user.pk != getattr(exclude, "pk", None))
    }
    if not users:
        return []
    chosen = {p.user_id: p for p in Preference.objects.filter(user_id__in=users, kind=kind)}
    now = timezone.now()
    rows: list[Notification] = []
    by_email: list[bool] = []
    for user_id, user in users.items():
        preference = chosen.get(user_id)
        in_app = preference.in_app if preference else True
        email = (preference.email if preference else True) and bool(user.email)
        if not in_app and not email:
            continue
        # A notification wanted by e-mail only is kept as already read, for the record.
        rows.append(
            Notification(
                user=user,
                kind=kind,
                params={k: str(v) for k, v in params.items()},
                url=url,
                read_at=None if in_app else now,
            )
        )
        by_email.append(email)
    created = Notification.objects.bulk_create(rows)
    to_email = [n.pk for n, email in zip(created, by_email, strict=True) if email]
    if to_email:
        from pveplan.notifications.tasks import deliver_emails

        transaction.on_commit(lambda: deliver_emails.enqueue(to_email))
    return created


def notifications_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all, or those of `ids`) as read; how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    with transaction.atomic():
        count = unread.update(read_at=timezone.now())
        audit.record(
            action="notifications.mark_read",
            actor=user,
            after={"ids": ids if ids is not None else "all", "count": count},
        )
    return count


def preferences_set(*, user: Any, choices: dict[str, tuple[bool, bool]]) -> None:
    """Save the user's choice (in the app, by e-mail) for each kind; audited."""
    unknown = set(choices) - set(Kind.values)
    if unknown:
        raise ValueError(f"unknown notification kinds {sorted(unknown)}")
    with transaction.atomic():
        existing = {p.kind: p for p in Preference.objects.filter(user=user)}
        before = {k: [p.in_app, p.email] for k, p in existing.items()}
        for kind, (in_app, email) in choices.items():
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"in_app": in_app, "email": email}
            )
        after = {k: [v[0], v[1]] for k, v in choices.items()}
        changed_before, changed_after = audit.diff(before, after)
        if changed_after or changed_before:
            audit.record(
                action="notifications.preferences",
                actor=user,
                obj=user,
                before=changed_before,
                after=changed_after,
            )
