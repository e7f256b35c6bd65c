"""API representations of custody spells, urgent reviews and serious further offences."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import Agency, AgencyKind

from .models import (
    ApprovedPremisesReferral,
    CustodyReason,
    CustodySpell,
    ReferralOutcome,
    ReleaseKind,
    ReviewDecision,
    SeriousFurtherOffence,
    UrgentReview,
)


class ApprovedPremisesSerializer(serializers.ModelSerializer[ApprovedPremisesReferral]):
    class Meta:
        model = ApprovedPremisesReferral
        fields = ["id", "premises", "referred_on", "outcome", "resident_from", "resident_to"]
        read_only_fields = fields


class CustodySpellSerializer(serializers.ModelSerializer[CustodySpell]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    prison = serializers.CharField(source="prison.code", read_only=True)
    release_confirmed_by = serializers.CharField(source="release_confirmed_by.username", read_only=True, default=None)
    approved_premises = ApprovedPremisesSerializer(many=True, read_only=True)
    in_custody = serializers.BooleanField(read_only=True)

    class Meta:
        model = CustodySpell
        fields = [
            "id",
            "nominal",
            "prison",
            "reason",
            "entered_on",
            "sentence_date",
            "sentence_months",
            "release_on",
            "parole_eligibility_on",
            "licence_expiry_on",
            "sentence_expiry_on",
            "category_at_start",
            "level_at_start",
            "release_confirmed_on",
            "release_confirmed_by",
            "end_of_custody_release_on",
            "end_of_custody_confirmed_on",
            "released_on",
            "release_kind",
            "in_custody",
            "approved_premises",
            "notes",
            "version",
        ]
        read_only_fields = fields


class SpellDatesSerializer(serializers.Serializer[Any]):
    sentence_date = serializers.DateField(required=False, allow_null=True)
    sentence_months = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    release_on = serializers.DateField(required=False, allow_null=True)
    parole_eligibility_on = serializers.DateField(required=False, allow_null=True)
    licence_expiry_on = serializers.DateField(required=False, allow_null=True)
    sentence_expiry_on = serializers.DateField(required=False, allow_null=True)


class StartCustodySerializer(SpellDatesSerializer):
    prison = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.filter(kind=AgencyKind.PRISON))
    reason = serializers.ChoiceField(choices=CustodyReason.choices)
    entered_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ConfirmReleaseSerializer(serializers.Serializer[Any]):
    release_on = serializers.DateField()
    confirmed_on = serializers.DateField()


class EndOfCustodySerializer(serializers.Serializer[Any]):
    early_release_on = serializers.DateField()
    confirmed_on = serializers.DateField(required=False, allow_null=True)


class ApprovedPremisesReferralSerializer(serializers.Serializer[Any]):
    premises = serializers.CharField()
    referred_on = serializers.DateField()


class ApprovedPremisesDecisionSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=[ReferralOutcome.ACCEPTED, ReferralOutcome.REFUSED])
    resident_from = serializers.DateField(required=False, allow_null=True)
    resident_to = serializers.DateField(required=False, allow_null=True)


class ReleaseSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ReleaseKind.choices)
    released_on = serializers.DateField()


class UrgentReviewSerializer(serializers.ModelSerializer[UrgentReview]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)

    class Meta:
        model = UrgentReview
        fields = ["id", "nominal", "reason", "raised_on", "completed_on", "outcome"]
        read_only_fields = fields


class CompleteUrgentReviewSerializer(serializers.Serializer[Any]):
    completed_on = serializers.DateField()
    outcome = serializers.CharField()


class SeriousFurtherOffenceSerializer(serializers.ModelSerializer[SeriousFurtherOffence]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)

    class Meta:
        model = SeriousFurtherOffence
        fields = [
            "id",
            "nominal",
            "offence",
            "charged_on",
            "category_at_charge",
            "level_at_charge",
            "notification_due_on",
            "chair_notified_on",
            "coordinator_notified_on",
            "review_decision",
            "review_decided_on",
            "review_decision_reason",
            "version",
        ]
        read_only_fields = fields


class SfoCreateSerializer(serializers.Serializer[Any]):
    offence = serializers.CharField()
    charged_on = serializers.DateField()
    remanded_to = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.filter(kind=AgencyKind.PRISON), required=False, allow_null=True
    )


class SfoNotificationSerializer(serializers.Serializer[Any]):
    chair_notified_on = serializers.DateField(required=False, allow_null=True)
    coordinator_notified_on = serializers.DateField(required=False, allow_null=True)


class ReviewDecisionSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    decided_on = serializers.DateField()
    reason = serializers.CharField()
