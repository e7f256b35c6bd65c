"""Referral to a level 2 or 3 MAPP meeting (the MAPPA A form) and its gatekeeping.

Life cycle (seed 003, "Referral and gatekeeping"): draft, submitted, countersigned by a
manager of the referring agency, then gatekept by the MAPPA co-ordinator: accepted for
level 2 or 3, not accepted (sent back with the reason) or ineligible for any category
(the reason recorded, the referrer told, PDP management considered). A disputed decision
goes to a senior manager of the referring agency, whose decision is final.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Agency
from kernel.records import VersionedRecord
from register.models import Nominal


class Rank(models.TextChoices):
    """Management ranks that matter to MAPPA: who countersigns, chairs and arbitrates."""

    LINE_MANAGER = "line_manager", "Line manager"
    SENIOR_PROBATION_OFFICER = "senior_probation_officer", "Senior Probation Officer"
    POLICE_INSPECTOR = "police_inspector", "Police Inspector"
    PRISON_HEAD_OF_FUNCTION = "prison_head_of_function", "Prison head of offender management"
    ASSISTANT_CHIEF_OFFICER = "assistant_chief_officer", "Assistant Chief Officer (probation)"
    BCU_COMMANDER = "bcu_commander", "BCU Commander or Superintendent (police)"
    PRISON_GOVERNOR = "prison_governor", "Prison Governor"


# Tier 1 manages (countersigns a referral); tier 2 may chair level 2 (a Senior Probation
# Officer or Police Inspector); tier 3 may chair level 3 and is a senior manager (an
# Assistant Chief Officer, BCU Commander or equivalent): seed 003 and seed 000.
RANK_TIER: dict[str, int] = {
    Rank.LINE_MANAGER: 1,
    Rank.SENIOR_PROBATION_OFFICER: 2,
    Rank.POLICE_INSPECTOR: 2,
    Rank.PRISON_HEAD_OF_FUNCTION: 2,
    Rank.ASSISTANT_CHIEF_OFFICER: 3,
    Rank.BCU_COMMANDER: 3,
    Rank.PRISON_GOVERNOR: 3,
}
MANAGER_TIER = 1
SENIOR_MANAGER_TIER = 3


def tier_to_chair(level: int) -> int:
    """Level 2 is chaired by tier 2 or above; level 3 by tier 3 (senior managers)."""
    return 3 if level >= 3 else 2


class StaffRank(models.Model):
    """A user's management rank, recorded by the MAPPA co-ordinator."""

    # For access.policy, which reaches this model by label.
    MANAGER_TIER = MANAGER_TIER
    SENIOR_MANAGER_TIER = SENIOR_MANAGER_TIER

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_rank")
    rank = models.CharField(max_length=32, choices=Rank)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.get_rank_display()})"

    @property
    def tier(self) -> int:
        return RANK_TIER.get(self.rank, 0)


class RiskLevel(models.TextChoices):
    """OASys risk of serious harm levels, also used for the likelihood of re-offending."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class Imminence(models.TextChoices):
    IMMINENT = "imminent", "Imminent: harm could happen at any time"
    CHANGE_IN_CIRCUMSTANCES = "change", "Likely if circumstances change"
    NOT_IMMINENT = "not_imminent", "Not imminent"


class MeetingNeeded(models.TextChoices):
    EMERGENCY = "emergency", "An emergency meeting"
    NEXT_SCHEDULED = "next_scheduled", "The next scheduled meeting"


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting countersignature"
    COUNTERSIGNED = "countersigned", "Awaiting gatekeeping"
    ACCEPTED = "accepted", "Accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    INELIGIBLE = "ineligible", "Ineligible for MAPPA"
    DISPUTED = "disputed", "Disputed: with a senior manager"
    UPHELD = "upheld", "Not accepted: final decision"


class GatekeepingDecision(models.TextChoices):
    ACCEPT = "accept", "Accept for level 2 or 3 management"
    NOT_ACCEPTED = "not_accepted", "Not accepted: send back to the referrer"
    INELIGIBLE = "ineligible", "Ineligible for any MAPPA category"


class DisputeDecision(models.TextChoices):
    ACCEPT = "accept", "Accept the referral"
    UPHOLD = "uphold", "Uphold the co-ordinator's decision"


class Referral(VersionedRecord):
    Status = ReferralStatus  # for access.policy, which reaches this model by label

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="referrals")
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referrer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made")
    status = models.CharField(max_length=16, choices=ReferralStatus, default=ReferralStatus.DRAFT)

    # The MAPPA A form. Blank is allowed while a draft; submission requires them all.
    category = models.PositiveSmallIntegerField(null=True, blank=True)
    index_offence = models.CharField(max_length=200, blank=True)
    reason_for_referral = models.TextField(blank=True)
    requested_level = models.PositiveSmallIntegerField(null=True, blank=True)
    likelihood_of_reoffending = models.CharField(max_length=16, choices=RiskLevel, blank=True)
    reoffending_detail = models.TextField(blank=True)
    risk_of_serious_harm = models.CharField(max_length=16, choices=RiskLevel, blank=True)
    harm_to_whom = models.TextField(blank=True)
    harm_when = models.TextField(blank=True)
    imminence = models.CharField(max_length=16, choices=Imminence, blank=True)
    agencies_to_invite = models.ManyToManyField(Agency, blank=True, related_name="+")
    updated_risk_assessment = models.TextField(blank=True)
    outline_risk_management_plan = models.TextField(blank=True)
    meeting_needed = models.CharField(max_length=16, choices=MeetingNeeded, blank=True)
    emergency_meeting_by = models.DateField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersign_comment = models.TextField(blank=True)

    gatekept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gatekept_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=16, choices=GatekeepingDecision, blank=True)
    accepted_level = models.PositiveSmallIntegerField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    pdp_considered = models.BooleanField(default=False)
    pdp_outcome = models.TextField(blank=True)

    disputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disputed_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.TextField(blank=True)
    dispute_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispute_decided_at = models.DateTimeField(null=True, blank=True)
    dispute_decision = models.CharField(max_length=16, choices=DisputeDecision, blank=True)
    dispute_decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=True) | Q(category__gte=1, category__lte=4),
                name="referral_category_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(requested_level__isnull=True) | Q(requested_level__in=[2, 3]),
                name="referral_requested_level_2_or_3",
            ),
            models.CheckConstraint(
                condition=Q(accepted_level__isnull=True) | Q(accepted_level__in=[2, 3]),
                name="referral_accepted_level_2_or_3",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} of {self.nominal}"

    @property
    def is_emergency(self) -> bool:
        return self.meeting_needed == MeetingNeeded.EMERGENCY

    @property
    def is_draft(self) -> bool:
        return self.status == ReferralStatus.DRAFT
