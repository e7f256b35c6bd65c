"""API shapes for home visits and visit schedules. Explicit fields; writable ones are an allow-list."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import Agency

from .models import HomeVisit, RoshLevel, ScheduleKind, VisitPurpose, VisitSchedule, VisitStatus


class HomeVisitSerializer(serializers.ModelSerializer[HomeVisit]):
    agency = serializers.CharField(source="agency.code", read_only=True)

    class Meta:
        model = HomeVisit
        fields = [
            "id",
            "nominal",
            "agency",
            "joint",
            "visit_on",
            "status",
            "announced",
            "purpose",
            "visitors",
            "address",
            "outcome",
            "concerns_found",
            "concerns",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class HomeVisitWriteSerializer(serializers.Serializer[Any]):
    agency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Agency.objects.all(),
        required=False,
        help_text="The visiting police or probation agency's code; the caller's own agency when left out",
    )
    joint = serializers.BooleanField(required=False)
    visit_on = serializers.DateField()
    status = serializers.ChoiceField(choices=VisitStatus.choices, required=False)
    announced = serializers.BooleanField(required=False)
    purpose = serializers.ChoiceField(choices=VisitPurpose.choices, required=False)
    visitors = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    outcome = serializers.CharField(required=False, allow_blank=True)
    concerns_found = serializers.BooleanField(required=False)
    concerns = serializers.CharField(required=False, allow_blank=True)


class VisitScheduleSerializer(serializers.ModelSerializer[VisitSchedule]):
    class Meta:
        model = VisitSchedule
        fields = ["id", "nominal", "kind", "rosh", "assessed_on", "supervision_started_on", "updated_at", "version"]
        read_only_fields = fields


class VisitScheduleWriteSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ScheduleKind.choices, help_text="Fixed once recorded")
    rosh = serializers.ChoiceField(choices=RoshLevel.choices)
    assessed_on = serializers.DateField()
    supervision_started_on = serializers.DateField(required=False, allow_null=True)
