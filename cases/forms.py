"""Forms for MAPPA registration decisions."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Agency, User
from ui.widgets import GovukDateField

from .models import Category, Level
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
    version = forms.IntegerField(widget=forms.HiddenInput)


class ArchiveForm(forms.Form):
    archived_on = GovukDateField(label="Date the person left MAPPA", error_messages={"required": "Enter the date"})
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reason for leaving MAPPA",
        error_messages={"required": "Enter the reason for leaving MAPPA"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReactivateForm(forms.Form):
    reactivated_on = GovukDateField(label="Date of reactivation", error_messages={"required": "Enter the date"})
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reason for reactivating",
        error_messages={"required": "Enter the reason for reactivating"},
    )
