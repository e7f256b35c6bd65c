"""The web application's database role may only SELECT and INSERT audit events: it cannot
delete, change or empty the log, alter its table or switch its triggers off. Checked on the
real PostgreSQL, connected as that role (created by the database administrator, as
scripts/test does and docs/operations.md describes)."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import errors

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)

WEB_ROLE = "openmappa_web"
WEB_PASSWORD = "openmappa_web"
TABLE = AuditEvent._meta.db_table


@pytest.fixture
def as_web_role() -> Iterator[psycopg.Connection]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [WEB_ROLE])
        if cursor.fetchone() is None:
            pytest.fail(f"Create the role {WEB_ROLE} first (scripts/test does; see docs/operations.md)")
    out = StringIO()
    call_command("grant_database_roles", WEB_ROLE, stdout=out)
    assert "SELECT and INSERT only on access_auditevent" in out.getvalue()
    settings = connection.settings_dict
    web = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        dbname=settings["NAME"],
        user=WEB_ROLE,
        password=WEB_PASSWORD,
        autocommit=True,
    )
    try:
        yield web
    finally:
        web.close()


def _insert_event(web: psycopg.Connection, marker: str) -> None:
    web.execute(
        f"INSERT INTO {TABLE} (occurred_at, actor_username, agency_code, action, object_type, object_id,"  # noqa: S608
        " reason, detail, previous_hash, hash) VALUES (now(), 'web', '', 'test.insert', '', '', '', '{}', %s, %s)",
        ["0" * 64, marker * 64],
    )


REFUSED = [
    f"DELETE FROM {TABLE}",  # noqa: S608 - our own table name
    f"UPDATE {TABLE} SET action = 'rewritten'",  # noqa: S608 - our own table name
    f"TRUNCATE {TABLE}",
    f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL",
    f"ALTER TABLE {TABLE} DISABLE TRIGGER access_auditevent_no_update_delete",
    f"DROP TRIGGER access_auditevent_no_update_delete ON {TABLE}",
    f"ALTER TABLE {TABLE} OWNER TO {WEB_ROLE}",
    f"DROP TABLE {TABLE}",
    "SET session_replication_role = replica",  # which would skip the triggers
    "CREATE TABLE public.sneaky (id int)",
]


@pytest.mark.parametrize("statement", REFUSED)
def test_the_web_role_cannot_remove_change_or_unguard_the_audit_log(
    as_web_role: psycopg.Connection, statement: str
) -> None:
    _insert_event(as_web_role, "a")
    with pytest.raises(errors.InsufficientPrivilege):
        as_web_role.execute(statement)
    assert AuditEvent.objects.filter(action="test.insert").count() == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled = 'O' AND NOT tgisinternal",
            [TABLE],
        )
        assert cursor.fetchone()[0] == 2, "both append-only triggers are still on"


def test_the_web_role_reads_and_appends_audit_events_and_works_the_other_tables(
    as_web_role: psycopg.Connection,
) -> None:
    _insert_event(as_web_role, "b")
    assert as_web_role.execute(f"SELECT count(*) FROM {TABLE}").fetchone() == (1,)  # noqa: S608
    # What the application does to its other tables: sessions come and go, records change.
    as_web_role.execute("INSERT INTO django_session (session_key, session_data, expire_date) VALUES ('k', 'd', now())")
    as_web_role.execute("UPDATE django_session SET session_data = 'e' WHERE session_key = 'k'")
    as_web_role.execute("DELETE FROM django_session WHERE session_key = 'k'")
    as_web_role.execute("SELECT pg_advisory_xact_lock(7311562001)")  # the chain's lock (audit.trail)


def test_the_owner_could_switch_the_trigger_off_which_is_why_the_web_app_is_not_the_owner() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER access_auditevent_no_update_delete")
        cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER access_auditevent_no_update_delete")


def test_the_command_refuses_a_missing_role_and_the_owner_itself() -> None:
    with pytest.raises(CommandError, match="There is no role"):
        call_command("grant_database_roles", "no_such_role_here")
    with pytest.raises(CommandError, match="not as the web role"):
        call_command("grant_database_roles", connection.settings_dict["USER"])
