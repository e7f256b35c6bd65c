"""The audit log is append-only and hash-chained; verify_audit finds the first broken link."""

from __future__ import annotations

import itertools
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, models, transaction
from django.test import RequestFactory

from accounts.models import Role
from audit import trail
from audit.models import AuditEvent, AuditLogIsAppendOnly
from kernel.actor import acting_as

from .test_viewers import make_person, make_user

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table
ROW_TRIGGER = "access_auditevent_no_update_delete"
TRUNCATE_TRIGGER = "access_auditevent_no_truncate"
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists only in PostgreSQL")


def verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out, stderr=out)
    return out.getvalue()


def broken(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        verify(*args)
    return str(refused.value)


def some_events(count: int = 5) -> list[AuditEvent]:
    user = make_user(Role.POLICE_OM)
    nominal = make_person(user)
    for section in ("summary", "addresses", "convictions", "personal_details", "mappa")[: max(count - 1, 0)]:
        trail.record(actor=user, action="nominal.view", nominal_id=nominal.pk, detail={"section": section})
    return list(AuditEvent.objects.order_by("id"))


def tamper(sql: str, params: list[Any]) -> None:
    """What someone with the table owner's rights could do: switch the trigger off, change
    the table, switch it on again. It all rolls back with the test's transaction."""
    with connection.cursor() as cursor:
        # Run the deferred foreign-key checks now: ALTER TABLE refuses while any are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {ROW_TRIGGER}")
        cursor.execute(sql, params)
        cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {ROW_TRIGGER}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# --- An intact chain ---------------------------------------------------------------------


def test_an_intact_chain_verifies_with_its_count_and_head() -> None:
    events = some_events()
    output = verify()
    assert f"OK: {len(events)} audit events verified" in output
    assert f"last event {events[-1].id}, hash {events[-1].hash}" in output
    assert trail.first_broken_link() is None


def test_an_empty_log_verifies() -> None:
    assert AuditEvent.objects.count() == 0
    assert "OK: 0 audit events verified" in verify()


def test_each_event_links_to_the_one_before() -> None:
    events = some_events()
    assert events[0].previous_hash == trail.GENESIS_HASH
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.hash
        assert after.hash == trail.event_hash(after)


def test_progress_is_reported_on_long_walks() -> None:
    some_events(5)
    output = verify("--progress-every", "2")
    assert "Checked 2 of 5 events (40%)" in output
    assert "Checked 4 of 5 events (80%)" in output


def test_ip_addresses_hash_the_same_after_the_database_normalises_them() -> None:
    user = make_user(Role.POLICE_OM)
    request = RequestFactory().get("/", REMOTE_ADDR="2001:0DB8:0000:0000:0000:0000:0000:0001")
    event = trail.record(actor=acting_as(user, request), action="auth.sign_in")
    assert event.ip_address == "2001:db8::1"
    junk = RequestFactory().get("/", REMOTE_ADDR="not-an-address")
    assert trail.record(actor=acting_as(user, junk), action="auth.sign_in").ip_address is None
    assert "OK: 2 audit events verified" in verify()


# --- Tampering is detected -----------------------------------------------------------------


@postgres_only
def test_altering_one_row_is_detected_at_that_event() -> None:
    events = some_events()
    target = events[2]
    tamper("UPDATE access_auditevent SET reason = %s WHERE id = %s", ["nothing to see here", target.id])

    message = broken()

    assert f"Audit chain broken at event {target.id}:" in message
    assert "content does not match its hash" in message
    assert "2 events before it are intact" in message
    assert trail.first_broken_link() == trail.ChainBreak(
        target.id, "its content does not match its hash: the event was altered"
    )


@postgres_only
def test_altering_a_row_and_rehashing_it_breaks_the_next_link() -> None:
    events = some_events()
    target = events[1]
    target.actor_username = "somebody.else"
    new_hash = trail.event_hash(target)
    tamper(
        "UPDATE access_auditevent SET actor_username = %s, hash = %s WHERE id = %s",
        ["somebody.else", new_hash, target.id],
    )

    message = broken()

    assert f"Audit chain broken at event {events[2].id}:" in message
    assert f"does not match the hash of event {target.id} before it" in message


@postgres_only
def test_deleting_a_middle_row_is_detected_at_the_next_event() -> None:
    events = some_events()
    removed, following = events[2], events[3]
    tamper("DELETE FROM access_auditevent WHERE id = %s", [removed.id])

    message = broken()

    assert f"Audit chain broken at event {following.id}:" in message
    assert f"does not match the hash of event {events[1].id} before it" in message
    assert "an event between them was removed" in message


@postgres_only
def test_deleting_the_first_row_is_detected() -> None:
    events = some_events()
    tamper("DELETE FROM access_auditevent WHERE id = %s", [events[0].id])
    message = broken()
    assert f"Audit chain broken at event {events[1].id}:" in message
    assert "the first event does not start the chain" in message


@postgres_only
def test_removing_the_newest_events_is_caught_with_a_hash_kept_from_an_earlier_run() -> None:
    events = some_events()
    kept = events[-1].hash
    assert "OK" in verify("--expect-hash", kept)
    tamper("DELETE FROM access_auditevent WHERE id = %s", [events[-1].id])
    # The chain that is left is intact: only the kept hash shows what went missing.
    assert "OK: 4 audit events verified" in verify()
    assert "does not contain the expected hash" in broken("--expect-hash", kept)


# --- Append-only: the application, and the database ----------------------------------------


def test_the_application_cannot_update_or_delete_audit_events() -> None:
    event = some_events(2)[0]
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(reason="edited")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["reason"])
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update_or_create(pk=event.pk, defaults={"reason": "edited"})
    event.reason = "edited"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    assert "OK: 2 audit events verified" in verify()


@postgres_only
def test_the_database_refuses_update_and_delete_that_go_around_the_model() -> None:
    """A plain queryset (not the model's guarded manager) reaches the table: the trigger refuses."""
    event = some_events(2)[0]
    plain: models.QuerySet[AuditEvent] = models.QuerySet(model=AuditEvent)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        plain.filter(pk=event.pk).update(reason="edited")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        plain.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE access_auditevent SET reason = 'edited'")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()
    assert "OK: 2 audit events verified" in verify()


@postgres_only
def test_the_triggers_are_installed_and_enabled() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgenabled, tgtype FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [TABLE],
        )
        triggers = {name: (enabled, kind) for name, enabled, kind in cursor.fetchall()}
    assert set(triggers) == {ROW_TRIGGER, TRUNCATE_TRIGGER}
    assert all(enabled == "O" for enabled, _ in triggers.values())  # "O": fires in normal sessions
    # tgtype bits: 2 BEFORE, 8 DELETE, 16 UPDATE, 32 TRUNCATE.
    assert triggers[ROW_TRIGGER][1] & (2 | 8 | 16) == (2 | 8 | 16)
    assert triggers[TRUNCATE_TRIGGER][1] & (2 | 32) == (2 | 32)
