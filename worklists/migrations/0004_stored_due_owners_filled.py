"""Fills the owners of stored clocks (0003) from the person's area and active registration;
rows of people with no active registration are dropped (no worklist shows them); each
planned visit of a person with one becomes a row, as visits/due.py now writes them."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_owners(apps, schema_editor):
    StoredDue = apps.get_model("worklists", "StoredDue")
    Registration = apps.get_model("cases", "Registration")
    Nominal = apps.get_model("register", "Nominal")
    HomeVisit = apps.get_model("visits", "HomeVisit")
    active = Registration.objects.filter(nominal_id=OuterRef("nominal_id"), status="active")
    StoredDue.objects.update(
        area_id=Subquery(Nominal.objects.filter(pk=OuterRef("nominal_id")).values("area_id")[:1]),
        lead_agency_id=Subquery(active.values("lead_agency_id")[:1]),
        record_manager_id=Subquery(active.values("record_manager_id")[:1]),
    )
    StoredDue.objects.filter(lead_agency_id__isnull=True).delete()
    owners = {
        nominal_id: (area_id, agency_id, manager_id)
        for nominal_id, area_id, agency_id, manager_id in Registration.objects.filter(status="active").values_list(
            "nominal_id", "nominal__area_id", "lead_agency_id", "record_manager_id"
        )
    }
    planned = HomeVisit.objects.filter(status="planned", nominal_id__in=list(owners)).values_list(
        "nominal_id", "agency__name", "visit_on"
    )
    StoredDue.objects.filter(kind="home-visit", label__startswith="Planned home visit (").delete()
    StoredDue.objects.bulk_create(
        (
            StoredDue(
                kind="home-visit",
                nominal_id=nominal_id,
                area_id=owners[nominal_id][0],
                lead_agency_id=owners[nominal_id][1],
                record_manager_id=owners[nominal_id][2],
                label=f"Planned home visit ({agency})"[:300],
                due_on=visit_on,
            )
            for nominal_id, agency, visit_on in planned.iterator()
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_registration_active_level_2_3"),
        ("visits", "0002_homevisit_home_visit_planned_day"),
        ("worklists", "0003_stored_due_owners"),
    ]

    operations = [
        migrations.RunPython(fill_owners, migrations.RunPython.noop),
    ]
