"""Risk assessments, the risk management plan and its actions, licence conditions and
controlled-disclosure contracts (seed 003, 'Risk Assessment', 'Risk Management Plans',
'MAPPA Case Management Best Practice').

Assessments are never edited: a new one of the same tool supersedes the last, so the
history stays whole. The plan is one living record per MAPPA registration; its actions are
SMART (what, which heading, owning agency, due date) with a timeline of progress.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Agency
from cases.models import Registration
from kernel.records import VersionedRecord
from register.models import Nominal


class RiskLevel(models.TextChoices):
    """OASys risk of serious harm, also the scale of the other tools' overall levels."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class Tool(models.TextChoices):
    OASYS = "oasys", "OASys (risk of serious harm)"
    RM2000 = "rm2000", "Risk Matrix 2000 (adult male sexual offenders)"
    SARA = "sara", "SARA (spousal assault)"
    ASSET = "asset", "ASSET (young people)"
    OTHER = "other", "Another tool"


class Imminence(models.TextChoices):
    IMMINENT = "imminent", "Imminent: harm could happen at any time"
    CHANGE_IN_CIRCUMSTANCES = "change", "Likely if circumstances change"
    NOT_IMMINENT = "not_imminent", "Not imminent"


# OASys rates RoSH per group at risk, separately in the community and in custody (seed 003).
GROUPS: tuple[tuple[str, str], ...] = (
    ("public", "The public"),
    ("known_adult", "A known adult"),
    ("children", "Children"),
    ("staff", "Staff"),
    ("prisoners", "Prisoners"),
)
SETTINGS: tuple[tuple[str, str], ...] = (("community", "In the community"), ("custody", "In custody"))
ROSH_FIELDS: tuple[str, ...] = tuple(f"{setting}_{group}" for setting, _ in SETTINGS for group, _ in GROUPS)


def _rosh() -> models.CharField[str, str]:
    return models.CharField(max_length=16, choices=RiskLevel, blank=True)


class RiskAssessment(models.Model):
    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="risk_assessments")
    tool = models.CharField(max_length=16, choices=Tool)
    tool_name = models.CharField(max_length=80, blank=True, help_text="The tool's name, for another tool")
    assessed_on = models.DateField()
    assessor = models.CharField(max_length=120)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # The tool's overall level: for OASys the highest of the ratings by group and setting.
    overall_level = models.CharField(max_length=16, choices=RiskLevel)
    reconviction_level = models.CharField(max_length=16, choices=RiskLevel, blank=True)
    community_public = _rosh()
    community_known_adult = _rosh()
    community_children = _rosh()
    community_staff = _rosh()
    community_prisoners = _rosh()
    custody_public = _rosh()
    custody_known_adult = _rosh()
    custody_children = _rosh()
    custody_staff = _rosh()
    custody_prisoners = _rosh()
    who_is_at_risk = models.TextField(blank=True)
    nature_of_harm = models.TextField(blank=True)
    imminence = models.CharField(max_length=16, choices=Imminence, blank=True)
    risk_increased_by = models.TextField(blank=True)
    risk_reduced_by = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_on", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["nominal", "tool", "assessed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(overall_level__in=["low", "medium", "high", "very_high"]), name="assessment_level_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool_label} {self.assessed_on:%d %b %Y}"

    @property
    def tool_label(self) -> str:
        return self.tool_name if self.tool == Tool.OTHER and self.tool_name else self.get_tool_display()

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "superseded_by")

    def rosh_table(self) -> list[tuple[str, str, str]]:
        """(group, community level, custody level), labels for display."""
        rows = []
        for group, label in GROUPS:
            community = getattr(self, f"get_community_{group}_display")() or "Not rated"
            custody = getattr(self, f"get_custody_{group}_display")() or "Not rated"
            rows.append((label, community, custody))
        return rows


class AgreedRiskLevel(models.Model):
    """Where the tools disagree, the level agreed in professional discussion, and why."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="agreed_risk_levels")
    agreed_level = models.CharField(max_length=16, choices=RiskLevel)
    reconviction_level = models.CharField(max_length=16, choices=RiskLevel, blank=True)
    reasoning = models.TextField()
    agreed_on = models.DateField()
    assessments = models.ManyToManyField(RiskAssessment, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-agreed_on", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Agreed {self.get_agreed_level_display()} on {self.agreed_on:%d %b %Y}"


class PlanHeading(models.TextChoices):
    """The headings of a risk management plan (seed 003, 'Risk Management Plans')."""

    SUPERVISION = "supervision", "Supervision"
    MONITORING = "monitoring", "Monitoring and control"
    INTERVENTIONS = "interventions", "Interventions and treatment"
    VICTIM_SAFETY = "victim_safety", "Victim safety planning"
    CONTINGENCY = "contingency", "Contingency"


class RiskManagementPlan(VersionedRecord):
    """The one living plan of a MAPPA registration."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="risk_plan")
    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="risk_plans")
    review_on = models.DateField(null=True, blank=True)
    supervision = models.TextField(blank=True)
    monitoring = models.TextField(blank=True)
    interventions = models.TextField(blank=True)
    victim_safety = models.TextField(blank=True)
    contingency = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Risk management plan of {self.nominal}"


class ActionStatus(models.TextChoices):
    """Stored statuses. "Overdue" is never stored: it is derived from the due date."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


CLOSED_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})
OVERDUE = "overdue"


class PlanAction(VersionedRecord):
    plan = models.ForeignKey(RiskManagementPlan, on_delete=models.PROTECT, related_name="actions")
    heading = models.CharField(max_length=16, choices=PlanHeading)
    text = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner_person = models.CharField(max_length=120, blank=True)
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=ActionStatus, default=ActionStatus.OPEN)
    cancel_reason = models.TextField(blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="plan_actions"
    )
    # The agreed action of approved minutes (or of an addendum) this action was made from:
    # one plan action per agreed action, so approving again never duplicates it.
    minutes_action = models.OneToOneField(
        "meetings.MinutesAction", on_delete=models.PROTECT, null=True, blank=True, related_name="plan_action"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner_agency", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="plan_action_cancel_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def status_on(self, today: date) -> str:
        """The status shown: overdue when past its due date and neither done nor cancelled."""
        if not self.is_closed and self.due_on < today:
            return OVERDUE
        return str(self.status)

    @property
    def shown_status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def shown_status_label(self) -> str:
        status = self.shown_status
        return "Overdue" if status == OVERDUE else ActionStatus(status).label


class ActionUpdate(models.Model):
    """Progress on an action, recorded by its owning agency: the action's timeline."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="updates")
    note = models.TextField()
    status = models.CharField(max_length=16, choices=ActionStatus)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]


class PlanChange(models.Model):
    """The plan's timeline of changes, in words, append-only."""

    plan = models.ForeignKey(RiskManagementPlan, on_delete=models.PROTECT, related_name="changes")
    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    summary = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]


class ControlKind(models.TextChoices):
    LICENCE_CONDITION = "licence_condition", "Licence condition"
    COMMUNITY_ORDER = "community_order", "Community order requirement"
    CIVIL_ORDER = "civil_order", "Civil order prohibition (SHPO, SRO, Notification Order)"
    NOTIFICATION = "notification", "Notification requirement"
    OTHER = "other", "Other external control"


class ExternalControl(VersionedRecord):
    """A licence condition or other external control recorded against the person."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="external_controls")
    kind = models.CharField(max_length=24, choices=ControlKind)
    text = models.TextField()
    from_on = models.DateField()
    to_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=200, help_text="For example the licence and who issued it")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-from_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_on__isnull=True) | Q(to_on__gte=models.F("from_on")), name="control_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.from_on <= today and (self.to_on is None or self.to_on >= today)


class DisclosureContract(VersionedRecord):
    """A contract for controlled disclosure, like the specimen in seed 003: the offender's
    undertakings in one setting, who will know and why, what follows a breach, signed by
    the offender and the offender manager."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="disclosure_contracts")
    setting = models.CharField(max_length=200, help_text="Where it applies, for example a named church")
    undertakings = models.TextField(help_text="One undertaking per line")
    who_will_know = models.TextField(help_text="Who will be told, on a need-to-know basis, and why")
    breach_consequence = models.TextField()
    offender_signed_on = models.DateField(null=True, blank=True)
    offender_manager = models.CharField(max_length=120)
    offender_manager_signed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Contract for {self.setting}"

    @property
    def is_signed(self) -> bool:
        return self.offender_signed_on is not None and self.offender_manager_signed_on is not None

    def undertaking_lines(self) -> list[str]:
        return [line.strip(" ·-•\t") for line in self.undertakings.splitlines() if line.strip(" ·-•\t")]
