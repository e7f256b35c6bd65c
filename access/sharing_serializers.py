"""What the sharing, restricted-access and emergency-access endpoints read and answer."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from rest_framework import serializers

from accounts.models import Agency, User

from .emergency import MIN_REASON_LENGTH
from .models import EmergencyAccess, RestrictedAccessGrant, RestrictedSection, ReviewOutcome, ShareGrant, ShareScope


class SharedItemSerializer(serializers.ModelSerializer[ShareGrant]):
    class Meta:
        model = ShareGrant
        fields = ["id", "scope", "object_type", "object_id", "reason", "granted_at", "expires_at"]
        read_only_fields = fields


class SharedPersonSerializer(serializers.Serializer[Any]):
    """Only what a DTC contact needs to identify the person, and what is shared."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    family_name = serializers.CharField(read_only=True)
    given_names = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True)
    shared = serializers.SerializerMethodField()

    # The schema reads this signature at run time, where the register's person is not
    # imported: any model with a key will do.
    def get_shared(self, nominal: Model) -> list[dict[str, Any]]:
        grants = self.context["grants"].get(nominal.pk, [])
        return list(SharedItemSerializer(grants, many=True).data)


class ShareGrantSerializer(serializers.ModelSerializer[ShareGrant]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)
    granted_by = serializers.CharField(source="granted_by.username", read_only=True)
    revoked_by = serializers.CharField(source="revoked_by.username", read_only=True, default=None)
    is_live = serializers.BooleanField(read_only=True)

    class Meta:
        model = ShareGrant
        fields = [
            "id",
            "nominal",
            "agency",
            "scope",
            "object_type",
            "object_id",
            "reason",
            "granted_by",
            "granted_at",
            "expires_at",
            "revoked_at",
            "revoked_by",
            "revoke_reason",
            "is_live",
        ]
        read_only_fields = fields


class ShareGrantRequestSerializer(serializers.Serializer[Any]):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    scope = serializers.ChoiceField(choices=ShareScope.choices)
    reason = serializers.CharField()
    expires_at = serializers.DateTimeField(required=False)
    object_type = serializers.CharField(required=False, allow_blank=True, max_length=40)
    object_id = serializers.CharField(required=False, allow_blank=True, max_length=40)


class RevokeRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class RestrictedGrantSerializer(serializers.ModelSerializer[RestrictedAccessGrant]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
    granted_by = serializers.CharField(source="granted_by.username", read_only=True)
    is_live = serializers.BooleanField(read_only=True)

    class Meta:
        model = RestrictedAccessGrant
        fields = [
            "id",
            "nominal",
            "section",
            "user",
            "reason",
            "granted_by",
            "granted_at",
            "expires_at",
            "revoked_at",
            "revoke_reason",
            "is_live",
        ]
        read_only_fields = fields


class RestrictedGrantRequestSerializer(serializers.Serializer[Any]):
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))
    section = serializers.ChoiceField(choices=RestrictedSection.choices)
    reason = serializers.CharField()
    expires_at = serializers.DateTimeField(required=False)


class RestrictedAccessSerializer(serializers.Serializer[Any]):
    record_manager = serializers.CharField(allow_null=True)
    grants = RestrictedGrantSerializer(many=True)


class EmergencyAccessSerializer(serializers.ModelSerializer[EmergencyAccess]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    reference = serializers.CharField(source="nominal.reference", read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, default=None)

    class Meta:
        model = EmergencyAccess
        fields = [
            "id",
            "nominal",
            "reference",
            "user",
            "reason",
            "started_at",
            "expires_at",
            "reviewed_by",
            "reviewed_at",
            "review_outcome",
            "review_note",
        ]
        read_only_fields = fields


class EmergencyRequestSerializer(serializers.Serializer[Any]):
    identifier = serializers.CharField(max_length=40, help_text="The OpenMAPPA reference or PNC number")
    reason = serializers.CharField(help_text=f"At least {MIN_REASON_LENGTH} characters")


class EmergencyOpenedSerializer(serializers.Serializer[Any]):
    nominal = serializers.IntegerField()
    emergency_access = EmergencyAccessSerializer(allow_null=True)


class EmergencyReviewRequestSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    note = serializers.CharField()
