"""API shapes for notification records. Explicit fields; writable ones are an allow-list."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import (
    IndefiniteReview,
    NotificationBreach,
    NotificationEvent,
    NotificationKind,
    NotificationRequirement,
    RequirementBasis,
    ReviewDetermination,
)


class NotificationEventSerializer(serializers.ModelSerializer[NotificationEvent]):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = NotificationEvent
        fields = [
            "id",
            "nominal",
            "kind",
            "notified_on",
            "event_on",
            "police_station",
            "officer",
            "details",
            "recorded_by",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class NotificationEventWriteSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    notified_on = serializers.DateField()
    event_on = serializers.DateField(required=False, allow_null=True)
    police_station = serializers.CharField(max_length=120)
    officer = serializers.CharField(max_length=120)
    details = serializers.CharField(required=False, allow_blank=True)


class NotificationRequirementSerializer(serializers.ModelSerializer[NotificationRequirement]):
    class Meta:
        model = NotificationRequirement
        fields = [
            "id",
            "nominal",
            "basis",
            "relevant_date",
            "subject_until",
            "detained_until",
            "order",
            "breach",
            "notes",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class NotificationRequirementWriteSerializer(serializers.Serializer[Any]):
    basis = serializers.ChoiceField(choices=RequirementBasis.choices)
    relevant_date = serializers.DateField()
    subject_until = serializers.DateField(required=False, allow_null=True)
    detained_until = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class BreachSerializer(serializers.ModelSerializer[NotificationBreach]):
    class Meta:
        model = NotificationBreach
        fields = ["id", "nominal", "breach_on", "description", "outcome", "outcome_on", "recorded_at", "version"]
        read_only_fields = fields


class IndefiniteReviewSerializer(serializers.ModelSerializer[IndefiniteReview]):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = IndefiniteReview
        fields = [
            "id",
            "nominal",
            "requirement",
            "received_on",
            "determine_by",
            "notes",
            "determination",
            "determined_on",
            "notice_received_on",
            "reasons",
            "further_review_years",
            "next_application_from",
            "recorded_by",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class ReviewApplicationWriteSerializer(serializers.Serializer[Any]):
    requirement = serializers.IntegerField(help_text="The id of the person's indefinite notification requirement")
    received_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True)


class DeterminationWriteSerializer(serializers.Serializer[Any]):
    determination = serializers.ChoiceField(choices=ReviewDetermination.choices)
    determined_on = serializers.DateField()
    reasons = serializers.CharField(required=False, allow_blank=True)
    further_review_years = serializers.IntegerField(required=False, allow_null=True, min_value=8, max_value=15)
    notice_received_on = serializers.DateField(required=False, allow_null=True)
