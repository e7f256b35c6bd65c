"""API shapes for civil orders and their breaches. Explicit fields; writable ones are an allow-list."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import BreachOutcome, CivilOrder, OrderBreach, OrderKind


class OrderBreachSerializer(serializers.ModelSerializer[OrderBreach]):
    became_subject_to_notification_on = serializers.SerializerMethodField()

    class Meta:
        model = OrderBreach
        fields = [
            "id",
            "order",
            "breach_on",
            "description",
            "outcome",
            "outcome_on",
            "became_subject_to_notification_on",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields

    def get_became_subject_to_notification_on(self, breach: OrderBreach) -> str | None:
        """The relevant date of the notification this breach brought (SRO breaches only)."""
        requirement = getattr(breach, "notification_requirement", None)
        return requirement.relevant_date.isoformat() if requirement is not None else None


class CivilOrderSerializer(serializers.ModelSerializer[CivilOrder]):
    breaches = OrderBreachSerializer(many=True, read_only=True)

    class Meta:
        model = CivilOrder
        fields = [
            "id",
            "nominal",
            "kind",
            "made_on",
            "ends_on",
            "court",
            "foreign_travel_restriction",
            "foreign_travel_ends_on",
            "prohibitions",
            "discharged_on",
            "breaches",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class CivilOrderWriteSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=OrderKind.choices)
    made_on = serializers.DateField()
    ends_on = serializers.DateField(
        required=False, allow_null=True, help_text="Last day of effect; null: until further order"
    )
    court = serializers.CharField(max_length=120)
    foreign_travel_restriction = serializers.BooleanField(required=False)
    foreign_travel_ends_on = serializers.DateField(required=False, allow_null=True)
    prohibitions = serializers.ListField(child=serializers.CharField(), required=False)
    discharged_on = serializers.DateField(required=False, allow_null=True)


# A breach of an order, or of the notification requirements (notifications uses it too).
class BreachWriteSerializer(serializers.Serializer[Any]):
    breach_on = serializers.DateField()
    description = serializers.CharField()
    outcome = serializers.ChoiceField(choices=BreachOutcome.choices, required=False, allow_blank=True)
    outcome_on = serializers.DateField(required=False, allow_null=True)
