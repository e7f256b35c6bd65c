"""Custody and release: custody spells and their release dates, release confirmations by
the prison, Approved Premises, recalls and returns to custody, urgent reviews, and
serious further offences (seed 003, 'Custody Issues', 'Approved Premises')."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Agency
from kernel.records import VersionedRecord
from register.models import Nominal


class CustodyReason(models.TextChoices):
    SENTENCE = "sentence", "Sentenced to custody"
    RECALL_BREACH_OF_LICENCE = "recall_licence", "Recalled for breach of licence"
    BREACH_OF_ORDER = "breach_of_order", "Returned to custody for breach of an order (SOPO or SHPO)"
    CHARGED_WITH_SFO = "charged_sfo", "Remanded: charged with a serious further offence"
    REMAND = "remand", "Remanded in custody"


class ReleaseKind(models.TextChoices):
    """How a spell ended. The last three come without the usual notice, so each raises an
    urgent review (seed 003, 'Custody Issues')."""

    AUTOMATIC = "automatic", "Automatic or conditional release"
    PAROLE = "parole", "Released on parole"
    END_OF_CUSTODY = "end_of_custody", "End-of-custody early release"
    SENTENCE_EXPIRY = "sentence_expiry", "Released at sentence expiry"
    APPEAL = "appeal", "Released on appeal"
    JUDICIAL_REVIEW = "judicial_review", "Released after judicial review"
    FROM_COURT = "from_court", "Released from court"


URGENT_RELEASES = frozenset({ReleaseKind.APPEAL, ReleaseKind.JUDICIAL_REVIEW, ReleaseKind.FROM_COURT})


class CustodySpell(VersionedRecord):
    """One period in custody, with the dates the prison calculates (recorded, not computed)."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="custody_spells")
    prison = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=24, choices=CustodyReason)
    entered_on = models.DateField()
    sentence_date = models.DateField(null=True, blank=True)
    sentence_months = models.PositiveIntegerField(null=True, blank=True)
    # The release date the prison works to (automatic or conditional release, or parole).
    release_on = models.DateField(null=True, blank=True)
    parole_eligibility_on = models.DateField(null=True, blank=True)
    licence_expiry_on = models.DateField(null=True, blank=True)
    sentence_expiry_on = models.DateField(null=True, blank=True)
    # The MAPPA category and level when custody began, for the SMB's returns to custody.
    category_at_start = models.PositiveSmallIntegerField(null=True, blank=True)
    level_at_start = models.PositiveSmallIntegerField(null=True, blank=True)
    release_confirmed_on = models.DateField(null=True, blank=True)
    release_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_of_custody_release_on = models.DateField(null=True, blank=True)
    end_of_custody_confirmed_on = models.DateField(null=True, blank=True)
    released_on = models.DateField(null=True, blank=True)
    release_kind = models.CharField(max_length=24, choices=ReleaseKind, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-entered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nominal"], condition=Q(released_on__isnull=True), name="one_open_custody_spell"
            ),
            models.CheckConstraint(
                condition=Q(release_on__isnull=True)
                | Q(sentence_date__isnull=True)
                | Q(release_on__gte=models.F("sentence_date")),
                name="release_not_before_sentence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} from {self.entered_on:%d %b %Y}"

    @property
    def in_custody(self) -> bool:
        return self.released_on is None


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", "Awaiting a decision"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"


class ApprovedPremisesReferral(models.Model):
    """A referral to Approved Premises for release, and the residence that follows."""

    spell = models.ForeignKey(CustodySpell, on_delete=models.CASCADE, related_name="approved_premises")
    premises = models.CharField(max_length=120)
    referred_on = models.DateField()
    outcome = models.CharField(max_length=16, choices=ReferralOutcome, default=ReferralOutcome.PENDING)
    resident_from = models.DateField(null=True, blank=True)
    resident_to = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident_to__isnull=True) | Q(resident_to__gte=models.F("resident_from")),
                name="residence_ends_after_it_starts",
            ),
        ]


class UrgentReview(models.Model):
    """A flagged item on the record: a release without the usual notice needs the case
    reviewed at once (seed 003: urgent or emergency review)."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="urgent_reviews")
    spell = models.ForeignKey(CustodySpell, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=200)
    raised_on = models.DateField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["raised_on", "pk"]


class ReviewDecision(models.TextChoices):
    COMMISSIONED = "commissioned", "A serious case review is commissioned"
    NOT_COMMISSIONED = "not_commissioned", "No serious case review"


class SeriousFurtherOffence(VersionedRecord):
    """A charge with a serious further offence, its notification to the SMB chair and the
    MAPPA co-ordinator, and the SMB's decision on a serious case review."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="serious_further_offences")
    offence = models.CharField(max_length=200)
    charged_on = models.DateField()
    category_at_charge = models.PositiveSmallIntegerField(null=True, blank=True)
    level_at_charge = models.PositiveSmallIntegerField(null=True, blank=True)
    notification_due_on = models.DateField()
    chair_notified_on = models.DateField(null=True, blank=True)
    coordinator_notified_on = models.DateField(null=True, blank=True)
    review_decision = models.CharField(max_length=20, choices=ReviewDecision, blank=True)
    review_decided_on = models.DateField(null=True, blank=True)
    review_decision_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-charged_on", "-pk"]

    @property
    def notified_on(self) -> date | None:
        """Both told: the later of the two dates; None until both are."""
        if self.chair_notified_on and self.coordinator_notified_on:
            return max(self.chair_notified_on, self.coordinator_notified_on)
        return None
