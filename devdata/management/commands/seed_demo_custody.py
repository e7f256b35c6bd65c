"""`manage.py seed_demo_custody`: demo custody, releases, an SFO, a transfer and a record
due its retention review, in the DEMO area. Run after `seed_demo`; safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from devdata.custody import seed_custody


class Command(BaseCommand):
    help = "Add demo custody and release, transfer, SFO and retention data to the DEMO area."

    def handle(self, *args: Any, **options: Any) -> None:
        if not User.objects.filter(username="probation.om").exists():
            raise CommandError("Run `manage.py seed_demo` first: the demo users are missing")
        added = seed_custody()
        self.stdout.write(f"Added {added} demo people" if added else "Demo custody data already present")
