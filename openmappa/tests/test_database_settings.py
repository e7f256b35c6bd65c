"""The database settings (openmappa/database.py): timeouts and health checks on PostgreSQL,
and on SQLite (the local demo) concurrent writes that wait their turn instead of failing
with "database is locked"."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connections, transaction

from openmappa.database import database_settings


def test_postgresql_connections_time_out_and_are_health_checked() -> None:
    database = database_settings("postgres://u:p@db:5432/openmappa", {})
    assert database["CONN_HEALTH_CHECKS"] is True and database["CONN_MAX_AGE"] == 60
    options = database["OPTIONS"]
    assert options["connect_timeout"] == 5
    assert "-c statement_timeout=30000" in options["options"]
    assert "-c random_page_cost=1.1" in options["options"]
    assert options["keepalives"] == 1


def test_the_timeouts_can_be_changed_or_turned_off_by_environment() -> None:
    database = database_settings(
        "postgres://u:p@db:5432/openmappa",
        {"DB_CONNECT_TIMEOUT": "3", "DB_STATEMENT_TIMEOUT_MS": "0", "DB_CONN_MAX_AGE": "0"},
    )
    assert database["OPTIONS"]["connect_timeout"] == 3
    assert "statement_timeout" not in database["OPTIONS"]["options"]
    assert database["CONN_MAX_AGE"] == 0


def test_sqlite_takes_its_write_lock_at_the_start_and_waits_for_it() -> None:
    database = database_settings("sqlite:////tmp/x.sqlite3", {})
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] == 20
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


@pytest.fixture
def two_sqlite_writers(tmp_path: Path, django_db_blocker: Any, request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Two connection aliases to one new SQLite file, configured as the service would be
    (or, for the comparison, with SQLite's default deferred transactions)."""
    database = database_settings(f"sqlite:///{tmp_path / 'demo.sqlite3'}", {"DB_SQLITE_TIMEOUT": "5"})
    if getattr(request, "param", "") == "deferred":
        database["OPTIONS"].pop("transaction_mode")
    aliases = ["sqlite_writer_a", "sqlite_writer_b"]
    configured = connections.configure_settings(
        {"default": dict(connections.settings["default"]), **{alias: dict(database) for alias in aliases}}
    )
    with django_db_blocker.unblock():
        for alias in aliases:
            connections.settings[alias] = configured[alias]
        with connections[aliases[0]].cursor() as cursor:
            cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, n INTEGER)")
        yield aliases
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def _read_then_write(alias: str, hold: float, errors: list[BaseException]) -> None:
    try:
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM visit")
            (count,) = cursor.fetchone()
            time.sleep(hold)
            cursor.execute("INSERT INTO visit (n) VALUES (%s)", [count + 1])
    except BaseException as error:
        errors.append(error)
    finally:
        connections[alias].close()


def _write_at_once(aliases: list[str]) -> list[BaseException]:
    errors: list[BaseException] = []
    first = threading.Thread(target=_read_then_write, args=(aliases[0], 0.6, errors))
    second = threading.Thread(target=_read_then_write, args=(aliases[1], 0.0, errors))
    first.start()
    time.sleep(0.2)  # the second starts while the first holds its transaction open
    second.start()
    first.join()
    second.join()
    return errors


def test_two_sqlite_writes_at_once_both_succeed_one_after_the_other(two_sqlite_writers: list[str]) -> None:
    assert _write_at_once(two_sqlite_writers) == []
    with connections[two_sqlite_writers[0]].cursor() as cursor:
        cursor.execute("SELECT n FROM visit ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == [1, 2]  # the second saw the first's write


@pytest.mark.parametrize("two_sqlite_writers", ["deferred"], indirect=True)
def test_with_sqlites_default_transactions_the_same_writes_fail(two_sqlite_writers: list[str]) -> None:
    errors = _write_at_once(two_sqlite_writers)
    assert errors and isinstance(errors[0], OperationalError) and "locked" in str(errors[0])
