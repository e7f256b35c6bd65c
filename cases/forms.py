"""Forms for MAPPA registration decisions."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Agency, User
from ui.widgets import GovukDateField

from .models import Category, ExitBasis, Level, LevelBasis, PoliceRank, RetentionOutcome
from .services import CATEGORY_3_RULE


class RegisterForm(forms.Form):
    category = forms.TypedChoiceField(
        choices=Category.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the MAPPA category"},
    )
    level = forms.TypedChoiceField(
        choices=Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of management"},
    )
    lead_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        empty_label="Select the lead agency",
        error_messages={"required": "Select the lead agency", "invalid_choice": "Select a known lead agency"},
    )
    record_manager = forms.ModelChoiceField(
        queryset=User.objects.none(),
        empty_label="Select the record manager",
        error_messages={"required": "Select the record manager"},
    )
    partner_agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    start_date = GovukDateField(
        label="Date of registration", error_messages={"required": "Enter the date of registration"}
    )
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reason for the category and level",
        error_messages={"required": "Enter the reason for the registration and level"},
    )
    basis = forms.ChoiceField(
        choices=[(c.value, c.label) for c in LevelBasis if c != LevelBasis.CONTINUATION],
        widget=forms.RadioSelect,
        required=False,
        label="What the decision rests on",
        help_text="Level 2 or 3 management starts only from an accepted referral or a MAPP meeting's decision, "
        "or by the emergency route (the MAPPA co-ordinator is told)",
    )
    basis_reference = forms.CharField(
        required=False,
        label="Referral number or meeting reference",
        help_text="The accepted referral (its number) or the MAPP meeting (for example DEMO-MTG-00012) "
        "whose approved minutes decided the level",
        max_length=40,
    )
    emergency_reason = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Why it cannot wait for a referral or a meeting",
        help_text="Needed for the emergency route",
    )

    def __init__(self, *args: object, agencies: object, managers: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["lead_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["partner_agencies"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["record_manager"].queryset = managers  # type: ignore[attr-defined]
        self.fields["record_manager"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: f"{user.display_name} ({user.agency})"
        )

    def clean(self) -> dict[str, Any]:
        # The service checks this too; here it is reported with every other problem at once.
        cleaned = super().clean() or {}
        if cleaned.get("category") == Category.OTHER_DANGEROUS and cleaned.get("level") == Level.ONE:
            self.add_error("level", CATEGORY_3_RULE)
        return cleaned


class LevelChangeForm(forms.Form):
    level = forms.TypedChoiceField(
        choices=Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
        label="New level (or the same level, for a review that keeps it)",
        error_messages={"required": "Select the level"},
    )
    decided_on = GovukDateField(
        label="Date of the decision", error_messages={"required": "Enter the date of the decision"}
    )
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reason for the decision",
        error_messages={"required": "Enter the reason for the decision"},
    )
    plan_agreed_on = GovukDateField(
        label="Date the up-to-date risk management plan was agreed",
        required=False,
        help_text="Needed when leaving level 2 or 3 for level 1",
    )
    level_1_review_on = GovukDateField(
        label="Level 1 review date", required=False, help_text="Needed when leaving level 2 or 3 for level 1"
    )
    basis = forms.ChoiceField(
        choices=[(c.value, c.label) for c in LevelBasis if c != LevelBasis.CONTINUATION],
        widget=forms.RadioSelect,
        required=False,
        label="What the decision rests on",
        help_text="Level 2 or 3 management starts only from an accepted referral or a MAPP meeting's decision, "
        "or by the emergency route (the MAPPA co-ordinator is told)",
    )
    basis_reference = forms.CharField(
        required=False,
        label="Referral number or meeting reference",
        help_text="The accepted referral (its number) or the MAPP meeting (for example DEMO-MTG-00012) "
        "whose approved minutes decided the level",
        max_length=40,
    )
    emergency_reason = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Why it cannot wait for a referral or a meeting",
        help_text="Needed for the emergency route",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


EXIT_POINT_CHOICE = (
    "The category's exit point is reached (category 1: notification ends; category 2: licence expiry or "
    "end of hospital order restrictions; category 3: a MAPP meeting decided; category 4: terrorism "
    "notification ends)"
)


class ArchiveForm(forms.Form):
    exit_basis = forms.ChoiceField(
        choices=[(ExitBasis.EXIT_POINT.value, EXIT_POINT_CHOICE), (ExitBasis.DIED.value, ExitBasis.DIED.label)],
        widget=forms.RadioSelect,
        label="Why does the person leave MAPPA?",
        help_text=(
            "A discharge of indefinite notification is recorded on the Notification tab: its determination "
            "ends the registration."
        ),
        error_messages={"required": "Select why the person leaves MAPPA"},
    )
    archived_on = GovukDateField(label="Date the person left MAPPA", error_messages={"required": "Enter the date"})
    meeting_decided_on = GovukDateField(
        label="Date of the MAPP meeting's decision",
        required=False,
        help_text="Category 3 only: a level 2 or 3 meeting decides the person leaves MAPPA",
    )
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reason for leaving MAPPA",
        error_messages={"required": "Enter the reason for leaving MAPPA"},
    )
    plan_agreed_on = GovukDateField(
        label="Date the up-to-date risk management plan was agreed",
        required=False,
        help_text="Needed to archive a level 2 or 3 registration",
    )
    reregister_at_level = forms.TypedChoiceField(
        choices=[
            ("", "No: the person leaves MAPPA"),
            (2, "Yes: register under category 3 at level 2"),
            (3, "Yes: register under category 3 at level 3"),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="Still dangerous at exit? (categories 1 and 2 only)",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PdpForm(forms.Form):
    authorised_by = forms.CharField(
        label="Name of the authorising officer",
        error_messages={"required": "Enter the Superintendent (or above) who authorised PDP management"},
    )
    authoriser_rank = forms.ChoiceField(
        choices=PoliceRank.choices,
        widget=forms.RadioSelect,
        label="Rank of the authorising officer",
        error_messages={"required": "Select the rank: a Superintendent or above authorises PDP management"},
    )
    authorised_on = GovukDateField(label="Date authorised", error_messages={"required": "Enter the date authorised"})
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Why the person is considered potentially dangerous",
        error_messages={"required": "Enter the reason the person is considered potentially dangerous"},
    )


class EndPdpForm(forms.Form):
    ended_on = GovukDateField(label="Date PDP management ended", error_messages={"required": "Enter the date"})
    reason = forms.CharField(
        widget=forms.Textarea, label="Reason", error_messages={"required": "Enter the reason PDP management ends"}
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RetentionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=RetentionOutcome.choices,
        widget=forms.RadioSelect,
        label="Decision",
        error_messages={"required": "Select keep or delete"},
    )
    decided_on = GovukDateField(label="Date of the decision", error_messages={"required": "Enter the date"})
    reason = forms.CharField(
        widget=forms.Textarea, label="Reason", error_messages={"required": "Enter the reason for the decision"}
    )
    review_again_on = GovukDateField(label="Review again on (if kept)", required=False)


class ReactivateForm(forms.Form):
    reactivated_on = GovukDateField(label="Date of reactivation", error_messages={"required": "Enter the date"})
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reason for reactivating",
        error_messages={"required": "Enter the reason for reactivating"},
    )
