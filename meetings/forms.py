"""Forms for the meeting pages. The minutes editor is a plain form with a fixed number of
blank action rows, so it works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Agency, User
from referrals.models import Imminence, RiskLevel
from ui.widgets import GovukDateField

from .models import (
    ROSH_GROUPS,
    Attendance,
    DisclosureDecision,
    Invitation,
    LevelDecision,
    MeetingType,
    PlanHeading,
    RequesterKind,
    ResponseKind,
)

LEVEL_CHOICES = [(2, "Level 2"), (3, "Level 3")]
BLANK_ACTION_ROWS = 3


def _text(label: str, *, help_text: str = "", required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea, required=required, help_text=help_text)


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H.%M"],
        help_text="24-hour clock, for example 14:30",
        error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a time such as 14:30"},
        widget=forms.TimeInput(format="%H:%M"),
    )


def _label_user(user: User) -> str:
    return f"{user.display_name} ({user.agency})"


class MeetingForm(forms.Form):
    meeting_type = forms.ChoiceField(
        choices=MeetingType.choices,
        widget=forms.RadioSelect,
        label="Type of meeting",
        error_messages={"required": "Select the type of meeting"},
    )
    level = forms.TypedChoiceField(
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="Level",
        help_text="None for a PDP discussion",
    )
    held_on = GovukDateField(label="Date", error_messages={"required": "Enter the date of the meeting"})
    starts_at = _time("Start time")
    ends_at = _time("End time")
    place = forms.CharField(max_length=200, required=False, label="Place")
    video_link = forms.URLField(
        required=False, label="Video link", help_text="Instead of, or as well as, a place", assume_scheme="https"
    )
    chair = forms.ModelChoiceField(
        queryset=User.objects.none(), empty_label="Select the chair", error_messages={"required": "Select the chair"}
    )
    invited_agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Agencies to invite"
    )
    agenda = _text("Agenda", help_text="Leave blank for the standard MAPP meeting agenda")

    def __init__(self, *args: Any, chairs: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs  # type: ignore[attr-defined]
        self.fields["chair"].label_from_instance = _label_user  # type: ignore[attr-defined]
        self.fields["invited_agencies"].queryset = agencies  # type: ignore[attr-defined]


class MeetingEditForm(forms.Form):
    held_on = GovukDateField(label="Date", error_messages={"required": "Enter the date of the meeting"})
    starts_at = _time("Start time")
    ends_at = _time("End time")
    place = forms.CharField(max_length=200, required=False, label="Place")
    video_link = forms.URLField(required=False, label="Video link", assume_scheme="https")
    chair = forms.ModelChoiceField(
        queryset=User.objects.none(), empty_label="Select the chair", error_messages={"required": "Select the chair"}
    )
    agenda = _text("Agenda")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, chairs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs  # type: ignore[attr-defined]
        self.fields["chair"].label_from_instance = _label_user  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={"required": "Select the agency to invite"},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """One attendance choice and representative per invited agency."""

    def __init__(self, *args: Any, invitations: list[Invitation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            self.fields[f"attendance_{invitation.pk}"] = forms.ChoiceField(
                choices=[("", "Not recorded"), *Attendance.choices],
                required=False,
                label=f"{invitation.agency.name}: attendance",
                initial=invitation.attendance,
            )
            self.fields[f"represented_by_{invitation.pk}"] = forms.CharField(
                required=False,
                max_length=200,
                label=f"{invitation.agency.name}: represented by",
                initial=invitation.represented_by,
            )

    def rows(self) -> list[tuple[Invitation, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"attendance_{i.pk}"], self[f"represented_by_{i.pk}"]) for i in self.invitations]

    def attendance(self) -> dict[int, tuple[str, str]]:
        return {
            i.pk: (self.cleaned_data[f"attendance_{i.pk}"], self.cleaned_data[f"represented_by_{i.pk}"])
            for i in self.invitations
        }


class AttendeeForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Not an OpenMAPPA user",
        label="OpenMAPPA user",
        help_text="They get the action list in OpenMAPPA and by email",
    )
    name = forms.CharField(max_length=150, required=False, label="Name (if not a user)")
    email = forms.EmailField(required=False, label="Email (if not a user)")
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False, empty_label="Select an agency")

    def __init__(self, *args: Any, users: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = _label_user  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = _text(
        "Why is the meeting cancelled?",
        help_text="The invited agencies' access to the referral summary ends when the meeting is cancelled.",
        required=True,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Enter why the meeting is cancelled"


class FollowUpForm(forms.Form):
    follow_up = _text("Follow-up of the non-attendance", required=True)


YES_NO = [("yes", "Yes"), ("no", "No")]


class MinutesForm(forms.Form):
    """The MAPPA C sections. Every field is optional for a draft; approval checks them."""

    attendance_notes = _text("Attendance: notes", help_text="Attendance per agency is recorded on the meeting page")
    reason_for_meeting = _text("Reason for the meeting")
    agency_information = _text("Information from each agency")
    imminence = forms.ChoiceField(
        choices=Imminence.choices, required=False, widget=forms.RadioSelect, label="Imminence"
    )
    risk_assessment = _text("Risk assessment: discussion")
    victims = _text("Victims and potential victims")
    disclosure_considered = forms.BooleanField(required=False, label="Disclosure has been considered")
    disclosure_decision = forms.ChoiceField(
        choices=DisclosureDecision.choices, required=False, widget=forms.RadioSelect, label="Disclosure decision"
    )
    disclosure_what = _text("What is disclosed")
    disclosure_to_whom = _text("To whom")
    disclosure_by_whom = forms.CharField(max_length=200, required=False, label="By whom")
    disclosure_by_when = GovukDateField(label="By when", required=False)
    disclosure_reasons_not = _text("Reasons for not disclosing")
    offender_told = forms.ChoiceField(
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
        label="Is the offender told of the disclosure decision?",
    )
    offender_not_told_reason = _text("Why the offender is not told")
    level_decision = forms.TypedChoiceField(
        choices=LevelDecision.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="Level decision",
    )
    level_reasoning = _text("Reasoning for the level decision")
    reduction_considered = forms.BooleanField(required=False, label="A reduction of level has been considered")
    differing_views = _text("Differing views", help_text="Record any views that differed from the decisions")
    next_meeting_on = GovukDateField(label="Next meeting or review", required=False)
    next_meeting_reason = _text(
        "If the next meeting is outside the cadence: why, and how the review will happen instead"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, label in ROSH_GROUPS:
            self.fields[field] = forms.ChoiceField(
                choices=[("", "Not assessed"), *RiskLevel.choices],
                required=False,
                label=f"Risk of serious harm to {label}",
            )

    def rosh_fields(self) -> list[forms.BoundField]:
        return [self[field] for field, _ in ROSH_GROUPS]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        told = data.pop("offender_told", "")
        data["offender_told"] = {"yes": True, "no": False}.get(told)
        return data


class MinutesActionForm(forms.Form):
    heading = forms.ChoiceField(choices=[("", "Select a heading"), *PlanHeading.choices], required=False)
    action = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    owner = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False, empty_label="Select an agency")
    due_on = GovukDateField(label="Due", required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = agencies  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("heading") or data.get("action") or data.get("owner") or data.get("due_on"))


class AddendumForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea,
        label="Correction",
        help_text="Approved minutes are never edited: the correction is added as a numbered addendum",
        error_messages={"required": "Enter the correction"},
    )


class ShareForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), empty_label="Select an agency", error_messages={"required": "Select the agency"}
    )
    recipient_name = forms.CharField(max_length=150, label="Named recipient")
    purpose = _text("Purpose", help_text="Recipients get information for a purpose and may not pass it on")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["recipient_name"].error_messages["required"] = "Enter the named recipient"
        self.fields["purpose"].required = True
        self.fields["purpose"].error_messages["required"] = "Enter the purpose"


class InformationResponseForm(forms.Form):
    response_kind = forms.ChoiceField(
        choices=ResponseKind.choices,
        widget=forms.RadioSelect,
        label="What your agency's records show",
        error_messages={"required": "Select whether your agency holds information"},
    )
    response = _text("Information held", help_text="Not needed when your agency holds no information")


class MinutesRequestForm(forms.Form):
    person = forms.CharField(
        label="Person's OpenMAPPA reference",
        max_length=20,
        help_text="For example, DEMO-000123",
        error_messages={"required": "Enter the person's reference"},
    )
    requester_kind = forms.ChoiceField(
        choices=RequesterKind.choices,
        widget=forms.RadioSelect,
        label="Who is asking",
        error_messages={"required": "Select who is asking"},
    )
    requester = forms.CharField(
        max_length=200, label="Name of the requester", error_messages={"required": "Enter who is asking"}
    )
    purpose = _text("What the minutes are wanted for", required=True)
    received_on = GovukDateField(label="Date received", error_messages={"required": "Enter the date received"})


class DecideRequestForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("release", "Release the Minutes Executive Summary"), ("refuse", "Refuse the request")],
        widget=forms.RadioSelect,
        label="Your decision",
        error_messages={"required": "Select your decision"},
    )
    reason = _text("Reason for the decision", required=True)
    specific_risks = _text(
        "Specific risks to others (where safe to share)",
        help_text="Built from the minutes' risk assessment: remove anything it is not safe to release",
    )
