"""The audit log: append-only, each event chained to the one before by its hash."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


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


class IdempotentRequest(models.Model):
    """The stored answer to a create request, replayed when the same key comes again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    path = models.CharField(max_length=200)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once")]


class ShareScope(models.TextChoices):
    """What a duty-to-co-operate agency may be shown about one person."""

    REFERRAL_SUMMARY = "referral_summary", "Referral summary"
    MINUTES = "minutes", "Approved minutes"
    EXECUTIVE_SUMMARY = "executive_summary", "Minutes executive summary"
    ACTIONS = "actions", "Actions for the agency"
    RISK_PLAN = "risk_plan", "Risk management plan"
    DISCLOSURE = "disclosure", "Disclosure decision"


class ShareGrant(models.Model):
    """One thing about one person shared with one duty-to-co-operate agency, until it
    expires or is revoked. Made by the event that justifies it (an invitation, the chair's
    approval of minutes); never edited, only extended, revoked or left to expire."""

    nominal = models.ForeignKey("register.Nominal", on_delete=models.PROTECT, related_name="share_grants")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="share_grants")
    scope = models.CharField(max_length=32, choices=ShareScope.choices)
    # The shared object, when the grant is for one item (e.g. "Meeting", "12"); blank for
    # the scope as a whole.
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    reason = models.TextField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["agency", "nominal", "scope"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")), name="share_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} of {self.nominal_id} to {self.agency_id}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class RestrictedSection(models.TextChoices):
    """Parts of a record restricted beyond sight of the record itself (seed 003)."""

    VICTIMS = "victims", "Victims"
    INTELLIGENCE = "intelligence", "Intelligence"
    HEALTH = "health", "Health"


class RestrictedAccessGrant(models.Model):
    """A named user's need-to-know for one restricted section of one person's record.

    Granted to a user, not an agency (docs/decisions/0005): need to know is personal. It
    helps only while the user can also see the record."""

    nominal = models.ForeignKey("register.Nominal", on_delete=models.PROTECT, related_name="restricted_grants")
    section = models.CharField(max_length=16, choices=RestrictedSection.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="restricted_grants")
    reason = models.TextField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["section", "-granted_at", "-pk"]
        indexes = [models.Index(fields=["nominal", "user", "section"])]

    def __str__(self) -> str:
        return f"{self.get_section_display()} of {self.nominal_id} for {self.user_id}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "justified", "Justified"
    NOT_JUSTIFIED = "not_justified", "Not justified"


class EmergencyAccess(models.Model):
    """Break-glass: a Responsible Authority user opened a record outside their agencies,
    read-only, for a limited time, for a stated reason; the area co-ordinator reviews it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses")
    nominal = models.ForeignKey("register.Nominal", on_delete=models.PROTECT, related_name="emergency_accesses")
    reason = models.TextField()
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(max_length=16, choices=ReviewOutcome.choices, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name_plural = "emergency accesses"
        indexes = [models.Index(fields=["user", "nominal", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("started_at")), name="emergency_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return f"Emergency access to {self.nominal_id} by {self.user_id}"

    @property
    def is_live(self) -> bool:
        return self.expires_at > timezone.now()
