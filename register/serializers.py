"""API representations of a person. Fields are listed; writable ones are an allow-list."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from rest_framework import serializers

from accounts.models import Area

from .models import PERSON_DETAILS, AliasKind, Nominal
from .selectors import current_registration


class AliasSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=AliasKind.choices, default=AliasKind.ALIAS)
    name = serializers.CharField(max_length=200)


class RegistrationSummarySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    category = serializers.IntegerField(read_only=True)
    level = serializers.IntegerField(read_only=True)
    lead_agency = serializers.CharField(source="lead_agency.code", read_only=True)
    record_manager = serializers.CharField(source="record_manager.username", read_only=True)
    status = serializers.CharField(read_only=True)
    start_date = serializers.DateField(read_only=True)
    next_review_due_on = serializers.DateField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class NominalSerializer(serializers.ModelSerializer[Nominal]):
    area = serializers.CharField(source="area.code", read_only=True)
    closest_links_area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True
    )
    aliases = AliasSerializer(many=True, required=False)
    registration = serializers.SerializerMethodField()
    next_review_due_on = serializers.SerializerMethodField()

    class Meta:
        model = Nominal
        fields = [
            "id",
            "reference",
            "area",
            *PERSON_DETAILS,
            "aliases",
            "registration",
            "next_review_due_on",
            "version",
        ]
        read_only_fields = ["id", "reference", "area", "version"]

    @cached_property
    def _registration_summary(self) -> RegistrationSummarySerializer:
        # One for all the people in a list: building a serializer copies its fields.
        return RegistrationSummarySerializer()

    def get_registration(self, nominal: Nominal) -> dict[str, Any] | None:
        registration = current_registration(nominal)
        return self._registration_summary.to_representation(registration) if registration else None

    def get_next_review_due_on(self, nominal: Nominal) -> str | None:
        registration = current_registration(nominal)
        if registration is None or not registration.is_active:
            return None
        return registration.next_review_due_on.isoformat()
