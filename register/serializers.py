"""API representations of a person. Fields are listed; writable ones are an allow-list."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from rest_framework import serializers

from accounts.models import Area

from .models import PERSON_DETAILS, Address, AddressKind, AliasKind, Nominal
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
    confirm_not_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=(
            "On create: true once the caller has checked the possible matches a 409 answer listed and "
            "this is a different person. Without it a likely duplicate is not created."
        ),
    )

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
            "confirm_not_duplicate",
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


class PossibleMatchSerializer(serializers.Serializer[Any]):
    """A record like the person being added, that the caller may see."""

    id = serializers.IntegerField(source="nominal.pk")
    reference = serializers.CharField(source="nominal.reference")
    family_name = serializers.CharField(source="nominal.family_name")
    given_names = serializers.CharField(source="nominal.given_names")
    date_of_birth = serializers.DateField(source="nominal.date_of_birth")
    matched_on = serializers.ListField(child=serializers.CharField(), help_text="What the two records share")


class AddressSerializer(serializers.ModelSerializer[Address]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Address
        fields = [
            "id",
            "nominal",
            "kind",
            "line1",
            "line2",
            "town",
            "postcode",
            "from_date",
            "to_date",
            "is_current",
            "version",
        ]
        read_only_fields = ["id", "nominal", "is_current", "version"]


class AddressWriteSerializer(serializers.Serializer[Any]):
    """A new address (POST) or a correction (PATCH). A new current home address (kind
    "main", no to_date) ends the current one on its from_date."""

    kind = serializers.ChoiceField(choices=AddressKind.choices)
    line1 = serializers.CharField(max_length=120)
    line2 = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    town = serializers.CharField(max_length=80)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    from_date = serializers.DateField()
    to_date = serializers.DateField(required=False, allow_null=True, default=None)


class EndAddressSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField(help_text="The day the person stopped living there")
