"""Load the MAPPA areas of England and Wales, the demo area, and one agency of each kind
in every area (accounts/reference.py)."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from accounts.reference import AGENCY_NAMES, agency_code, all_areas

    Area = apps.get_model("accounts", "Area")
    Agency = apps.get_model("accounts", "Agency")
    for code, name in all_areas():
        area, _ = Area.objects.get_or_create(code=code, defaults={"name": name})
        Agency.objects.bulk_create(
            [
                Agency(area=area, kind=kind, code=agency_code(code, kind), name=pattern.format(area=name))
                for kind, pattern in AGENCY_NAMES.items()
                if not Agency.objects.filter(code=agency_code(code, kind)).exists()
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
