"""API shapes for home visits and visit schedules. Explicit fields; writable ones are an allow-list."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Agency

from .clocks import visit_risk
from .models import HomeVisit, ScheduleKind, VisitPurpose, VisitSchedule, VisitStatus


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


class VisitRiskSerializer(serializers.Serializer[Any]):
    rosh = serializers.CharField(help_text="The risk of serious harm visits follow: low, medium, high, very_high")
    assessed = serializers.BooleanField(
        help_text="False when no risk assessment is recorded and the rule's default applies (visits.no_assessment)"
    )
    basis = serializers.CharField(
        source="source", help_text="The tool of the latest assessment, or 'agreed'; blank when not assessed"
    )
    as_of = serializers.DateField(allow_null=True)
    summary = serializers.CharField(source="describe")


class VisitScheduleSerializer(serializers.ModelSerializer[VisitSchedule]):
    risk = serializers.SerializerMethodField(
        help_text="Read from the person's latest risk assessment (the Risk tab), never typed in here"
    )

    class Meta:
        model = VisitSchedule
        fields = ["id", "nominal", "kind", "risk", "supervision_started_on", "updated_at", "version"]
        read_only_fields = fields

    @extend_schema_field(VisitRiskSerializer)
    def get_risk(self, schedule: VisitSchedule) -> dict[str, Any]:
        return dict(VisitRiskSerializer(visit_risk(schedule.nominal)).data)


class VisitScheduleWriteSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ScheduleKind.choices, help_text="Fixed once recorded")
    supervision_started_on = serializers.DateField(required=False, allow_null=True)
