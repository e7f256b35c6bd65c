"""Stored clocks carry whose work they are (area, lead agency, record manager), and planned
home visits are stored with the visit clocks.

0004 fills them and 0005 makes them required: each in a transaction of its own.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("worklists", "0002_storeddue"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="storeddue",
            name="area",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.area"
            ),
        ),
        migrations.AddField(
            model_name="storeddue",
            name="lead_agency",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.agency"
            ),
        ),
        migrations.AddField(
            model_name="storeddue",
            name="record_manager",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
