"""MAPPA registration: category, level, lead agency, manager, partners and history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Agency
from register.models import Nominal


class Category(models.IntegerChoices):
    REGISTERED_SEX_OFFENDER = 1, "Category 1: registered sexual offender"
    VIOLENT_OFFENDER = 2, "Category 2: violent or other sexual offender"
    OTHER_DANGEROUS = 3, "Category 3: other dangerous offender"
    TERRORISM = 4, "Category 4: terrorist or terrorism-risk offender"


class Level(models.IntegerChoices):
    ONE = 1, "Level 1: ordinary agency management"
    TWO = 2, "Level 2: active multi-agency management"
    THREE = 3, "Level 3: active multi-agency management, senior oversight"


class RegistrationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class Registration(models.Model):
    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="registrations")
    category = models.PositiveSmallIntegerField(choices=Category.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    record_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_registrations"
    )
    partner_agencies = models.ManyToManyField(Agency, through="PartnerAgency", related_name="partnered_registrations")
    start_date = models.DateField()
    status = models.CharField(max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.ACTIVE)
    # The date the current level was last reviewed; the next review follows the rules.
    last_reviewed_on = models.DateField()
    next_review_due_on = models.DateField()
    archived_on = models.DateField(null=True, blank=True)
    archive_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

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


class LevelChange(models.Model):
    """Every level decision, including the first, with its date, reason and decider."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="level_changes")
    from_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(choices=Level.choices)
    decided_on = models.DateField()
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]


class PotentiallyDangerousPerson(models.Model):
    """A PDP: managed by the police outside MAPPA, never a MAPPA category (seed 000, 003)."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="pdp_records")
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    authorised_by = models.CharField(max_length=120, help_text="Superintendent or above who authorised PDP management.")
    authorised_on = models.DateField()
    reason = models.TextField()
    status = models.CharField(max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.ACTIVE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "potentially dangerous person"
        constraints = [
            models.UniqueConstraint(
                fields=["nominal"], condition=Q(status="active"), name="one_active_pdp_per_nominal"
            ),
        ]
