"""API representations of meetings, minutes and requests for minutes. Writable fields are
explicit allow-lists; `level`, `held_on`, `minutes_due_on` and `actions_due_by` are named
as API-CONTRACT.md fixes them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from accounts.models import Agency, User
from referrals.models import Imminence, RiskLevel

from .models import (
    ActionListDelivery,
    Attendance,
    Attendee,
    DisclosureDecision,
    ExecutiveSummary,
    InformationRequest,
    Invitation,
    Meeting,
    MeetingType,
    Minutes,
    MinutesAction,
    MinutesAddendum,
    MinutesRequest,
    MinutesShare,
    PlanHeading,
    RequesterKind,
    ResponseKind,
)


class InformationRequestSerializer(serializers.ModelSerializer[InformationRequest]):
    agency = serializers.CharField(source="invitation.agency.code", read_only=True)
    meeting = serializers.IntegerField(source="invitation.meeting_id", read_only=True)
    responded_by = serializers.CharField(source="responded_by.username", read_only=True, default=None)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "meeting",
            "agency",
            "requested_on",
            "due_on",
            "is_overdue",
            "response_kind",
            "response",
            "responded_by",
            "responded_at",
        ]
        read_only_fields = fields


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    agency = serializers.CharField(source="agency.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    information_request = InformationRequestSerializer(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "agency",
            "agency_name",
            "invited_at",
            "attendance",
            "represented_by",
            "follow_up",
            "information_request",
        ]
        read_only_fields = fields


class AttendeeSerializer(serializers.ModelSerializer[Attendee]):
    agency = serializers.CharField(source="agency.code", read_only=True, default=None)
    user = serializers.CharField(source="user.username", read_only=True, default=None)

    class Meta:
        model = Attendee
        fields = ["id", "name", "email", "agency", "user"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer[ActionListDelivery]):
    attendee = serializers.CharField(source="attendee.name", read_only=True)
    sent_by = serializers.CharField(source="sent_by.username", read_only=True)

    class Meta:
        model = ActionListDelivery
        fields = ["id", "attendee", "channel", "address", "sent_by", "sent_at", "on_time", "read_at", "failure"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    referral = serializers.IntegerField(source="referral_id", read_only=True)
    chair = serializers.CharField(source="chair.username", read_only=True)
    cancelled_by = serializers.CharField(source="cancelled_by.username", read_only=True, allow_null=True)
    is_mappa = serializers.BooleanField(read_only=True)
    minutes_due_on = serializers.DateField(read_only=True, allow_null=True)
    actions_due_by = serializers.DateTimeField(read_only=True)
    minutes_status = serializers.SerializerMethodField()
    invitations = InvitationSerializer(many=True, read_only=True)
    attendees = AttendeeSerializer(many=True, read_only=True)
    action_list_deliveries = DeliverySerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "reference",
            "nominal",
            "referral",
            "meeting_type",
            "is_mappa",
            "level",
            "held_on",
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "chair",
            "agenda",
            "status",
            "cancelled_by",
            "cancelled_at",
            "cancel_reason",
            "minutes_due_on",
            "actions_due_by",
            "minutes_status",
            "invitations",
            "attendees",
            "action_list_deliveries",
            "version",
        ]
        read_only_fields = fields

    def get_minutes_status(self, meeting: Meeting) -> str | None:
        minutes = Minutes.objects.filter(meeting=meeting).values_list("status", flat=True).first()
        return minutes


class SharedMeetingSerializer(serializers.ModelSerializer[Meeting]):
    """What a DTC SPOC sees of a meeting its agency is invited to: no other agency's material."""

    chair = serializers.CharField(source="chair.display_name", read_only=True)
    person = serializers.CharField(source="nominal.full_name", read_only=True)
    date_of_birth = serializers.DateField(source="nominal.date_of_birth", read_only=True)
    minutes_due_on = serializers.DateField(read_only=True, allow_null=True)
    actions_due_by = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "reference",
            "person",
            "date_of_birth",
            "meeting_type",
            "level",
            "held_on",
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "chair",
            "status",
            "minutes_due_on",
            "actions_due_by",
        ]
        read_only_fields = fields


def meeting_as_seen(many: bool = False) -> PolymorphicProxySerializer:
    """A meeting as its reader may see it: in full, or as shared with an invited agency."""
    return PolymorphicProxySerializer(
        component_name="MeetingAsSeen",
        serializers=[MeetingSerializer, SharedMeetingSerializer],
        resource_type_field_name=None,
        many=many,
    )


class MeetingCreateSerializer(serializers.Serializer[Any]):
    nominal = serializers.IntegerField()
    referral = serializers.IntegerField(required=False, allow_null=True, default=None)
    meeting_type = serializers.ChoiceField(choices=MeetingType.choices)
    level = serializers.IntegerField(required=False, allow_null=True, default=None)
    held_on = serializers.DateField()
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    video_link = serializers.URLField(required=False, allow_blank=True, default="")
    chair = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    invited_agencies = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), many=True, required=False
    )


class MeetingUpdateSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField(required=False)
    starts_at = serializers.TimeField(required=False)
    ends_at = serializers.TimeField(required=False)
    place = serializers.CharField(required=False, allow_blank=True)
    video_link = serializers.URLField(required=False, allow_blank=True)
    chair = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False
    )
    agenda = serializers.CharField(required=False, allow_blank=True)


class CancelRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, help_text="Why the meeting is cancelled (required).")


class InviteRequestSerializer(serializers.Serializer[Any]):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())


class AttendanceRowSerializer(serializers.Serializer[Any]):
    agency = serializers.CharField()
    attendance = serializers.ChoiceField(choices=Attendance.choices, allow_blank=True)
    represented_by = serializers.CharField(required=False, allow_blank=True, default="")


class AttendanceRequestSerializer(serializers.Serializer[Any]):
    attendance = AttendanceRowSerializer(many=True)


class AttendeeRequestSerializer(serializers.Serializer[Any]):
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    name = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )


class MinutesActionSerializer(serializers.ModelSerializer[MinutesAction]):
    heading = serializers.ChoiceField(choices=PlanHeading.choices)
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())

    class Meta:
        model = MinutesAction
        fields = ["heading", "action", "owner", "due_on"]


class AddendumSerializer(serializers.ModelSerializer[MinutesAddendum]):
    made_by = serializers.CharField(source="made_by.username", read_only=True)
    actions = MinutesActionSerializer(many=True, read_only=True)

    class Meta:
        model = MinutesAddendum
        fields = ["number", "text", "made_by", "made_at", "actions"]
        read_only_fields = fields


class ShareSerializer(serializers.ModelSerializer[MinutesShare]):
    agency = serializers.CharField(source="agency.code", read_only=True)
    approved_by = serializers.CharField(source="approved_by.username", read_only=True)

    class Meta:
        model = MinutesShare
        fields = ["id", "agency", "recipient_name", "purpose", "approved_by", "approved_at"]
        read_only_fields = fields


MINUTES_WRITABLE = [
    "attendance_notes",
    "reason_for_meeting",
    "agency_information",
    "rosh_public",
    "rosh_known_adult",
    "rosh_children",
    "rosh_staff",
    "rosh_prisoners",
    "imminence",
    "risk_assessment",
    "victims",
    "disclosure_considered",
    "disclosure_decision",
    "disclosure_what",
    "disclosure_to_whom",
    "disclosure_by_whom",
    "disclosure_by_when",
    "disclosure_reasons_not",
    "offender_told",
    "offender_not_told_reason",
    "level_decision",
    "level_reasoning",
    "reduction_considered",
    "differing_views",
    "next_meeting_on",
    "next_meeting_reason",
]


class MinutesSerializer(serializers.ModelSerializer[Minutes]):
    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    actions = MinutesActionSerializer(many=True, read_only=True)
    addenda = AddendumSerializer(many=True, read_only=True)
    shares = ShareSerializer(many=True, read_only=True)
    approved_by = serializers.CharField(source="approved_by.username", read_only=True, default=None)

    class Meta:
        model = Minutes
        fields = [
            "meeting",
            "status",
            *MINUTES_WRITABLE,
            "actions",
            "addenda",
            "shares",
            "approved_by",
            "approved_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class MinutesDraftSerializer(serializers.Serializer[Any]):
    """A draft: any section may be left out; `actions`, when sent, replaces the plan."""

    attendance_notes = serializers.CharField(required=False, allow_blank=True)
    reason_for_meeting = serializers.CharField(required=False, allow_blank=True)
    agency_information = serializers.CharField(required=False, allow_blank=True)
    rosh_public = serializers.ChoiceField(choices=RiskLevel.choices, required=False, allow_blank=True)
    rosh_known_adult = serializers.ChoiceField(choices=RiskLevel.choices, required=False, allow_blank=True)
    rosh_children = serializers.ChoiceField(choices=RiskLevel.choices, required=False, allow_blank=True)
    rosh_staff = serializers.ChoiceField(choices=RiskLevel.choices, required=False, allow_blank=True)
    rosh_prisoners = serializers.ChoiceField(choices=RiskLevel.choices, required=False, allow_blank=True)
    imminence = serializers.ChoiceField(choices=Imminence.choices, required=False, allow_blank=True)
    risk_assessment = serializers.CharField(required=False, allow_blank=True)
    victims = serializers.CharField(required=False, allow_blank=True)
    disclosure_considered = serializers.BooleanField(required=False)
    disclosure_decision = serializers.ChoiceField(choices=DisclosureDecision.choices, required=False, allow_blank=True)
    disclosure_what = serializers.CharField(required=False, allow_blank=True)
    disclosure_to_whom = serializers.CharField(required=False, allow_blank=True)
    disclosure_by_whom = serializers.CharField(required=False, allow_blank=True, max_length=200)
    disclosure_by_when = serializers.DateField(required=False, allow_null=True)
    disclosure_reasons_not = serializers.CharField(required=False, allow_blank=True)
    offender_told = serializers.BooleanField(required=False, allow_null=True)
    offender_not_told_reason = serializers.CharField(required=False, allow_blank=True)
    level_decision = serializers.IntegerField(required=False, allow_null=True)
    level_reasoning = serializers.CharField(required=False, allow_blank=True)
    reduction_considered = serializers.BooleanField(required=False)
    differing_views = serializers.CharField(required=False, allow_blank=True)
    next_meeting_on = serializers.DateField(required=False, allow_null=True)
    next_meeting_reason = serializers.CharField(required=False, allow_blank=True)
    actions = MinutesActionSerializer(many=True, required=False)


class AddendumRequestSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    actions = MinutesActionSerializer(
        many=True,
        required=False,
        help_text="Further agreed actions: each is added to the risk management plan; those already on it are "
        "never added again",
    )


class ShareRequestSerializer(serializers.Serializer[Any]):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    recipient_name = serializers.CharField()
    purpose = serializers.CharField()


class InformationResponseSerializer(serializers.Serializer[Any]):
    response_kind = serializers.ChoiceField(choices=ResponseKind.choices)
    response = serializers.CharField(required=False, allow_blank=True, default="")


class ExecutiveSummarySerializer(serializers.ModelSerializer[ExecutiveSummary]):
    meeting = serializers.CharField(source="meeting.reference", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = ExecutiveSummary
        fields = [
            "meeting",
            "personal_details",
            "reason_for_referral",
            "category_and_index_offence",
            "level_and_decision",
            "information_considered",
            "specific_risks",
            "active_management_needed",
            "lead_agency_contact",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class MinutesRequestSerializer(serializers.ModelSerializer[MinutesRequest]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    meeting = serializers.CharField(source="meeting.reference", read_only=True)
    logged_by = serializers.CharField(source="logged_by.username", read_only=True)
    routed_to = serializers.CharField(source="routed_to.username", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None)
    executive_summary = ExecutiveSummarySerializer(read_only=True, default=None)

    class Meta:
        model = MinutesRequest
        fields = [
            "id",
            "nominal",
            "meeting",
            "requester_kind",
            "requester",
            "purpose",
            "received_on",
            "logged_by",
            "logged_at",
            "routed_to",
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "executive_summary",
        ]
        read_only_fields = fields


class MinutesRequestCreateSerializer(serializers.Serializer[Any]):
    nominal = serializers.IntegerField()
    requester_kind = serializers.ChoiceField(choices=RequesterKind.choices)
    requester = serializers.CharField()
    purpose = serializers.CharField()
    received_on = serializers.DateField()


class MinutesRequestDecisionSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=[("release", "Release the executive summary"), ("refuse", "Refuse")])
    reason = serializers.CharField()
    specific_risks = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
