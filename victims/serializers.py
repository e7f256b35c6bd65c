"""API representations of the victims section. Writable fields are an explicit allow-list."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import ContactBy, NotifyOn, Urgency, Victim, VictimKind, VictimNotification, VictimStatus


class VictimNotificationSerializer(serializers.ModelSerializer[VictimNotification]):
    class Meta:
        model = VictimNotification
        fields = ["id", "event", "event_detail", "notifier", "urgency", "method", "created_at"]
        read_only_fields = fields


class VictimSerializer(serializers.ModelSerializer[Victim]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    notifications = VictimNotificationSerializer(many=True, read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = Victim
        fields = [
            "id",
            "nominal",
            "kind",
            "name",
            "status",
            "relationship",
            "contact_by",
            "contact_name",
            "in_contact_scheme",
            "no_contact_condition",
            "exclusion_zone",
            "other_protection",
            "notes",
            "notifications",
            "recorded_by",
            "created_at",
            "version",
        ]
        read_only_fields = fields


class VictimWriteSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=VictimKind.choices, required=False, allow_blank=True, default="")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    status = serializers.ChoiceField(choices=VictimStatus.choices, required=False, allow_blank=True, default="")
    relationship = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    contact_by = serializers.ChoiceField(choices=ContactBy.choices, required=False, allow_blank=True, default="")
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    in_contact_scheme = serializers.BooleanField(required=False, default=False)
    no_contact_condition = serializers.BooleanField(required=False, default=False)
    exclusion_zone = serializers.CharField(required=False, allow_blank=True, default="")
    other_protection = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class NotificationWriteSerializer(serializers.Serializer[Any]):
    event = serializers.ChoiceField(choices=NotifyOn.choices, required=False, allow_blank=True, default="")
    event_detail = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    notifier = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False, allow_blank=True, default="")
    method = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
