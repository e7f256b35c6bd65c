"""What access keeps: the stored answers to Idempotency-Keys, sharing grants to duty-to-co-operate
agencies, restricted-section grants and emergency accesses."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from audit import trail


class IdempotentRequest(models.Model):
    """The stored answer to a create request, replayed when the same key comes again
    (draft-ietf-httpapi-idempotency-key-header): kept with the request's fingerprint, so a
    key reused for another request is refused, until it expires (settings.IDEMPOTENCY_TTL)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    method = models.CharField(max_length=10, default="POST")
    path = models.CharField(max_length=200)
    # SHA-256 of the request body as parsed (keys sorted), so a reordered body is the same.
    fingerprint = models.CharField(max_length=64, default="")
    # 0 while the first request is still running (the key is claimed, not yet answered).
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once")]

    def record_replay(self, actor: Any) -> None:
        """A replay shows the caller a stored answer again: audited like any read of it."""
        trail.record(
            actor=actor,
            action="idempotency.replay",
            obj=self,
            detail={"path": self.path, "status_code": self.status_code},
        )


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
    scope = models.CharField(max_length=32, choices=ShareScope)
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
    section = models.CharField(max_length=16, choices=RestrictedSection)
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
    review_outcome = models.CharField(max_length=16, choices=ReviewOutcome, blank=True)
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
