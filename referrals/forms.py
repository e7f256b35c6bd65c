"""Forms for the referral pages. The MAPPA A form saves incomplete drafts; the service
checks completeness on submission and names what is missing."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Agency, User
from cases.models import Category
from ui.widgets import GovukDateField

from .models import DisputeDecision, GatekeepingDecision, Imminence, MeetingNeeded, Rank, RiskLevel

LEVEL_CHOICES = [(2, "Level 2"), (3, "Level 3")]


def _optional_int_choice(choices: Any, label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=choices, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect, label=label
    )


def _text(label: str, *, help_text: str = "", required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea, required=required, help_text=help_text)


class ReferralForm(forms.Form):
    category = _optional_int_choice(Category.choices, "MAPPA category")
    index_offence = forms.CharField(label="Index offence", max_length=200, required=False)
    reason_for_referral = _text("Reason for referral")
    requested_level = _optional_int_choice(LEVEL_CHOICES, "Level of management requested")
    likelihood_of_reoffending = forms.ChoiceField(
        choices=RiskLevel.choices, required=False, widget=forms.RadioSelect, label="Likelihood of re-offending"
    )
    reoffending_detail = _text("Likelihood of re-offending: detail", help_text="For example, OGRS or RM2000 scores")
    risk_of_serious_harm = forms.ChoiceField(
        choices=RiskLevel.choices, required=False, widget=forms.RadioSelect, label="Risk of serious harm (OASys)"
    )
    harm_to_whom = _text("Risk of serious harm to whom")
    harm_when = _text("When is the risk greatest")
    imminence = forms.ChoiceField(
        choices=Imminence.choices, required=False, widget=forms.RadioSelect, label="Imminence of the risk"
    )
    agencies_to_invite = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Agencies who should be invited",
    )
    updated_risk_assessment = _text("Updated risk assessment")
    outline_risk_management_plan = _text("Outline risk management plan")
    meeting_needed = forms.ChoiceField(
        choices=MeetingNeeded.choices, required=False, widget=forms.RadioSelect, label="Which meeting is needed"
    )
    emergency_meeting_by = GovukDateField(
        label="Emergency meeting needed by", required=False, help_text="Only for an emergency meeting"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies_to_invite"].queryset = agencies  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("agencies_to_invite", None)
        data.pop("version", None)
        return data


class CountersignForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("countersign", "Countersign the referral"), ("return", "Return it to the referrer")],
        widget=forms.RadioSelect,
        label="Your decision",
        error_messages={"required": "Select whether you countersign the referral"},
    )
    comment = _text("Comment", help_text="Required when you return the referral")
    version = forms.IntegerField(widget=forms.HiddenInput)


class GatekeepForm(forms.Form):
    decision = forms.ChoiceField(
        choices=GatekeepingDecision.choices,
        widget=forms.RadioSelect,
        label="Gatekeeping decision",
        error_messages={"required": "Select the gatekeeping decision"},
    )
    level = _optional_int_choice(LEVEL_CHOICES, "Level of management (when accepted)")
    reason = _text("Reason", help_text="The referrer is told why")
    pdp_considered = forms.BooleanField(
        required=False, label="Management as a potentially dangerous person (PDP) has been considered"
    )
    pdp_outcome = _text("Outcome of the PDP consideration", help_text="Required when the referral is ineligible")
    version = forms.IntegerField(widget=forms.HiddenInput)


class DisputeForm(forms.Form):
    reason = _text("Why the decision is disputed", required=True)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Enter why the decision is disputed"


class ResolveDisputeForm(forms.Form):
    decision = forms.ChoiceField(
        choices=DisputeDecision.choices,
        widget=forms.RadioSelect,
        label="Final decision",
        error_messages={"required": "Select the final decision"},
    )
    level = _optional_int_choice(LEVEL_CHOICES, "Level of management (when accepted)")
    reason = _text("Reason for the final decision")
    version = forms.IntegerField(widget=forms.HiddenInput)


class RankForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(), empty_label="Select a person", error_messages={"required": "Select a person"}
    )
    rank = forms.ChoiceField(choices=[("", "No management rank"), *Rank.choices], required=False, label="Rank")

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: f"{user.display_name} ({user.agency})"
        )
