"""`manage.py start_password_reset USERNAME --by ADMIN --reason "..." [--remove-devices]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts import services
from kernel.actor import Actor

from ._administrator import administrator, target


class Command(BaseCommand):
    help = (
        "Email a user a single-use link to choose a new password (an administrator never sets it). "
        "With --remove-devices, also remove their authenticator and recovery codes (a lost phone): "
        "they set up a new authenticator at next sign-in, and their sessions and API tokens end now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--by", required=True, help="Username of the administrator starting the reset")
        parser.add_argument("--reason", required=True, help="Why, for the audit log")
        parser.add_argument("--remove-devices", action="store_true", help="The user lost their authenticator")

    def handle(self, *args: Any, **options: Any) -> None:
        acting = administrator(options["by"])
        user = target(options["username"])
        try:
            services.start_password_reset(
                actor=Actor(acting), user=user, remove_devices=options["remove_devices"], reason=options["reason"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        removed = " Their authenticator and recovery codes were removed." if options["remove_devices"] else ""
        self.stdout.write(self.style.SUCCESS(f"A reset link was emailed to {user.username} at {user.email}.{removed}"))
