"""Give the web application's database role what it needs, and no more on the audit log.

Migrations run as the role that owns the tables; the web application connects as another
role (WEB_ROLE, created once by the database administrator, see docs/operations.md). Run
this as the owner after every `migrate`; it is safe to run again.

The web role may read and write the application's tables, but on the audit table only
SELECT and INSERT: no UPDATE, DELETE or TRUNCATE, and, not being the owner, it can neither
ALTER the table nor switch its append-only triggers off.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from psycopg import sql

from audit.models import AuditEvent

AUDIT_TABLE = AuditEvent._meta.db_table


class Command(BaseCommand):
    help = (
        "As the owner of the tables: grant the web application's role SELECT, INSERT, UPDATE and "
        "DELETE on every table except the audit log, where it gets SELECT and INSERT only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("web_role", help="The role the web application connects as (it must exist)")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL matter: nothing to do for this database")
        role = options["web_role"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"There is no role {role!r}: the database administrator creates it first")
            if found[0]:
                raise CommandError(f"{role!r} is a superuser: the web application's role must not be one")
            cursor.execute("SELECT current_user")
            owner = cursor.fetchone()[0]
            if owner == role:
                raise CommandError("Run this as the owner of the tables, not as the web role")
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        statements = _grants(role=role, tables=tables)
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            self.style.SUCCESS(
                f"{role}: read and write on {len(tables) - 1} tables; SELECT and INSERT only on {AUDIT_TABLE}"
            )
        )


def _grants(*, role: str, tables: list[str]) -> list[sql.Composable]:
    who = sql.Identifier(role)
    statements: list[sql.Composable] = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(connection.settings_dict["NAME"]), who),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        # Nothing of its own in the schema: it cannot create a table or a function.
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM {}").format(who),
    ]
    for table in tables:
        name = sql.Identifier(table)
        # Start from nothing, so a privilege granted by hand earlier does not linger.
        statements.append(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(name, who))
        if table == AUDIT_TABLE:
            statements.append(sql.SQL("GRANT SELECT, INSERT ON TABLE {} TO {}").format(name, who))
        else:
            statements.append(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {} TO {}").format(name, who))
    statements.append(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(who))
    return statements
