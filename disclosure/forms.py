"""Forms for the disclosure pages. The service checks the rules and names what is wrong."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import User
from meetings.models import Meeting
from ui.widgets import GovukDateField

from .models import AcknowledgementMethod, ChiefOfficerRank, Decision, RecipientKind

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, *, required: bool = False, message: str = "") -> forms.TypedChoiceField:
    field = forms.TypedChoiceField(
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        label=label,
    )
    if message:
        field.error_messages["required"] = message
    return field


def as_yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _text(label: str, *, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=help_text)


def _user_label(user: User) -> str:
    return f"{user.display_name} ({user.agency})"


class DecisionForm(forms.Form):
    considered = _yes_no(
        "Has disclosure been considered?", required=True, message="Select whether disclosure has been considered"
    )
    decision = forms.ChoiceField(choices=Decision.choices, required=False, widget=forms.RadioSelect, label="Decision")
    decided_on = GovukDateField(
        label="Date of the decision", error_messages={"required": "Enter the date of the decision"}
    )
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Select the meeting",
        label="MAPP meeting that made the decision",
        help_text="At levels 2 and 3 the meeting decides",
    )
    reason = _text("Why disclosure is needed", help_text="The risk it manages and who it protects")
    reasons_not_to_disclose = _text("Defensible reasons for not disclosing")
    what = _text("What is to be disclosed")
    recipient_kind = forms.ChoiceField(
        choices=RecipientKind.choices, required=False, widget=forms.RadioSelect, label="Who receives it"
    )
    recipient_name = forms.CharField(
        max_length=200,
        required=False,
        label="Recipient's name",
        help_text="A person's name, or the organisation or outlet",
    )
    recipient_organisation = forms.CharField(max_length=200, required=False, label="Recipient's organisation")
    recipient_relationship = forms.CharField(
        max_length=200,
        required=False,
        label="Recipient's relationship to the person",
        help_text="For example: new partner, head teacher of the partner's children's school, employer",
    )
    includes_photograph = forms.BooleanField(required=False, label="The disclosure includes the person's photograph")
    discloser = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Select a practitioner", label="Who will disclose"
    )
    disclose_by = GovukDateField(label="Disclose by", required=False)
    offender_told = _yes_no("Is the person told of the disclosure?")
    offender_not_told_reason = _text("Why the person is not told")
    authoriser_name = forms.CharField(
        max_length=200,
        required=False,
        label="Authorising chief officer's name",
        help_text="Needed before a disclosure to the media or with a photograph is made",
    )
    authoriser_rank = forms.ChoiceField(
        choices=[("", "Select the rank"), *ChiefOfficerRank.choices], required=False, label="Authoriser's rank"
    )
    authorised_on = GovukDateField(label="Date authorised", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, meetings: Any, disclosers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: f"{m.reference}: {m.get_meeting_type_display()}, {m.held_on:%d %B %Y}"
        )
        self.fields["discloser"].queryset = disclosers  # type: ignore[attr-defined]
        self.fields["discloser"].label_from_instance = _user_label  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class CarriedOutForm(forms.Form):
    carried_out_on = GovukDateField(label="Date disclosed", required=False)
    carried_out_by = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Select a practitioner", label="Disclosed by"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, disclosers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["carried_out_by"].queryset = disclosers  # type: ignore[attr-defined]
        self.fields["carried_out_by"].label_from_instance = _user_label  # type: ignore[attr-defined]


class AcknowledgementForm(forms.Form):
    acknowledged_on = GovukDateField(label="Date acknowledged", required=False)
    acknowledgement_method = forms.ChoiceField(
        choices=AcknowledgementMethod.choices,
        required=False,
        widget=forms.RadioSelect,
        label="How the recipient acknowledged it is confidential and not for passing on",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    reviewed_on = GovukDateField(label="Date reviewed", required=False)
    outcome = _text("Outcome", help_text="New information checked, and whether it changes the decision")
    version = forms.IntegerField(widget=forms.HiddenInput)
