"""Print the current two-factor code of a demo account (demo data only).

Works only for accounts whose authenticator uses the documented demo secret (README.md), so it
gives nothing away on a real installation.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pveplan.accounts import twofactor
from pveplan.accounts.models import User


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (one using the demo secret)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        device = twofactor.confirmed_totp_device(user) if user is not None else None
        if device is None or device.key.lower() != twofactor.demo_key():
            raise CommandError(
                "refused: this command only gives codes for demo accounts whose authenticator "
                "uses the documented demo secret"
            )
        self.stdout.write(twofactor.totp_code(device.key))
