"""The audit log is append-only in the database itself.

In PostgreSQL a trigger refuses every UPDATE and DELETE of an audit row, and TRUNCATE of
the table, whoever asks. Django's test runner empties every table with TRUNCATE between
transactional tests, so TRUNCATE is allowed only in its throwaway databases, whose names
start with "test_". UPDATE and DELETE are refused everywhere.

The trigger stops the application and anyone using its connection. The table owner can
still disable a trigger: in production run the application as a role that does not own the
tables (migrations as the owner), so it cannot, and keep `verify_audit` running.

SQLite (the zero-setup demo) has no such trigger; the model refuses updates and deletes.
"""

from django.db import migrations, models

TABLE = "access_auditevent"
FUNCTION = "access_auditevent_append_only"
ROW_TRIGGER = "access_auditevent_no_update_delete"
TRUNCATE_TRIGGER = "access_auditevent_no_truncate"

CREATE_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND starts_with(current_database(), 'test_') THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % on {TABLE} is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON {TABLE};
CREATE TRIGGER {ROW_TRIGGER} BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON {TABLE};
CREATE TRIGGER {TRUNCATE_TRIGGER} BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}();
"""

DROP_SQL = f"""
DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON {TABLE};
DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON {TABLE};
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("access", "0002_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditevent",
            options={"base_manager_name": "objects", "ordering": ["id"]},
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["occurred_at"], name="audit_occurred_at_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor_username", "occurred_at"], name="audit_username_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["agency_code", "occurred_at"], name="audit_agency_idx"),
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
