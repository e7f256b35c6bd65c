"""Information requests carry their meeting's area (filled by 0005 and required by 0006,
each in a transaction of its own: PostgreSQL does not alter a table with deferred foreign
key checks pending)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_reference_data"),
        ("meetings", "0003_informationrequest_info_request_open_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="informationrequest",
            name="area",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.area"
            ),
        ),
    ]
