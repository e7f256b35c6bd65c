"""The owners of stored clocks are required (filled by 0004, in a transaction of its own:
PostgreSQL does not alter a table with deferred foreign key checks pending)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("worklists", "0004_stored_due_owners_filled"),
    ]

    operations = [
        migrations.AlterField(
            model_name="storeddue",
            name="area",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.area"),
        ),
        migrations.AlterField(
            model_name="storeddue",
            name="lead_agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.agency"
            ),
        ),
        migrations.RemoveIndex(model_name="storeddue", name="stored_due_kind_due"),
        migrations.AddIndex(
            model_name="storeddue",
            index=models.Index(fields=["kind", "area", "due_on"], name="stored_due_area"),
        ),
        migrations.AddIndex(
            model_name="storeddue",
            index=models.Index(fields=["record_manager", "kind", "due_on"], name="stored_due_manager"),
        ),
    ]
