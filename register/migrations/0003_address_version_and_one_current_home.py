"""Addresses carry a version (they are corrected and ended by edits), and a person has one
current home address: where older data has two, each but the latest begun is ended on the
day the next one began."""

from typing import Any

from django.db import migrations, models


def end_superseded_home_addresses(apps: Any, schema_editor: Any) -> None:
    Address = apps.get_model("register", "Address")
    current = Address.objects.filter(kind="main", to_date__isnull=True).order_by("nominal_id", "-from_date", "-pk")
    latest_start: dict[int, Any] = {}
    for address in current:
        began = latest_start.get(address.nominal_id)
        if began is None:
            latest_start[address.nominal_id] = address.from_date
            continue
        address.to_date = max(began, address.from_date)
        address.save(update_fields=["to_date"])
        latest_start[address.nominal_id] = address.from_date


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0002_search_text_trigram_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="address",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.RunPython(end_superseded_home_addresses, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="address",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "main"), ("to_date__isnull", True)),
                fields=("nominal",),
                name="one_current_home_address",
            ),
        ),
    ]
