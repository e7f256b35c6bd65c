"""The restore drill, on the real PostgreSQL: pg_dump, pg_restore into a scratch database,
row counts and the audit chain checked there; a damaged chain or a truncated backup fails."""

from __future__ import annotations

import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from access.tests.test_audit_chain import some_events, tamper
from audit.management.commands.restore_drill import _libpq_env
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def drill(*args: str) -> str:
    out = StringIO()
    call_command("restore_drill", *args, stdout=out)
    return out.getvalue()


def _scratch_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def test_a_fresh_dump_restores_with_the_same_counts_and_an_intact_chain() -> None:
    events = some_events(5)
    said = drill()
    assert "Restore drill OK" in said and "5 audit events verified" in said
    assert f"head {events[-1].hash}" in said and "(as counted at the dump)" in said
    assert not _scratch_exists(f"{connection.settings_dict['NAME']}_restore_drill"), "dropped afterwards"


def test_a_backup_with_a_broken_chain_fails_the_drill() -> None:
    events = some_events(4)
    tamper("UPDATE access_auditevent SET action = 'rewritten' WHERE id = %s", [events[1].id])
    with pytest.raises(CommandError, match=f"audit chain broken at event {events[1].id}"):
        drill()


def test_a_backup_cut_short_fails_against_the_anchor(tmp_path: Path) -> None:
    events = some_events(4)
    anchors = tmp_path / "anchors.jsonl"
    call_command("verify_audit", "--anchor-file", str(anchors), stdout=StringIO())
    dump = tmp_path / "short.dump"
    # A dump taken after the last events were lost (here: deleted by the owner) is a short backup.
    tamper("DELETE FROM access_auditevent WHERE id = %s", [events[-1].id])
    dump_now = ["pg_dump", "--format=custom", f"--file={dump}", connection.settings_dict["NAME"]]
    subprocess.run(  # noqa: S603
        dump_now,
        env=_libpq_env(connection.settings_dict),
        check=True,
    )
    with pytest.raises(CommandError, match="truncated: events were deleted from the end"):
        drill("--dump", str(dump), "--anchor-file", str(anchors))
    assert AuditEvent.objects.count() == 3
