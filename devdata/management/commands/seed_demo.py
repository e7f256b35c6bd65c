"""`manage.py seed_demo [--password PASSWORD]`: the demo area, its users and people."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from devdata.people import DEMO_USERS, seed


class Command(BaseCommand):
    help = "Create the DEMO area's users (one per role) and synthetic people. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", help="Password for every demo user (random when omitted)")
        parser.add_argument("--people", type=int, default=68, help="How many synthetic people (first run only)")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or secrets.token_urlsafe(12)
        result = seed(password, people=options["people"])
        self.stdout.write(self.style.SUCCESS(f"Demo area DEMO: {result.people} people, {result.users} users."))
        self.stdout.write("Sign in at http://127.0.0.1:8000 with any of these usernames:")
        for username, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role.label}")  # type: ignore[attr-defined]
        self.stdout.write(f"Password for all of them: {password}")
