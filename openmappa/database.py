"""The database connection settings, from DATABASE_URL and a few DB_* variables.

Kept apart from settings.py so that tests can build the settings for another URL (an
SQLite file, a PostgreSQL server that does not answer) exactly as the service would.

PostgreSQL: a connection that cannot be made in DB_CONNECT_TIMEOUT seconds, or a statement
that runs past DB_STATEMENT_TIMEOUT_MS, fails instead of holding a worker; TCP keepalives
notice a server that has gone away; each request checks a reused connection before its
first query (CONN_HEALTH_CHECKS), so a restarted server costs one reconnect, not an error.

SQLite (the local demo): write-ahead logging lets pages read while another request writes,
and each transaction takes the write lock when it starts (IMMEDIATE) and waits up to
DB_SQLITE_TIMEOUT seconds for it, so two writes at once queue instead of one failing
with "database is locked" part-way through.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import dj_database_url


def database_settings(url: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if env is None else env
    database: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=int(env.get("DB_CONN_MAX_AGE", "60")), conn_health_checks=True)
    )
    options: dict[str, Any] = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's default cost of a random read (4) is set for spinning disks; on SSD
        # storage it makes the planner scan whole tables to avoid a few hundred index lookups
        # (a worklist's plan actions). 1.1 is the usual setting for SSDs.
        server = [f"-c random_page_cost={env.get('DB_RANDOM_PAGE_COST', '1.1')}"]
        statement_ms = int(env.get("DB_STATEMENT_TIMEOUT_MS", "30000"))
        if statement_ms > 0:  # 0 turns it off (a long data load, a migration of a big table)
            server.append(f"-c statement_timeout={statement_ms}")
        options["options"] = " ".join(server)
        # libpq counts at least 2 seconds, whatever is asked.
        options["connect_timeout"] = max(2, int(env.get("DB_CONNECT_TIMEOUT", "5")))
        options.update(keepalives=1, keepalives_idle=30, keepalives_interval=10, keepalives_count=3)
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        options["timeout"] = float(env.get("DB_SQLITE_TIMEOUT", "20"))
        options["transaction_mode"] = "IMMEDIATE"
        options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    return database
