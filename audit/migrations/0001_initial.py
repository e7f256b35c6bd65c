# The audit log moves from `access` to its own app. The table, its indexes and its
# append-only triggers stay as they are: only Django's record of which app owns it changes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("access", "0004_sharing_restricted_emergency"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField()),
                ('actor_username', models.CharField(blank=True, max_length=150)),
                ('agency_code', models.CharField(blank=True, max_length=24)),
                ('action', models.CharField(max_length=60)),
                ('object_type', models.CharField(blank=True, max_length=40)),
                ('object_id', models.CharField(blank=True, max_length=40)),
                ('nominal_id', models.BigIntegerField(blank=True, db_index=True, null=True)),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                ('reason', models.TextField(blank=True)),
                ('detail', models.JSONField(blank=True, default=dict)),
                ('previous_hash', models.CharField(max_length=64)),
                ('hash', models.CharField(max_length=64, unique=True)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'access_auditevent',
                'ordering': ['id'],
                'base_manager_name': 'objects',
                'indexes': [models.Index(fields=['actor', 'occurred_at'], name='access_audi_actor_i_0ed45e_idx'), models.Index(fields=['occurred_at'], name='audit_occurred_at_idx'), models.Index(fields=['actor_username', 'occurred_at'], name='audit_username_idx'), models.Index(fields=['agency_code', 'occurred_at'], name='audit_agency_idx')],
            },
        ),
            ],
            database_operations=[],
        ),
    ]
