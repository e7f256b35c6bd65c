"""`manage.py seed_demo_reports [--password PASSWORD]`: the SMB side of the demo.

Run after `seed_demo` and the other demo parts (last: the reminders it sends are read
from the finished record). Adds the SMB member (`smb.member`, aggregates only, like
`lay.adviser`), the DEMO area's ONS population aged 10 and over for the last three
reporting years (so the annual report shows RSOs per 100,000), and sends the day's
reminders so the demo users find notifications waiting. Safe to run again.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import Area, Role, User
from kernel.actor import Actor
from reports import services
from reports.selectors import latest_complete_year
from worklists.services import send_reminders

# A made-up figure of the size of a small English county's population aged 10 and over.
DEMO_POPULATION = 512_300


class Command(BaseCommand):
    help = "Add the SMB member, the DEMO area's population figures and today's reminders. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", help="Password for smb.member (random when omitted)")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code="DEMO").first()
        admin = User.objects.filter(username="admin").first()
        if area is None or admin is None:
            raise CommandError("Run seed_demo first: the DEMO area and its users are needed")
        password = options["password"] or secrets.token_urlsafe(12)
        with transaction.atomic():
            member, made = User.objects.get_or_create(
                username="smb.member",
                defaults={
                    "role": Role.SMB_MEMBER,
                    "area": area,
                    "first_name": "Morgan",
                    "last_name": "Ellis",
                    "is_demo": True,
                    "email": "smb.member@demo.invalid",
                },
            )
            if made or options["password"]:
                member.set_password(password)
                member.save()
            latest = latest_complete_year(timezone.localdate())
            for offset, year in enumerate(range(latest - 2, latest + 2)):
                services.set_population(
                    actor=Actor(admin),
                    area=area,
                    year_ending=year,
                    population=DEMO_POPULATION + 1_800 * offset,
                    source="Demonstration figure (made up)",
                )
        run = send_reminders()
        self.stdout.write(
            self.style.SUCCESS(f"smb.member ready; DEMO population entered for {latest - 2} to {latest + 1}.")
        )
        if made or options["password"]:
            self.stdout.write(f"Password for smb.member: {password}")
        self.stdout.write(f"Reminders: {run.notifications} notifications for {run.users} users.")
