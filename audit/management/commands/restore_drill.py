"""`manage.py restore_drill`: prove a backup restores, into a scratch database.

Without --dump, a fresh pg_dump is taken from one snapshot of the database, and the rows of
every table are counted in that same snapshot. The dump (or the --dump given, such as last
night's backup) is restored with pg_restore into a scratch database; there, the rows are
counted again and must match, and the audit chain must verify from its first event to its
last (and, with --anchor-file, still hold the head anchored there: a backup cut short shows
only so). The scratch database is dropped afterwards unless --keep.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from psycopg import sql

from audit import anchors
from audit.models import AuditEvent
from audit.trail import verify_chain


def _libpq_env(settings: dict[str, Any]) -> dict[str, str]:
    """The connection settings as libpq's environment, for pg_dump and pg_restore."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings.get(key):
            env[name] = str(settings[key])
    return env


def _connect(settings: dict[str, Any], dbname: str) -> psycopg.Connection:
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


AUDIT_TABLE = AuditEvent._meta.db_table
EVENT_FIELDS = [f.attname for f in AuditEvent._meta.concrete_fields]


def _events(copy: psycopg.Connection) -> Iterator[AuditEvent]:
    """The restored events in id order, as the model (unsaved) that event_hash reads."""
    query = sql.SQL("SELECT {} FROM {} ORDER BY id").format(
        sql.SQL(", ").join(sql.Identifier(name) for name in EVENT_FIELDS), sql.Identifier(AUDIT_TABLE)
    )
    with copy.cursor(name="restored_events") as rows:
        rows.itersize = 2000
        rows.execute(query)
        for row in rows:
            values = dict(zip(EVENT_FIELDS, row, strict=True))
            if values["ip_address"] is not None:  # psycopg gives an ipaddress object; Django, text
                values["ip_address"] = str(values["ip_address"])
            yield AuditEvent(**values)


def _counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    found = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        found[table] = int(cursor.fetchone()[0])
    return found


class Command(BaseCommand):
    help = (
        "Restore a backup (a fresh pg_dump, or --dump FILE) into a scratch database and check it: "
        "row counts per table and the audit chain. Exits 1 on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dump", type=Path, help="A pg_dump custom-format file to restore (default: dump now)")
        parser.add_argument("--anchor-file", type=Path, help="The audit anchors file: the restore must hold its head")
        parser.add_argument("--scratch", help="Name of the scratch database (default: <database>_restore_drill)")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database for inspection")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The restore drill is for PostgreSQL (pg_dump and pg_restore)")
        started = time.monotonic()
        settings = connection.settings_dict
        source = str(settings["NAME"])
        scratch = options["scratch"] or f"{source}_restore_drill"
        if scratch == source:
            raise CommandError("The scratch database must not be the database itself")
        tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        env = _libpq_env(settings)
        with tempfile.TemporaryDirectory() as work:
            expected: dict[str, int] | None = None
            expected_head = ""
            dump: Path = options["dump"]
            if dump is None:
                dump = Path(work) / "openmappa.dump"
                expected, expected_head = self._dump(settings, source, tables, dump, env)
            self._restore(settings, source, scratch, dump, env)
        try:
            restored, report, cut = self._check(scratch, tables, options["anchor_file"])
        finally:
            if not options["keep"]:
                self._drop(settings, source, scratch)
        problems = []
        if expected is not None:
            differ = [
                f"{t}: {expected[t]} then, {restored.get(t)} restored" for t in tables if expected[t] != restored.get(t)
            ]
            problems += [f"row counts differ ({'; '.join(differ)})"] if differ else []
            if report.head_hash != expected_head:
                problems.append(f"the restored audit log ends at {report.head_hash}, not {expected_head}")
        if report.broken is not None:
            problems.append(f"audit chain broken at event {report.broken.event_id}: {report.broken.problem}")
        if cut:
            problems.append(f"the restored audit log is truncated: {cut}")
        if problems:
            raise CommandError("Restore drill FAILED: " + "; ".join(problems))
        rows = sum(restored.values())
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Restore drill OK: {len(tables)} tables, {rows:,} rows"
                f"{' (as counted at the dump)' if expected is not None else ''}, "
                f"{report.checked:,} audit events verified, head {report.head_hash}; "
                f"restored into {scratch}{' (kept)' if options['keep'] else ' (dropped)'} in {seconds:.1f} s"
            )
        )

    def _dump(
        self, settings: dict[str, Any], source: str, tables: list[str], dump: Path, env: dict[str, str]
    ) -> tuple[dict[str, int], str]:
        """pg_dump from one exported snapshot, and the counts and audit head in that snapshot."""
        with _connect(settings, source) as snapshot:
            snapshot.autocommit = False
            with snapshot.cursor() as cursor:
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot_id = str(cursor.fetchone()[0])  # type: ignore[index]
                counts = _counts(cursor, tables)
                cursor.execute(
                    sql.SQL("SELECT hash FROM {} ORDER BY id DESC LIMIT 1").format(sql.Identifier(AUDIT_TABLE))
                )
                head = cursor.fetchone()
                command = ["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={dump}", source]
                done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
                if done.returncode:
                    raise CommandError(f"pg_dump failed: {done.stderr.strip()}")
            snapshot.rollback()
        return counts, str(head[0]) if head else "0" * 64

    def _restore(self, settings: dict[str, Any], source: str, scratch: str, dump: Path, env: dict[str, str]) -> None:
        self._drop(settings, source, scratch)
        with _connect(settings, source) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={scratch}", str(dump)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode:
            raise CommandError(f"pg_restore failed: {done.stderr.strip()}")

    def _check(self, scratch: str, tables: list[str], anchor_file: Path | None) -> tuple[dict[str, int], Any, str]:
        """Counts, the chain, and what the anchor says is missing ("" when nothing), in the copy,
        read over a connection of its own (the application's connections stay on the database)."""
        with _connect(connection.settings_dict, scratch) as copy, copy.cursor() as cursor:
            copy.autocommit = False  # one read-only transaction, as the events are read in chunks
            cursor.execute("SET TRANSACTION READ ONLY")
            cursor.execute("SET TIME ZONE 'UTC'")  # as Django reads times, so the hashes match
            restored = _counts(cursor, tables)
            report = verify_chain(events=_events(copy))
            cut = ""
            anchor = anchors.last_in_file(anchor_file) if anchor_file is not None else None
            if anchor is not None:
                cursor.execute(
                    sql.SQL("SELECT hash FROM {} WHERE id = %s").format(sql.Identifier(AUDIT_TABLE)), [anchor.head_id]
                )
                held = cursor.fetchone()
                cut = anchors.truncation(anchor, report, str(held[0]) if held else None) or ""
        return restored, report, cut

    def _drop(self, settings: dict[str, Any], source: str, scratch: str) -> None:
        with _connect(settings, source) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
