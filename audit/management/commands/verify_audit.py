"""Verify the audit trail: every event must follow from the one before it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.models import AuditEvent
from audit.trail import verify_chain


class Command(BaseCommand):
    help = (
        "Walk the hash-chained audit log from the first event to the last. Prints OK with the "
        "number of events and the last event's hash, or the first broken link (the event and "
        "what is wrong) and exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-hash",
            metavar="HASH",
            help=(
                "A hash printed by an earlier run and kept outside the system. The chain must "
                "still contain it; otherwise events at the end of the log were removed."
            ),
        )
        parser.add_argument(
            "--progress-every",
            type=int,
            default=0,
            metavar="N",
            help="Report progress every N events (default: every 5%% of a log of 10,000 or more).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditEvent.objects.count()
        every = options["progress_every"] or (max(total // 20, 1) if total >= 10_000 else 0)
        show_progress = every > 0 and options["verbosity"] >= 1

        def progress(checked: int) -> None:
            share = f" ({checked * 100 // total}%)" if total else ""
            self.stderr.write(f"Checked {checked:,} of {total:,} events{share}")

        report = verify_chain(
            expect_hash=options["expect_hash"],
            progress=progress if show_progress else None,
            progress_every=every or 10_000,
        )
        if report.broken is not None:
            raise CommandError(
                f"Audit chain broken at event {report.broken.event_id}: {report.broken.problem}. "
                f"{report.checked:,} events before it are intact."
            )
        if report.anchor_found is False:
            raise CommandError(
                f"Audit chain does not contain the expected hash {options['expect_hash']}: "
                "events at the end of the log were removed, or the hash was copied wrongly."
            )
        head = f"; last event {report.head_id}, hash {report.head_hash}" if report.head_id else ""
        self.stdout.write(self.style.SUCCESS(f"OK: {report.checked:,} audit events verified{head}"))
