"""MAPP meetings, their invitations, information requests, attendance and minutes.

The minutes follow the MAPPA C layout (seed 003, "MAPP meetings and minutes"): draft,
approved by the chair and locked; a later correction is a numbered addendum, never an
edit. A PDP discussion is minuted separately and never counted as a MAPPA meeting.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Agency, Area
from kernel.records import VersionedRecord
from referrals.models import Imminence, Referral, RiskLevel
from register.models import Nominal
from rules.working_days import actions_due_by, minutes_due_on


class MeetingType(models.TextChoices):
    INITIAL = "initial", "Initial MAPP meeting"
    REVIEW = "review", "Review MAPP meeting"
    EMERGENCY = "emergency", "Emergency MAPP meeting"
    PRE_RELEASE = "pre_release", "Pre-release MAPP meeting"
    CORE_GROUP_REVIEW = "core_group_review", "Core group review"
    YOUNG_MAPPA = "young_mappa", "Young MAPPA meeting"
    PDP_DISCUSSION = "pdp_discussion", "PDP discussion (not a MAPPA meeting)"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(VersionedRecord):
    reference = models.CharField(max_length=24, unique=True, editable=False)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="meetings")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    meeting_type = models.CharField(max_length=24, choices=MeetingType)
    # Level 2 or 3; none for a PDP discussion, which is not MAPPA.
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    held_on = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    place = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings_chaired")
    agenda = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=MeetingStatus, default=MeetingStatus.SCHEDULED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["held_on", "starts_at", "pk"]
        indexes = [models.Index(fields=["area", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(meeting_type="pdp_discussion") & Q(level__isnull=True))
                | (~Q(meeting_type="pdp_discussion") & Q(level__in=[2, 3])),
                name="meeting_level_2_or_3_unless_pdp",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(condition=~Q(place="", video_link=""), name="meeting_has_place_or_link"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_meeting_type_display()} {self.held_on:%d %b %Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_mappa(self) -> bool:
        """A PDP discussion is never counted as a MAPPA meeting."""
        return self.meeting_type != MeetingType.PDP_DISCUSSION

    @property
    def minutes_due_on(self) -> date | None:
        """Level 2 within 10, level 3 within 5 working days (rules.working_days)."""
        if not self.is_mappa or self.level is None:
            return None
        return minutes_due_on(level=self.level, held_on=self.held_on)

    @property
    def ended_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.held_on, self.ends_at))

    @property
    def actions_due_by(self) -> datetime:
        """The agreed actions go to every attendee within 24 hours of the end (rules.working_days)."""
        return actions_due_by(ended_at=self.ended_at)

    @property
    def has_ended(self) -> bool:
        return timezone.now() >= self.ended_at


class Attendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    WRITTEN_REPORT = "written_report", "Sent a written report"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


NON_ATTENDANCE = (Attendance.APOLOGIES, Attendance.ABSENT, Attendance.WRITTEN_REPORT)


class Invitation(models.Model):
    """An agency invited to the meeting, and how it attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField()
    attendance = models.CharField(max_length=16, choices=Attendance, blank=True)
    represented_by = models.CharField(max_length=200, blank=True)
    follow_up = models.TextField(blank=True, help_text="The chair's follow-up of non-attendance.")

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="invite_agency_once")]

    def __str__(self) -> str:
        return f"{self.agency} to {self.meeting.reference}"

    @property
    def did_not_attend(self) -> bool:
        return self.attendance in NON_ATTENDANCE


class ResponseKind(models.TextChoices):
    INFORMATION = "information", "Information provided"
    NO_INFORMATION = "no_information", "No information held"
    # Set by the service, never chosen by the agency: the meeting it prepared was cancelled.
    CLOSED = "closed", "Closed: the meeting was cancelled"


# What an invited agency may answer.
AGENCY_RESPONSES = (ResponseKind.INFORMATION, ResponseKind.NO_INFORMATION)


class InformationRequest(models.Model):
    """Each invited agency searches its records and responds within 7 days and before the
    meeting (rules.information_requests); moving the meeting re-dates an open request,
    cancelling it closes the request."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="information_request")
    # The meeting's area, kept on the request (a meeting never changes area) so an area's
    # open requests are found from one index instead of through every invitation.
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    due_on = models.DateField()
    response_kind = models.CharField(max_length=16, choices=ResponseKind, blank=True)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The worklists read the requests still awaiting a response by due date.
        indexes = [
            models.Index(fields=["due_on"], condition=Q(response_kind=""), name="info_request_open_due"),
            models.Index(fields=["area", "due_on"], condition=Q(response_kind=""), name="info_request_area_open_due"),
        ]

    def __str__(self) -> str:
        return f"Information request to {self.invitation.agency}"

    @property
    def is_answered(self) -> bool:
        return bool(self.response_kind)

    @property
    def is_closed(self) -> bool:
        return self.response_kind == ResponseKind.CLOSED

    @property
    def is_overdue(self) -> bool:
        return not self.is_answered and timezone.localdate() > self.due_on


class Attendee(models.Model):
    """A person at the meeting: the action list goes to each within 24 hours."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved and locked"


class DisclosureDecision(models.TextChoices):
    DISCLOSE = "disclose", "Disclose"
    DO_NOT_DISCLOSE = "do_not_disclose", "Do not disclose"


class LevelDecision(models.IntegerChoices):
    ONE = 1, "Level 1: ordinary agency management"
    TWO = 2, "Level 2"
    THREE = 3, "Level 3"


# RoSH is recorded per group at risk (OASys; seed 003, "Risk assessment").
ROSH_GROUPS: tuple[tuple[str, str], ...] = (
    ("rosh_public", "the public"),
    ("rosh_known_adult", "a known adult"),
    ("rosh_children", "children"),
    ("rosh_staff", "staff"),
    ("rosh_prisoners", "prisoners"),
)


class Minutes(VersionedRecord):
    """The MAPPA C minutes of one meeting, in its sections."""

    Status = MinutesStatus  # for access.policy, which reaches this model by label

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    status = models.CharField(max_length=16, choices=MinutesStatus, default=MinutesStatus.DRAFT)
    attendance_notes = models.TextField(blank=True)
    reason_for_meeting = models.TextField(blank=True)
    agency_information = models.TextField(blank=True)
    rosh_public = models.CharField(max_length=16, choices=RiskLevel.choices, blank=True)
    rosh_known_adult = models.CharField(max_length=16, choices=RiskLevel.choices, blank=True)
    rosh_children = models.CharField(max_length=16, choices=RiskLevel.choices, blank=True)
    rosh_staff = models.CharField(max_length=16, choices=RiskLevel.choices, blank=True)
    rosh_prisoners = models.CharField(max_length=16, choices=RiskLevel.choices, blank=True)
    imminence = models.CharField(max_length=16, choices=Imminence.choices, blank=True)
    risk_assessment = models.TextField(blank=True)
    victims = models.TextField(blank=True)
    disclosure_considered = models.BooleanField(default=False)
    disclosure_decision = models.CharField(max_length=16, choices=DisclosureDecision, blank=True)
    disclosure_what = models.TextField(blank=True)
    disclosure_to_whom = models.TextField(blank=True)
    disclosure_by_whom = models.CharField(max_length=200, blank=True)
    disclosure_by_when = models.DateField(null=True, blank=True)
    disclosure_reasons_not = models.TextField(blank=True)
    offender_told = models.BooleanField(null=True, blank=True)
    offender_not_told_reason = models.TextField(blank=True)
    level_decision = models.PositiveSmallIntegerField(choices=LevelDecision, null=True, blank=True)
    level_reasoning = models.TextField(blank=True)
    reduction_considered = models.BooleanField(default=False)
    differing_views = models.TextField(blank=True)
    next_meeting_on = models.DateField(null=True, blank=True)
    next_meeting_reason = models.TextField(
        blank=True, help_text="Why the next meeting is outside the cadence, and how the review will happen instead."
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting.reference}"

    @property
    def is_locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    def rosh_rows(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, f"get_{field}_display")() or "Not assessed") for field, label in ROSH_GROUPS]


class PlanHeading(models.TextChoices):
    SUPERVISION = "supervision", "Supervision"
    MONITORING = "monitoring", "Monitoring and control"
    INTERVENTIONS = "interventions", "Interventions and treatment"
    VICTIM_SAFETY = "victim_safety", "Victim safety planning"
    CONTINGENCY = "contingency", "Contingency"


class MinutesAction(models.Model):
    """An action of the risk management plan: SMART, with an owning agency and a date."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="actions")
    heading = models.CharField(max_length=16, choices=PlanHeading)
    action = models.TextField()
    owner = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    position = models.PositiveSmallIntegerField(default=0)
    # An action agreed in an addendum to approved minutes (none: in the minutes themselves).
    addendum = models.ForeignKey(
        "MinutesAddendum", on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.action


class MinutesAddendum(models.Model):
    """A correction to approved minutes: numbered, locked on creation, never edited."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="addenda")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="addendum_number_once")]

    def __str__(self) -> str:
        return f"Addendum {self.number}"


class Channel(models.TextChoices):
    IN_APP = "in_app", "In OpenMAPPA"
    EMAIL = "email", "Email"


class ActionListDelivery(models.Model):
    """The distribution log: one row per attendee and channel the action list went by."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_list_deliveries")
    attendee = models.ForeignKey(Attendee, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(max_length=8, choices=Channel)
    address = models.CharField(max_length=254, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    on_time = models.BooleanField()
    actions = models.JSONField(default=list)
    read_at = models.DateTimeField(null=True, blank=True)
    # Why an email could not be handed to the mail server; blank when it was.
    failure = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-sent_at", "pk"]

    def __str__(self) -> str:
        return f"Action list to {self.attendee} by {self.channel}"


class MinutesShare(models.Model):
    """An entry on the named distribution list the chair approved for the minutes."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recipient_name = models.CharField(max_length=150)
    purpose = models.TextField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    grant_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["approved_at", "pk"]

    def __str__(self) -> str:
        return f"{self.recipient_name} ({self.agency})"


class RequesterKind(models.TextChoices):
    COURT = "court", "Court"
    PAROLE_BOARD = "parole_board", "Parole Board"
    OFFENDER = "offender", "The offender (or their representative)"
    OTHER = "other", "Other"


class RequestStatus(models.TextChoices):
    WITH_CHAIR = "with_chair", "With the chair"
    RELEASED = "released", "Executive summary released"
    REFUSED = "refused", "Refused"


class MinutesRequest(models.Model):
    """A request for minutes, routed to the chair of the latest meeting and decided there."""

    Status = RequestStatus  # for access.policy, which reaches this model by label

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="minutes_requests")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes_requests")
    requester_kind = models.CharField(max_length=16, choices=RequesterKind)
    requester = models.CharField(max_length=200)
    purpose = models.TextField()
    received_on = models.DateField()
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField()
    routed_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=RequestStatus, default=RequestStatus.WITH_CHAIR)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-logged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_requester_kind_display()} request for minutes of {self.meeting.reference}"


class ExecutiveSummary(models.Model):
    """The Minutes Executive Summary: what is released instead of the minutes (seed 003)."""

    request = models.OneToOneField(MinutesRequest, on_delete=models.PROTECT, related_name="executive_summary")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    personal_details = models.TextField()
    reason_for_referral = models.TextField()
    category_and_index_offence = models.TextField()
    level_and_decision = models.TextField()
    information_considered = models.TextField()
    specific_risks = models.TextField()
    active_management_needed = models.TextField()
    lead_agency_contact = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "executive summaries"

    def __str__(self) -> str:
        return f"Executive summary of {self.meeting.reference}"
