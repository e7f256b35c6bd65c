"""Home visits: the visit log, and the risk each agency schedules its visits by.

The intervals (police by risk of serious harm for category 1; probation's first visit,
high-risk visits and visits after a move) live in rules/visits.py; the risk of serious harm
is the person's latest risk assessment (plans), never typed in twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Agency
from kernel.records import VersionedRecord
from register.models import Nominal


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    COMPLETED = "completed", "Done"
    NO_ACCESS = "no_access", "Attempted: no access"
    CANCELLED = "cancelled", "Cancelled"


class VisitPurpose(models.TextChoices):
    ROUTINE = "routine", "Routine risk management visit"
    VERIFICATION = "verification", "Verifying notified details (address, household)"
    CHANGE_OF_ADDRESS = "change_of_address", "After a change of address"
    FIRST_SUPERVISION = "first_supervision", "First visit after supervision starts"


class HomeVisit(VersionedRecord):
    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="home_visits")
    # The agency that made (or will make) the visit; a joint visit counts for police and
    # probation alike.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    joint = models.BooleanField(default=False, help_text="A joint police and probation visit.")
    visit_on = models.DateField()
    status = models.CharField(max_length=16, choices=VisitStatus, default=VisitStatus.PLANNED)
    announced = models.BooleanField(default=True)
    purpose = models.CharField(max_length=24, choices=VisitPurpose, default=VisitPurpose.ROUTINE)
    visitors = models.CharField(max_length=200, help_text="Who visited, by name and role.")
    address = models.CharField(max_length=200, blank=True)
    outcome = models.TextField(blank=True)
    concerns_found = models.BooleanField(default=False)
    concerns = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visit_on", "-pk"]
        indexes = [
            models.Index(fields=["nominal", "status", "visit_on"]),
            # The worklists' planned visits by day.
            models.Index(fields=["visit_on"], condition=models.Q(status="planned"), name="home_visit_planned_day"),
        ]

    def __str__(self) -> str:
        return f"Home visit on {self.visit_on:%d %b %Y}"


class ScheduleKind(models.TextChoices):
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"


class VisitSchedule(VersionedRecord):
    """That an agency (police or probation) schedules home visits to the person.

    The risk of serious harm the visits follow is not typed in here: it is the person's
    latest risk assessment (plans), or the rule's default while none is recorded
    (visits.clocks.visit_risk, rules.visits)."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="visit_schedules")
    kind = models.CharField(max_length=16, choices=ScheduleKind)
    # Probation only: the first home visit is due within 10 working days of this.
    supervision_started_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["nominal", "kind"], name="one_visit_schedule_per_agency_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} visits"
