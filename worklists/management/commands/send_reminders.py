"""`manage.py send_reminders`: the daily digest of what is due and late, for cron.

Idempotent: each reminder is keyed by user, item, due date and day, so a second run on
the same day sends nothing twice. Email goes through Django's mail settings (EMAIL_HOST
and friends; the console in demo mode)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from worklists.reminders import REMINDER_HORIZON_DAYS
from worklists.services import send_reminders


class Command(BaseCommand):
    help = "Send each user a digest of what is due and late, and add in-app notifications. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=date.fromisoformat, help="The day to remind for (YYYY-MM-DD); today by default"
        )
        parser.add_argument(
            "--days", type=int, default=REMINDER_HORIZON_DAYS, help="Remind of work due within this many days"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = send_reminders(today=options["today"], horizon_days=options["days"])
        self.stdout.write(
            self.style.SUCCESS(f"Reminders: {run.notifications} new for {run.users} users; {run.emails} emails sent.")
        )
