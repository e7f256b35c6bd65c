"""API representations of referrals. Writable fields are an explicit allow-list."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import Agency

from .models import DisputeDecision, GatekeepingDecision, Imminence, MeetingNeeded, Referral, RiskLevel

DRAFT_FIELDS = [
    "category",
    "index_offence",
    "reason_for_referral",
    "requested_level",
    "likelihood_of_reoffending",
    "reoffending_detail",
    "risk_of_serious_harm",
    "harm_to_whom",
    "harm_when",
    "imminence",
    "updated_risk_assessment",
    "outline_risk_management_plan",
    "meeting_needed",
    "emergency_meeting_by",
]


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    referring_agency = serializers.CharField(source="referring_agency.code", read_only=True)
    referrer = serializers.CharField(source="referrer.username", read_only=True)
    agencies_to_invite: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    countersigned_by = serializers.CharField(source="countersigned_by.username", read_only=True, default=None)
    gatekept_by = serializers.CharField(source="gatekept_by.username", read_only=True, default=None)
    disputed_by = serializers.CharField(source="disputed_by.username", read_only=True, default=None)
    dispute_decided_by = serializers.CharField(source="dispute_decided_by.username", read_only=True, default=None)
    is_emergency = serializers.BooleanField(read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "nominal",
            "status",
            "referring_agency",
            "referrer",
            *DRAFT_FIELDS,
            "agencies_to_invite",
            "is_emergency",
            "created_at",
            "submitted_at",
            "returned_reason",
            "countersigned_by",
            "countersigned_at",
            "countersign_comment",
            "gatekept_by",
            "gatekept_at",
            "decision",
            "accepted_level",
            "decision_reason",
            "pdp_considered",
            "pdp_outcome",
            "disputed_by",
            "disputed_at",
            "dispute_reason",
            "dispute_decided_by",
            "dispute_decided_at",
            "dispute_decision",
            "dispute_decision_reason",
            "version",
        ]
        read_only_fields = fields


class ReferralDraftSerializer(serializers.Serializer[Any]):
    """The MAPPA A fields a referrer may write while the referral is a draft."""

    category = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    index_offence = serializers.CharField(required=False, allow_blank=True, max_length=200)
    reason_for_referral = serializers.CharField(required=False, allow_blank=True)
    requested_level = serializers.IntegerField(required=False, allow_null=True)
    likelihood_of_reoffending = serializers.ChoiceField(choices=RiskLevel.choices, required=False, allow_blank=True)
    reoffending_detail = serializers.CharField(required=False, allow_blank=True)
    risk_of_serious_harm = serializers.ChoiceField(choices=RiskLevel.choices, required=False, allow_blank=True)
    harm_to_whom = serializers.CharField(required=False, allow_blank=True)
    harm_when = serializers.CharField(required=False, allow_blank=True)
    imminence = serializers.ChoiceField(choices=Imminence.choices, required=False, allow_blank=True)
    updated_risk_assessment = serializers.CharField(required=False, allow_blank=True)
    outline_risk_management_plan = serializers.CharField(required=False, allow_blank=True)
    meeting_needed = serializers.ChoiceField(choices=MeetingNeeded.choices, required=False, allow_blank=True)
    emergency_meeting_by = serializers.DateField(required=False, allow_null=True)
    agencies_to_invite = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), many=True, required=False
    )


class ReferralCreateSerializer(ReferralDraftSerializer):
    nominal = serializers.IntegerField()


class CountersignRequestSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=[("countersign", "Countersign"), ("return", "Return to the referrer")])
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class GatekeepRequestSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=GatekeepingDecision.choices)
    level = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    pdp_considered = serializers.BooleanField(required=False, default=False)
    pdp_outcome = serializers.CharField(required=False, allow_blank=True, default="")


class DisputeRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class ResolveDisputeRequestSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=DisputeDecision.choices)
    level = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField()
