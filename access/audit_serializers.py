"""API representations of audit events. Read-only; every field is listed."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from audit.models import AuditEvent

from .audit_presentation import describe, section_of


class RecordEventSerializer(serializers.ModelSerializer[AuditEvent]):
    """One event in "who has viewed this record": who, which agency, when, what, from where, why."""

    user = serializers.CharField(source="actor_username", read_only=True)
    agency = serializers.CharField(source="agency_code", read_only=True)
    section = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = ["id", "occurred_at", "user", "agency", "action", "section", "description", "ip_address", "reason"]
        read_only_fields = fields

    def get_section(self, event: AuditEvent) -> str:
        return section_of(event)

    def get_description(self, event: AuditEvent) -> str:
        return describe(event)


class AuditEventSerializer(RecordEventSerializer):
    """An event as the auditor sees it: also the record it concerns, the object and the detail."""

    nominal = serializers.IntegerField(source="nominal_id", read_only=True, allow_null=True)
    detail = serializers.JSONField(read_only=True)

    class Meta(RecordEventSerializer.Meta):
        fields = [
            "id",
            "occurred_at",
            "user",
            "agency",
            "action",
            "section",
            "description",
            "nominal",
            "object_type",
            "object_id",
            "ip_address",
            "reason",
            "detail",
        ]
        read_only_fields = fields


class AuditSearchQuerySerializer(serializers.Serializer[Any]):
    """The search filters. `from` and `to` are Python keywords, so they are added by name."""

    nominal = serializers.CharField(required=False, allow_blank=True, max_length=40)
    user = serializers.CharField(required=False, allow_blank=True, max_length=150)
    agency = serializers.CharField(required=False, allow_blank=True, max_length=24)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, allow_null=True)
        fields["to"] = serializers.DateField(required=False, allow_null=True)
        return fields
