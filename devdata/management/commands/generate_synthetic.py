"""`manage.py generate_synthetic --people N --area CODE|ALL`: made-up people at scale."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from tqdm import tqdm

from accounts.models import Area
from accounts.reference import MAPPA_AREAS
from devdata.synthetic import generate
from devdata.synthetic_due import DueDates


class Command(BaseCommand):
    help = (
        "Generate synthetic people with realistic MAPPA histories, shaped like the national picture. "
        "Every person is made up. For benchmarks and demonstrations, never a live system."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, required=True, help="How many people to add")
        parser.add_argument(
            "--area", default="ALL", help="An area's code, or ALL for the 42 areas of England and Wales"
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (the same seed gives the same people)")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Processes computing the stored due dates while people are generated (0: in this process)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        people = options["people"]
        if people <= 0:
            raise CommandError("--people must be a whole number above 0")
        code = options["area"].upper()
        if code == "ALL":
            areas = list(Area.objects.filter(code__in=[c for c, _ in MAPPA_AREAS]).order_by("code"))
        else:
            areas = list(Area.objects.filter(code=code))
        if not areas:
            raise CommandError(f"No area with the code {code}: use an area's code or ALL")
        if options["workers"] < 0:
            raise CommandError("--workers must be 0 or more")
        started = time.monotonic()
        quiet = options["verbosity"] == 0
        with (
            tqdm(total=people, unit="people", desc="People", disable=quiet, position=0) as people_bar,
            tqdm(total=people, unit="people", desc="Due dates", disable=quiet, position=1) as due_bar,
            DueDates(workers=options["workers"], progress=due_bar.update) as due_dates,
        ):
            result = generate(
                people=people, areas=areas, seed=options["seed"], progress=people_bar.update, written=due_dates.add
            )
        if connection.vendor == "postgresql":
            # After a bulk load the planner's statistics are stale until autovacuum comes
            # round; with them, queries over the new rows can pick plans thousands of
            # times slower. Refresh them now, as one would after any import.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        rows = ", ".join(f"{name} {count}" for name, count in sorted(result.counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {result.people} people in {seconds:.0f} s: {rows}; {due_dates.stored} stored due dates."
            )
        )
