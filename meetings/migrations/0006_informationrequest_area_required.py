"""An information request's area is required, and an area's open requests are indexed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_informationrequest_area_filled"),
    ]

    operations = [
        migrations.AlterField(
            model_name="informationrequest",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.area"
            ),
        ),
        migrations.AddIndex(
            model_name="informationrequest",
            index=models.Index(
                condition=models.Q(("response_kind", "")),
                fields=["area", "due_on"],
                name="info_request_area_open_due",
            ),
        ),
    ]
