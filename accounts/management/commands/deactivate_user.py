"""`manage.py deactivate_user USERNAME --by ADMIN --reason "..."`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accounts import services
from kernel.actor import Actor

from ._administrator import administrator, target


class Command(BaseCommand):
    help = "Disable an account: it cannot sign in, and its sessions and API tokens end at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--by", required=True, help="Username of the administrator disabling the account")
        parser.add_argument("--reason", required=True, help="Why, for the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        acting = administrator(options["by"])
        user = target(options["username"])
        services.deactivate_user(actor=Actor(acting), user=user, reason=options["reason"])
        self.stdout.write(self.style.SUCCESS(f"{user.username} is disabled; their sessions and tokens have ended."))
