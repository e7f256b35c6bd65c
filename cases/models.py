"""MAPPA registration: category, level, lead agency, manager, partners and history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Agency
from kernel.records import VersionedRecord
from register.models import Nominal
from rules.level_basis import BASIS_LABELS, Basis


class Category(models.IntegerChoices):
    REGISTERED_SEX_OFFENDER = 1, "Category 1: registered sexual offender"
    VIOLENT_OFFENDER = 2, "Category 2: violent or other sexual offender"
    OTHER_DANGEROUS = 3, "Category 3: other dangerous offender"
    TERRORISM = 4, "Category 4: terrorist or terrorism-risk offender"


class Level(models.IntegerChoices):
    ONE = 1, "Level 1: ordinary agency management"
    TWO = 2, "Level 2: active multi-agency management"
    THREE = 3, "Level 3: active multi-agency management, senior oversight"


class ExitBasis(models.TextChoices):
    """Why a person left MAPPA; the values are those of rules.exit_guard.ExitBasis."""

    EXIT_POINT = "exit_point", "The category's exit point is reached"
    DIED = "died", "The person has died"
    NOTIFICATION_DISCHARGED = "notification_discharged", "Indefinite notification discharged on review"


class RegistrationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class Registration(VersionedRecord):
    Status = RegistrationStatus  # for access.policy, which reaches this model by label

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="registrations")
    category = models.PositiveSmallIntegerField(choices=Category)
    level = models.PositiveSmallIntegerField(choices=Level)
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    record_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_registrations"
    )
    partner_agencies = models.ManyToManyField(Agency, through="PartnerAgency", related_name="partnered_registrations")
    start_date = models.DateField()
    status = models.CharField(max_length=16, choices=RegistrationStatus, default=RegistrationStatus.ACTIVE)
    # The date the current level was last reviewed; the next review follows the rules.
    last_reviewed_on = models.DateField()
    next_review_due_on = models.DateField()
    archived_on = models.DateField(null=True, blank=True)
    archive_reason = models.TextField(blank=True)
    # Why it left MAPPA (rules.exit_guard), and for category 3 the day a level 2 or 3 MAPP
    # meeting decided it; blank while active and on records archived before they were kept.
    exit_basis = models.CharField(max_length=32, choices=ExitBasis, blank=True)
    exit_decided_at_meeting_on = models.DateField(null=True, blank=True)
    # Leaving level 2 or 3 needs an up-to-date agreed plan (seed 003): the date it was agreed.
    exit_plan_agreed_on = models.DateField(null=True, blank=True)
    # A category 1 or 2 person still dangerous at exit is re-registered under category 3.
    previous_registration = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="followed_by"
    )

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["nominal"],
                condition=Q(status="active"),
                name="one_active_registration_per_nominal",
            ),
            # Category 3 is only for cases needing level 2 or 3 management (seed 003).
            models.CheckConstraint(condition=~Q(category=3, level=1), name="category_3_never_level_1"),
            models.CheckConstraint(condition=Q(category__gte=1, category__lte=4), name="category_1_to_4"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="level_1_to_3"),
        ]
        # The worklists' reviews due, for the area and for each manager.
        indexes = [
            models.Index(
                fields=["next_review_due_on"], condition=Q(status="active"), name="registration_active_review"
            ),
            models.Index(
                fields=["record_manager", "next_review_due_on"],
                condition=Q(status="active"),
                name="registration_managed_review",
            ),
            # The few active level 2/3 cases (under 2%): custody work, meetings, reports.
            models.Index(
                fields=["nominal"], condition=Q(status="active", level__in=[2, 3]), name="registration_active_level_2_3"
            ),
        ]

    def __str__(self) -> str:
        return f"Category {self.category}, level {self.level}"

    @property
    def is_active(self) -> bool:
        return self.status == RegistrationStatus.ACTIVE


class PartnerAgency(models.Model):
    """An agency that shares the management of a record and may add to it (ViSOR partner)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="partners")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    since = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "agency"], name="partner_once"),
        ]


class LevelBasis(models.TextChoices):
    """rules.level_basis.Basis, with its labels."""

    REGISTRATION = Basis.REGISTRATION.value, BASIS_LABELS[Basis.REGISTRATION]
    REVIEW = Basis.REVIEW.value, BASIS_LABELS[Basis.REVIEW]
    REFERRAL = Basis.REFERRAL.value, BASIS_LABELS[Basis.REFERRAL]
    MEETING = Basis.MEETING.value, BASIS_LABELS[Basis.MEETING]
    EMERGENCY = Basis.EMERGENCY.value, BASIS_LABELS[Basis.EMERGENCY]
    CONTINUATION = Basis.CONTINUATION.value, BASIS_LABELS[Basis.CONTINUATION]


class LevelChange(models.Model):
    """Every level decision, including the first, with its date, reason and decider."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="level_changes")
    from_level = models.PositiveSmallIntegerField(choices=Level, null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(choices=Level)
    decided_on = models.DateField()
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Leaving level 2 or 3 for level 1: the agreed plan and the level 1 review date set.
    plan_agreed_on = models.DateField(null=True, blank=True)
    level_1_review_on = models.DateField(null=True, blank=True)
    # On a reactivation: when the registration had left MAPPA, and why (kept for the timeline).
    reactivated_from_archive_on = models.DateField(null=True, blank=True)
    archive_reason = models.TextField(blank=True)
    # What the decision rests on (rules.level_basis): level 2 or 3 starts only from an
    # accepted referral or a MAPP meeting, or by the emergency route with its reason.
    # Blank on decisions recorded before the basis was.
    basis = models.CharField(max_length=16, choices=LevelBasis, blank=True)
    basis_reference = models.CharField(max_length=40, blank=True, help_text="The referral or meeting decided on")
    emergency_reason = models.TextField(blank=True)
    # Why the next review is later than the level's cadence allows, when it is.
    review_date_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]
        # The annual report's level decisions in a year, and a registration's history.
        indexes = [
            models.Index(fields=["decided_on"], name="level_change_decided"),
            models.Index(fields=["registration", "decided_on"], name="level_change_history"),
            # The co-ordinator's emergency starts awaiting a referral or a meeting.
            models.Index(fields=["decided_on"], condition=Q(basis="emergency"), name="level_change_emergency"),
        ]


class PoliceRank(models.TextChoices):
    """Ranks that may authorise PDP management: Superintendent or above (seed 000, 003)."""

    SUPERINTENDENT = "superintendent", "Superintendent"
    CHIEF_SUPERINTENDENT = "chief_superintendent", "Chief Superintendent"
    ASSISTANT_CHIEF_CONSTABLE = "assistant_chief_constable", "Assistant Chief Constable (or Commander)"
    DEPUTY_CHIEF_CONSTABLE = "deputy_chief_constable", "Deputy Chief Constable"
    CHIEF_CONSTABLE = "chief_constable", "Chief Constable (or Commissioner)"


class PotentiallyDangerousPerson(VersionedRecord):
    """A PDP: managed by the police outside MAPPA, never a MAPPA category (seed 000, 003)."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="pdp_records")
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    authorised_by = models.CharField(max_length=120, help_text="Superintendent or above who authorised PDP management.")
    # Blank only on records made before the rank was recorded.
    authoriser_rank = models.CharField(max_length=32, choices=PoliceRank, blank=True)
    authorised_on = models.DateField()
    reason = models.TextField()
    status = models.CharField(max_length=16, choices=RegistrationStatus, default=RegistrationStatus.ACTIVE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = "potentially dangerous person"
        constraints = [
            models.UniqueConstraint(
                fields=["nominal"], condition=Q(status="active"), name="one_active_pdp_per_nominal"
            ),
        ]


class RetentionOutcome(models.TextChoices):
    KEEP = "keep", "Keep the record"
    DELETE = "delete", "Delete the record"


class RetentionDecision(models.Model):
    """The review of a record at or after the person's 100th birthday (seed 003, 'ViSOR')."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="retention_decisions")
    outcome = models.CharField(max_length=8, choices=RetentionOutcome)
    decided_on = models.DateField()
    reason = models.TextField()
    # A record kept is reviewed again on this date.
    review_again_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="delete", review_again_on__isnull=True) | Q(outcome="keep"),
                name="retention_delete_has_no_next_review",
            ),
        ]
