"""API representations of transfers and their steps."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import Agency, Area, User

from .models import CrossBorderBasis, Jurisdiction, Transfer


class TransferSerializer(serializers.ModelSerializer[Transfer]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    from_area = serializers.CharField(source="from_area.code", read_only=True)
    to_area = serializers.CharField(source="to_area.code", read_only=True, default=None)
    receiving_lead_agency = serializers.CharField(source="receiving_lead_agency.code", read_only=True, default=None)
    receiving_record_manager = serializers.CharField(
        source="receiving_record_manager.username", read_only=True, default=None
    )
    receiving_police = serializers.CharField(source="receiving_police.code", read_only=True, default=None)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "nominal",
            "from_area",
            "to_area",
            "to_jurisdiction",
            "cross_border_basis",
            "new_address",
            "reason",
            "under_probation_supervision",
            "category",
            "level",
            "status",
            "requested_on",
            "assessment",
            "approved_on",
            "records_due_on",
            "records_sent_on",
            "accepted_on",
            "receiving_lead_agency",
            "receiving_record_manager",
            "receiving_police",
            "address_confirmed_on",
            "receiving_meeting_on",
            "sending_manager_attended",
            "completed_on",
            "refused_on",
            "refusal_reason",
            "version",
        ]
        read_only_fields = fields


class TransferRequestSerializer(serializers.Serializer[Any]):
    nominal = serializers.IntegerField()
    to_area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True
    )
    to_jurisdiction = serializers.ChoiceField(
        choices=Jurisdiction.choices, required=False, allow_blank=True, default=""
    )
    cross_border_basis = serializers.ChoiceField(
        choices=CrossBorderBasis.choices, required=False, allow_blank=True, default=""
    )
    new_address = serializers.CharField()
    reason = serializers.CharField()
    under_probation_supervision = serializers.BooleanField()
    requested_on = serializers.DateField()


class ApproveSerializer(serializers.Serializer[Any]):
    assessment = serializers.CharField()
    approved_on = serializers.DateField()


class RefuseSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()
    refused_on = serializers.DateField()


class AcceptSerializer(serializers.Serializer[Any]):
    lead_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    record_manager = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))
    accepted_on = serializers.DateField()


class MeetingSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField()
    sending_manager_attended = serializers.BooleanField()


class AddressSerializer(serializers.Serializer[Any]):
    confirmed_on = serializers.DateField()


class RecordsSentSerializer(serializers.Serializer[Any]):
    sent_on = serializers.DateField()


class CompleteSerializer(serializers.Serializer[Any]):
    completed_on = serializers.DateField()
