"""`manage.py refresh_due_dates`: recompute the stored clocks the worklists read.

The services that write the facts they read have them recomputed when the write commits
(kernel/due_dates.py); run this once after loading data by other means (a migration,
`generate_synthetic`, an import) with `--all`, and daily (before `send_reminders`) to
pick up facts that take effect on a later day, such as a home move recorded ahead of its
date. Safe to run again."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils import timezone

from register.models import Nominal
from worklists.models import StoredDue
from worklists.stored import refresh_people

BATCH = 500


class Command(BaseCommand):
    help = "Recompute the stored notification and home visit due dates. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Every person (a back-fill), not only those due")
        parser.add_argument("--today", type=date.fromisoformat, help="The day to compute for (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        if options["all"]:
            ids = list(Nominal.objects.order_by("pk").values_list("pk", flat=True))
        else:
            stale = StoredDue.objects.filter(Q(refresh_on__lte=today) | Q(stops_after__lt=today))
            ids = sorted(set(stale.values_list("nominal_id", flat=True)))
        stored = 0
        for start in range(0, len(ids), BATCH):
            stored += refresh_people(ids[start : start + BATCH], today=today)
        self.stdout.write(f"Recomputed the due dates of {len(ids)} people: {stored} open clocks stored.")
