"""API representations of MAPPA registrations and level decisions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import Agency, User

from .models import Category, ExitBasis, Level, LevelBasis, LevelChange, Registration


class LevelChangeSerializer(serializers.ModelSerializer[LevelChange]):
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)
    basis = serializers.CharField(
        read_only=True,
        help_text="What the decision rests on: registration, review, referral, meeting, emergency or continuation; "
        "blank on decisions recorded before the basis was",
    )

    class Meta:
        model = LevelChange
        fields = [
            "from_level",
            "to_level",
            "decided_on",
            "reason",
            "decided_by",
            "basis",
            "basis_reference",
            "emergency_reason",
            "review_date_reason",
        ]
        read_only_fields = fields


class RegistrationSerializer(serializers.ModelSerializer[Registration]):
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    lead_agency = serializers.CharField(source="lead_agency.code", read_only=True)
    record_manager = serializers.CharField(source="record_manager.username", read_only=True)
    partner_agencies = serializers.SerializerMethodField()
    level_history = LevelChangeSerializer(source="level_changes", many=True, read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "nominal",
            "category",
            "level",
            "lead_agency",
            "record_manager",
            "partner_agencies",
            "start_date",
            "status",
            "last_reviewed_on",
            "next_review_due_on",
            "archived_on",
            "archive_reason",
            "exit_basis",
            "exit_decided_at_meeting_on",
            "version",
            "level_history",
        ]
        read_only_fields = fields

    def get_partner_agencies(self, registration: Registration) -> list[str]:
        return [p.agency.code for p in registration.partners.select_related("agency")]


class RegisterSerializer(serializers.Serializer[Any]):
    category = serializers.ChoiceField(choices=Category.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    lead_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    record_manager = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))
    partner_agencies = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), many=True, required=False
    )
    start_date = serializers.DateField()
    reason = serializers.CharField()
    basis = serializers.ChoiceField(
        choices=LevelBasis.choices,
        required=False,
        help_text="What the decision rests on: level 2 or 3 starts only from an accepted referral (its id in "
        "basis_reference), a MAPP meeting's approved decision (its reference), "
        "or the emergency route with emergency_reason "
        "(rule levels.level_2_3_needs_referral_or_meeting)",
    )
    basis_reference = serializers.CharField(required=False, allow_blank=True, max_length=40)
    emergency_reason = serializers.CharField(required=False, allow_blank=True)


class LevelChangeRequestSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=Level.choices)
    decided_on = serializers.DateField()
    reason = serializers.CharField()
    plan_agreed_on = serializers.DateField(
        required=False, allow_null=True, help_text="Needed when leaving level 2 or 3 for level 1"
    )
    level_1_review_on = serializers.DateField(
        required=False, allow_null=True, help_text="Needed when leaving level 2 or 3 for level 1"
    )
    basis = serializers.ChoiceField(
        choices=LevelBasis.choices,
        required=False,
        help_text="What the decision rests on: level 2 or 3 starts only from an accepted referral (its id in "
        "basis_reference), a MAPP meeting's approved decision (its reference), "
        "or the emergency route with emergency_reason "
        "(rule levels.level_2_3_needs_referral_or_meeting)",
    )
    basis_reference = serializers.CharField(required=False, allow_blank=True, max_length=40)
    emergency_reason = serializers.CharField(required=False, allow_blank=True)


class ArchiveRequestSerializer(serializers.Serializer[Any]):
    archived_on = serializers.DateField(
        help_text="The day the person left MAPPA: not before the category's exit point unless they have died"
    )
    reason = serializers.CharField()
    exit_basis = serializers.ChoiceField(
        choices=[(basis.value, basis.label) for basis in (ExitBasis.EXIT_POINT, ExitBasis.DIED)],
        default=ExitBasis.EXIT_POINT.value,
        help_text=(
            "Why the person leaves: the category's exit point is reached (category 1: notification ends; "
            "category 2: licence expiry or end of hospital order restrictions; category 3: a level 2 or 3 "
            "meeting's decision; category 4: terrorism notification ends), or they have died. A discharge of "
            "indefinite notification ends the registration with its determination."
        ),
    )
    meeting_decided_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Category 3: the day a level 2 or 3 MAPP meeting decided the person leaves MAPPA",
    )
    plan_agreed_on = serializers.DateField(
        required=False, allow_null=True, help_text="Needed to archive a level 2 or 3 registration"
    )
    reregister_at_level = serializers.ChoiceField(
        choices=[2, 3],
        required=False,
        allow_null=True,
        help_text="A category 1 or 2 person still dangerous at exit: re-register under category 3 at this level",
    )


class ReactivateRequestSerializer(serializers.Serializer[Any]):
    reactivated_on = serializers.DateField()
    reason = serializers.CharField()
