"""Verify the audit trail: every event must follow from the one before it, and the log
must still hold the head noted in an external anchor (else events were cut from the end)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit import anchors
from audit.models import AuditEvent
from audit.trail import verify_chain


class Command(BaseCommand):
    help = (
        "Walk the hash-chained audit log from the first event to the last. Prints OK with the "
        "number of events and the last event's hash, or the first broken link (the event and "
        "what is wrong) and exits with status 1. With --anchor-file, also checks the log still "
        "holds the head written there last time (events deleted from the end show only so), "
        "then appends the new head; --syslog sends the new head to syslog too."
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
            "--anchor-file",
            type=Path,
            metavar="PATH",
            help=(
                "A file of anchors (one JSON line per run) on storage the application cannot "
                "write: the last one is checked, then this run's head is appended."
            ),
        )
        parser.add_argument("--syslog", action="store_true", help="Send this run's head to syslog (auth facility).")
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
        anchor_file: Path | None = options["anchor_file"]
        if anchor_file is not None:
            previous = anchors.last_in_file(anchor_file)
            if previous is not None:
                held = AuditEvent.objects.filter(pk=previous.head_id).values_list("hash", flat=True).first()
                cut = anchors.truncation(previous, report, held)
                if cut is not None:
                    raise CommandError(f"Audit log truncated: {cut}")
        anchor = anchors.anchor_of(report)
        if anchor_file is not None:
            anchors.append_to_file(anchor, anchor_file)
        if options["syslog"]:
            anchors.send_to_syslog(anchor)
        head = f"; last event {report.head_id}, hash {report.head_hash}" if report.head_id else ""
        self.stdout.write(self.style.SUCCESS(f"OK: {report.checked:,} audit events verified{head}"))
