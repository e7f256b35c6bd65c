"""A trigram index on the search text, so search reads the index instead of every person.

Search asks for `search_text LIKE '% word%'` (a word beginning with what was typed, in a
space-delimited, lower-case, accent-free copy of names, aliases and identifiers); pg_trgm's
GIN index answers that pattern. PostgreSQL only: SQLite (the demo) has no such index and
keeps scanning, which is fine at demo size. The index is kept out of the model's Meta so
SQLite never tries to build it when it remakes the table.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "register_nominal_search_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON register_nominal USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
