"""Forms for each step of a transfer."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Agency, Area, User
from ui.widgets import GovukDateField

from .models import CrossBorderBasis, Jurisdiction


def _date(label: str) -> GovukDateField:
    return GovukDateField(label=label, error_messages={"required": f"Enter the {label.lower()}"})


def _text(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea, error_messages={"required": f"Enter the {label.lower()}"}
    )


class RequestForm(forms.Form):
    to_area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        required=False,
        empty_label="Select the receiving MAPPA area",
        label="Receiving area (England and Wales)",
    )
    to_jurisdiction = forms.ChoiceField(
        choices=[("", "Not a cross-border transfer"), *Jurisdiction.choices],
        required=False,
        label="Or, cross-border: the receiving jurisdiction",
    )
    cross_border_basis = forms.ChoiceField(
        choices=[("", "Not a cross-border transfer"), *CrossBorderBasis.choices],
        required=False,
        label="Cross-border basis",
    )
    new_address = _text("Proposed new address")
    reason = _text("Reason for the move")
    under_probation_supervision = forms.BooleanField(
        required=False, label="The person is under probation supervision (licence or order)"
    )
    requested_on = _date("Date of the request")

    def __init__(self, *args: Any, areas: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_area"].queryset = areas  # type: ignore[attr-defined]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveForm(VersionedForm):
    assessment = _text("Assessment of the risks of the move")
    approved_on = _date("Date of approval")


class RefuseForm(VersionedForm):
    reason = _text("Public protection reasons for refusing")
    refused_on = _date("Date refused")


class AcceptForm(VersionedForm):
    lead_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        empty_label="Select the receiving lead agency",
        error_messages={"required": "Select the receiving lead agency"},
    )
    record_manager = forms.ModelChoiceField(
        queryset=User.objects.none(),
        empty_label="Select the receiving record manager",
        error_messages={"required": "Select the receiving record manager"},
    )
    accepted_on = _date("Date accepted")

    def __init__(self, *args: Any, agencies: object, managers: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["record_manager"].queryset = managers  # type: ignore[attr-defined]
        self.fields["record_manager"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: f"{user.display_name} ({user.agency})"
        )


class MeetingForm(VersionedForm):
    held_on = _date("Date of the receiving area's MAPP meeting")
    sending_manager_attended = forms.BooleanField(
        required=False, label="The sending offender manager attended the meeting"
    )


class AddressForm(VersionedForm):
    confirmed_on = _date("Date the home visit confirmed the address")


class RecordsSentForm(VersionedForm):
    sent_on = _date("Date the records were sent")


class CompleteForm(VersionedForm):
    completed_on = _date("Date of transfer")
