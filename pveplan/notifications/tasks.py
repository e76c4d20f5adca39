"""E-mails of notifications, sent by the task worker in each recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pveplan.notifications.models import Notification
from pveplan.notifications.texts import sentence


@task()
def deliver_emails(notification_ids: list[int]) -> int:
    """Send the e-mail of each notification not sent yet; how many were sent."""
    sent = 0
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("user")
    for notification in pending:
        user = notification.user
        if not user.email:
            continue
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            text = sentence(notification.kind, notification.params)
            link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
            body = "\n\n".join(
                part
                for part in (
                    text,
                    link,
                    _("You receive this because of your notification settings in pveplan."),
                )
                if part
            )
            send_mail(
                subject=f"[pveplan] {text}"[:200],
                message=body,
                from_email=None,
                recipient_list=[user.email],
            )
        # Marked one by one, so a failure part-way does not send the first ones twice.
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
