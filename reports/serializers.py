"""API representations of the reports (explicit fields; the annual report's shape is fixed
by API-CONTRACT.md)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import OnsPopulation


def _by_category(child: serializers.Field[Any, Any, Any, Any]) -> serializers.DictField:
    return serializers.DictField(child=child, help_text='Keyed by category ("1" to "4") as a string')


def _levels() -> serializers.DictField:
    return serializers.DictField(child=serializers.IntegerField(), help_text="Keyed by level as a string")


class RestrictiveOrdersSerializer(serializers.Serializer[Any]):
    shpo = serializers.IntegerField()
    shpo_foreign_travel = serializers.IntegerField()
    notification_order = serializers.IntegerField()


class ReturnedToCustodySerializer(serializers.Serializer[Any]):
    breach_of_licence = _by_category(_levels())
    breach_of_shpo = _by_category(_levels())
    charged_with_sfo = _by_category(_levels())


class AnnualReportSerializer(serializers.Serializer[Any]):
    area = serializers.CharField(help_text="The area's code, or ALL")
    year_start = serializers.DateField()
    year_end = serializers.DateField()
    snapshot = _by_category(_levels())
    levels_2_3_in_year = _by_category(_levels())
    rso_notification_breaches = serializers.IntegerField()
    rso_lifetime_notification_revoked = serializers.IntegerField()
    restrictive_orders = RestrictiveOrdersSerializer()
    sro_breach_became_notifiable = serializers.IntegerField()
    returned_to_custody = ReturnedToCustodySerializer()
    rsos_per_100k = serializers.FloatField(allow_null=True)


class SectionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))
    note = serializers.CharField()


class QuarterlyReportSerializer(serializers.Serializer[Any]):
    area = serializers.CharField(source="code")
    year_ending = serializers.IntegerField()
    quarter = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    sections = SectionSerializer(many=True)


class PopulationSerializer(serializers.ModelSerializer[OnsPopulation]):
    area = serializers.CharField(source="area.code", read_only=True)
    entered_by = serializers.CharField(source="entered_by.username", read_only=True)

    class Meta:
        model = OnsPopulation
        fields = [
            "id",
            "area",
            "year_ending",
            "population_aged_10_and_over",
            "source",
            "entered_by",
            "entered_at",
            "version",
        ]
        read_only_fields = fields


class PopulationWriteSerializer(serializers.Serializer[Any]):
    area = serializers.CharField(help_text="The area's code")
    year_ending = serializers.IntegerField()
    population_aged_10_and_over = serializers.IntegerField()
    source = serializers.CharField(required=False, allow_blank=True, max_length=200)  # type: ignore[assignment]


class PopulationUpdateSerializer(serializers.Serializer[Any]):
    population_aged_10_and_over = serializers.IntegerField()
    source = serializers.CharField(required=False, allow_blank=True, max_length=200)  # type: ignore[assignment]
