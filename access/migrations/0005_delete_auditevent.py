# The audit log now belongs to the `audit` app (audit 0001); its table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0004_sharing_restricted_emergency'),
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AuditEvent')],
            database_operations=[],
        ),
    ]
