"""API representations of risk, plans, actions, controls and contracts. Fields are listed
explicitly; writable fields are an allow-list. Risk levels are taken as plain text so that
a level outside the scale is refused by the service, naming the rule."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import Agency

from .models import (
    ROSH_FIELDS,
    ActionUpdate,
    AgreedRiskLevel,
    DisclosureContract,
    ExternalControl,
    PlanAction,
    PlanChange,
    RiskAssessment,
    RiskManagementPlan,
)


# A record about one person, with who recorded it. (No docstring: the schema would show it
# for every subclass.)
class _PersonRecordSerializer(serializers.ModelSerializer[Any]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)


class RiskAssessmentSerializer(_PersonRecordSerializer):
    agency = serializers.CharField(source="agency.code", read_only=True)
    supersedes = serializers.IntegerField(source="supersedes_id", read_only=True, allow_null=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "nominal",
            "tool",
            "tool_name",
            "assessed_on",
            "assessor",
            "agency",
            "overall_level",
            "reconviction_level",
            *ROSH_FIELDS,
            "who_is_at_risk",
            "nature_of_harm",
            "imminence",
            "risk_increased_by",
            "risk_reduced_by",
            "notes",
            "supersedes",
            "is_current",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


def _level(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=16, **kwargs)


class RiskAssessmentCreateSerializer(serializers.Serializer[Any]):
    tool = serializers.CharField(max_length=16)
    tool_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    assessed_on = serializers.DateField(required=False, allow_null=True, default=None)
    assessor = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True, default=None
    )
    overall_level = _level(help_text="Required except for OASys, whose overall level is the highest rating")
    reconviction_level = _level()
    imminence = serializers.CharField(required=False, allow_blank=True, default="", max_length=16)
    who_is_at_risk = serializers.CharField(required=False, allow_blank=True, default="")
    nature_of_harm = serializers.CharField(required=False, allow_blank=True, default="")
    risk_increased_by = serializers.CharField(required=False, allow_blank=True, default="")
    risk_reduced_by = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for name in ROSH_FIELDS:
            fields[name] = _level(help_text="low, medium, high or very_high; blank when not rated")
        return fields


class AgreedRiskLevelSerializer(_PersonRecordSerializer):
    assessments: serializers.PrimaryKeyRelatedField[RiskAssessment] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = AgreedRiskLevel
        fields = [
            "id",
            "nominal",
            "agreed_level",
            "reconviction_level",
            "reasoning",
            "agreed_on",
            "assessments",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class AgreedRiskLevelCreateSerializer(serializers.Serializer[Any]):
    agreed_level = serializers.CharField(max_length=16)
    reconviction_level = _level()
    reasoning = serializers.CharField(required=False, allow_blank=True, default="")
    agreed_on = serializers.DateField(required=False, allow_null=True, default=None)


class OverallRiskSerializer(serializers.Serializer[Any]):
    level = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    source = serializers.CharField()  # type: ignore[assignment]
    as_of = serializers.DateField()
    tools_disagree = serializers.BooleanField()
    reconviction_level = serializers.CharField()


class ActionUpdateSerializer(serializers.ModelSerializer[ActionUpdate]):
    by = serializers.CharField(source="by.username", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)

    class Meta:
        model = ActionUpdate
        fields = ["id", "note", "status", "by", "agency", "at"]
        read_only_fields = fields


class PlanActionSerializer(serializers.ModelSerializer[PlanAction]):
    nominal = serializers.IntegerField(source="plan.nominal_id", read_only=True)
    owner_agency = serializers.CharField(source="owner_agency.code", read_only=True)
    meeting = serializers.IntegerField(source="meeting_id", read_only=True, allow_null=True)
    shown_status = serializers.CharField(read_only=True, help_text="The status, or overdue when past its due date")
    updates = ActionUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "nominal",
            "heading",
            "text",
            "owner_agency",
            "owner_person",
            "due_on",
            "status",
            "shown_status",
            "cancel_reason",
            "meeting",
            "created_at",
            "closed_at",
            "updates",
            "version",
        ]
        read_only_fields = fields


class PlanActionWriteSerializer(serializers.Serializer[Any]):
    heading = serializers.CharField(required=False, allow_blank=True, max_length=16)
    text = serializers.CharField(required=False, allow_blank=True)
    owner_agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )
    owner_person = serializers.CharField(required=False, allow_blank=True, max_length=120)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.CharField(required=False, allow_blank=True, max_length=16)
    cancel_reason = serializers.CharField(required=False, allow_blank=True)


class PlanActionCreateSerializer(PlanActionWriteSerializer):
    meeting = serializers.IntegerField(required=False, allow_null=True)


class ProgressSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.CharField(max_length=16)


class PlanChangeSerializer(serializers.ModelSerializer[PlanChange]):
    by = serializers.CharField(source="by.username", read_only=True)
    action = serializers.IntegerField(source="action_id", read_only=True, allow_null=True)

    class Meta:
        model = PlanChange
        fields = ["summary", "action", "by", "at"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer[RiskManagementPlan]):
    nominal = serializers.IntegerField(source="registration.nominal_id", read_only=True)
    registration = serializers.IntegerField(source="registration_id", read_only=True)
    actions = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    class Meta:
        model = RiskManagementPlan
        fields = [
            "nominal",
            "registration",
            "review_on",
            "supervision",
            "monitoring",
            "interventions",
            "victim_safety",
            "contingency",
            "actions",
            "changes",
            "version",
        ]
        read_only_fields = fields

    def get_actions(self, plan: RiskManagementPlan) -> list[dict[str, Any]]:
        return PlanActionSerializer(self.context.get("actions", []), many=True).data  # type: ignore[return-value]

    def get_changes(self, plan: RiskManagementPlan) -> list[dict[str, Any]]:
        return PlanChangeSerializer(self.context.get("changes", []), many=True).data  # type: ignore[return-value]


class PlanWriteSerializer(serializers.Serializer[Any]):
    review_on = serializers.DateField(required=False, allow_null=True)
    supervision = serializers.CharField(required=False, allow_blank=True)
    monitoring = serializers.CharField(required=False, allow_blank=True)
    interventions = serializers.CharField(required=False, allow_blank=True)
    victim_safety = serializers.CharField(required=False, allow_blank=True)
    contingency = serializers.CharField(required=False, allow_blank=True)


class ExternalControlSerializer(_PersonRecordSerializer):
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = ExternalControl
        fields = [
            "id",
            "nominal",
            "kind",
            "text",
            "from_on",
            "to_on",
            "source",
            "is_current",
            "recorded_by",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class ExternalControlWriteSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(required=False, allow_blank=True, max_length=24)
    text = serializers.CharField(required=False, allow_blank=True)
    from_on = serializers.DateField(required=False, allow_null=True)
    to_on = serializers.DateField(required=False, allow_null=True)
    source = serializers.CharField(required=False, allow_blank=True, max_length=200)  # type: ignore[assignment]


class DisclosureContractSerializer(_PersonRecordSerializer):
    is_signed = serializers.BooleanField(read_only=True)

    class Meta:
        model = DisclosureContract
        fields = [
            "id",
            "nominal",
            "setting",
            "undertakings",
            "who_will_know",
            "breach_consequence",
            "offender_signed_on",
            "offender_manager",
            "offender_manager_signed_on",
            "is_signed",
            "recorded_by",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class DisclosureContractWriteSerializer(serializers.Serializer[Any]):
    setting = serializers.CharField(required=False, allow_blank=True, max_length=200)
    undertakings = serializers.CharField(required=False, allow_blank=True)
    who_will_know = serializers.CharField(required=False, allow_blank=True)
    breach_consequence = serializers.CharField(required=False, allow_blank=True)
    offender_signed_on = serializers.DateField(required=False, allow_null=True)
    offender_manager = serializers.CharField(required=False, allow_blank=True, max_length=120)
    offender_manager_signed_on = serializers.DateField(required=False, allow_null=True)
