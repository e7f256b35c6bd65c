"""Each information request takes its meeting's area."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_area(apps, schema_editor):
    InformationRequest = apps.get_model("meetings", "InformationRequest")
    Invitation = apps.get_model("meetings", "Invitation")
    meeting_area = Invitation.objects.filter(pk=OuterRef("invitation_id")).values("meeting__area_id")[:1]
    InformationRequest.objects.update(area_id=Subquery(meeting_area))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_informationrequest_area"),
    ]

    operations = [
        migrations.RunPython(fill_area, migrations.RunPython.noop),
    ]
