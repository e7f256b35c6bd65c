"""Forms for custody, release and serious further offences."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Agency
from ui.widgets import GovukDateField

from .models import CustodyReason, ReferralOutcome, ReleaseKind, ReviewDecision


def _date(label: str, required: bool = True, help_text: str = "") -> GovukDateField:
    return GovukDateField(
        label=label, required=required, help_text=help_text, error_messages={"required": f"Enter the {label.lower()}"}
    )


def _text(label: str, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea, required=required, error_messages={"required": f"Enter the {label.lower()}"}
    )


class SpellDatesForm(forms.Form):
    sentence_date = _date("Sentence date", required=False)
    sentence_months = forms.IntegerField(
        label="Sentence length, in months",
        required=False,
        min_value=1,
        error_messages={"invalid": "Enter the sentence length as a whole number of months"},
    )
    release_on = _date(
        "Release date", required=False, help_text="Automatic or conditional release date, as the prison calculates it"
    )
    parole_eligibility_on = _date("Parole eligibility date", required=False)
    licence_expiry_on = _date("Licence expiry date", required=False)
    sentence_expiry_on = _date("Sentence expiry date", required=False)


class StartCustodyForm(SpellDatesForm):
    reason = forms.ChoiceField(
        choices=CustodyReason.choices,
        widget=forms.RadioSelect,
        label="Why the person is in custody",
        error_messages={"required": "Select why the person is in custody"},
    )
    prison = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        empty_label="Select the prison",
        error_messages={"required": "Select the prison holding the person"},
    )
    entered_on = _date("Date custody began")
    notes = _text("Notes", required=False)
    field_order = ["reason", "prison", "entered_on"]

    def __init__(self, *args: Any, prisons: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prison"].queryset = prisons  # type: ignore[attr-defined]


class EditDatesForm(SpellDatesForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConfirmReleaseForm(forms.Form):
    release_on = _date("Confirmed release date")
    confirmed_on = _date("Date confirmed")
    version = forms.IntegerField(widget=forms.HiddenInput)


class EndOfCustodyForm(forms.Form):
    early_release_on = _date("End-of-custody early release date")
    confirmed_on = _date(
        "Date the prison confirmed the plan can be put in place",
        required=False,
        help_text="Leave blank until confirmed",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApprovedPremisesReferralForm(forms.Form):
    premises = forms.CharField(label="Approved Premises", error_messages={"required": "Enter the Approved Premises"})
    referred_on = _date("Date of referral")


class ApprovedPremisesDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[(ReferralOutcome.ACCEPTED, "Accepted"), (ReferralOutcome.REFUSED, "Refused")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select accepted or refused"},
    )
    resident_from = _date("Resident from", required=False)
    resident_to = _date("Resident until", required=False)


class ReleaseForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ReleaseKind.choices,
        widget=forms.RadioSelect,
        label="How the person was released",
        error_messages={"required": "Select how the person was released"},
    )
    released_on = _date("Date of release")
    version = forms.IntegerField(widget=forms.HiddenInput)


class UrgentReviewForm(forms.Form):
    completed_on = _date("Date the review was completed")
    outcome = _text("Outcome of the review")


class SeriousFurtherOffenceForm(forms.Form):
    offence = forms.CharField(label="Offence charged", error_messages={"required": "Enter the offence charged"})
    charged_on = _date("Date charged")
    remanded_to = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not remanded in custody",
        label="Remanded to (if remanded in custody)",
    )

    def __init__(self, *args: Any, prisons: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remanded_to"].queryset = prisons  # type: ignore[attr-defined]


class SfoNotificationForm(forms.Form):
    chair_notified_on = _date("Date the SMB chair was notified", required=False)
    coordinator_notified_on = _date("Date the MAPPA co-ordinator was notified", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        label="The SMB's decision",
        error_messages={"required": "Select whether a serious case review is commissioned"},
    )
    decided_on = _date("Date of the SMB's decision")
    reason = _text("The SMB's reasons")
    version = forms.IntegerField(widget=forms.HiddenInput)
