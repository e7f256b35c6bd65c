"""API representations of disclosure decisions. Writable fields are an explicit allow-list."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import AcknowledgementMethod, ChiefOfficerRank, Decision, Disclosure, DisclosureStatus, RecipientKind
from .services import DECISION_FIELDS

WRITABLE_TEXT = (
    "reason",
    "reasons_not_to_disclose",
    "what",
    "recipient_name",
    "recipient_organisation",
    "recipient_relationship",
    "offender_not_told_reason",
    "authoriser_name",
)


class DisclosureSerializer(serializers.ModelSerializer[Disclosure]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    deciding_agency = serializers.CharField(source="deciding_agency.code", read_only=True, default=None)
    meeting = serializers.IntegerField(source="meeting_id", read_only=True, allow_null=True)
    discloser = serializers.CharField(source="discloser.username", read_only=True, default=None)
    carried_out_by = serializers.CharField(source="carried_out_by.username", read_only=True, default=None)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    status = serializers.ChoiceField(choices=DisclosureStatus.choices, read_only=True)
    minutes = serializers.IntegerField(
        source="minutes_id",
        read_only=True,
        allow_null=True,
        help_text="The approved minutes this decision was recorded from, when a MAPP meeting made it",
    )

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "nominal",
            "category",
            "level",
            "deciding_agency",
            *DECISION_FIELDS,
            "discloser_named",
            "minutes",
            "carried_out_on",
            "carried_out_by",
            "acknowledged_on",
            "acknowledgement_method",
            "status",
            "last_reviewed_on",
            "review_due_on",
            "recorded_by",
            "created_at",
            "version",
        ]
        read_only_fields = fields


class DisclosureWriteSerializer(serializers.Serializer[Any]):
    """The decision: what a decider may write. `discloser` is a username; `meeting` the id
    of a MAPP meeting about the person (needed at levels 2 and 3)."""

    considered = serializers.BooleanField(required=False, default=True)
    decision = serializers.ChoiceField(choices=Decision.choices, required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    meeting = serializers.IntegerField(required=False, allow_null=True, default=None)
    recipient_kind = serializers.ChoiceField(
        choices=RecipientKind.choices, required=False, allow_blank=True, default=""
    )
    includes_photograph = serializers.BooleanField(required=False, default=False)
    discloser = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    disclose_by = serializers.DateField(required=False, allow_null=True, default=None)
    offender_told = serializers.BooleanField(required=False, allow_null=True, default=None)
    authoriser_rank = serializers.ChoiceField(
        choices=ChiefOfficerRank.choices, required=False, allow_blank=True, default=""
    )
    authorised_on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    reasons_not_to_disclose = serializers.CharField(required=False, allow_blank=True, default="")
    what = serializers.CharField(required=False, allow_blank=True, default="")
    recipient_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    recipient_organisation = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    recipient_relationship = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    offender_not_told_reason = serializers.CharField(required=False, allow_blank=True, default="")
    authoriser_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class CarriedOutRequestSerializer(serializers.Serializer[Any]):
    carried_out_on = serializers.DateField(required=False, allow_null=True, default=None)
    carried_out_by = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Username; defaults to the caller"
    )


class AcknowledgementRequestSerializer(serializers.Serializer[Any]):
    acknowledged_on = serializers.DateField(required=False, allow_null=True, default=None)
    acknowledgement_method = serializers.ChoiceField(
        choices=AcknowledgementMethod.choices, required=False, allow_blank=True, default=""
    )


class ReviewRequestSerializer(serializers.Serializer[Any]):
    reviewed_on = serializers.DateField(required=False, allow_null=True, default=None)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
