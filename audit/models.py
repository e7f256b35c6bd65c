"""The audit log: append-only, each event chained to the one before by its hash."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AuditLogIsAppendOnly(Exception):
    """Raised by any attempt to change or remove an audit event through the application."""

    def __init__(self, operation: str) -> None:
        super().__init__(f"The audit log is append-only: {operation} is refused")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Reads and inserts only. PostgreSQL also refuses UPDATE, DELETE and TRUNCATE with a
    trigger (migration 0003), so code that goes around this class still cannot rewrite history."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("update")

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly("delete")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        raise AuditLogIsAppendOnly("update")

    def update_or_create(
        self,
        defaults: Any = None,
        create_defaults: Any = None,
        **kwargs: Any,
    ) -> NoReturn:
        raise AuditLogIsAppendOnly("update")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Snapshots, so the event still reads true after a user moves agency.
    actor_username = models.CharField(max_length=150, blank=True)
    agency_code = models.CharField(max_length=24, blank=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    # Plain id, not a foreign key: the audit trail outlives the record it describes.
    nominal_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when the log was part of `access`; its triggers
        # (access migration 0003) refuse UPDATE, DELETE and TRUNCATE by that name.
        db_table = "access_auditevent"
        ordering = ["id"]
        # Related lookups use the guarded manager too.
        base_manager_name = "objects"
        indexes = [
            models.Index(fields=["actor", "occurred_at"]),
            # The auditor's search: by date, by username and by agency (newest first).
            models.Index(fields=["occurred_at"], name="audit_occurred_at_idx"),
            models.Index(fields=["actor_username", "occurred_at"], name="audit_username_idx"),
            models.Index(fields=["agency_code", "occurred_at"], name="audit_agency_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert once; an event that is already stored is never saved again."""
        if not self._state.adding:
            raise AuditLogIsAppendOnly("update")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("delete")
