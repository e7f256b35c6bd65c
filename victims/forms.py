"""Forms for the victims pages. The service checks the rules and names what is wrong."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import ContactBy, NotifyOn, Urgency, VictimKind, VictimStatus


def _text(label: str, *, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=help_text)


class VictimForm(forms.Form):
    kind = forms.ChoiceField(
        choices=VictimKind.choices,
        widget=forms.RadioSelect,
        label="A named person or a group",
        error_messages={"required": "Select whether this is a named person or a group"},
    )
    name = forms.CharField(
        max_length=200,
        label="Name, or the group",
        help_text="For example: Jane Doe, or children at the local primary school",
        error_messages={"required": "Enter the person's name, or describe the group"},
    )
    status = forms.ChoiceField(
        choices=VictimStatus.choices,
        widget=forms.RadioSelect,
        label="Victim or potential victim",
        error_messages={"required": "Select whether they are a victim or a potential victim"},
    )
    relationship = forms.CharField(
        max_length=200, required=False, label="Relationship to the person", help_text="For example: former partner"
    )
    contact_by = forms.ChoiceField(
        choices=ContactBy.choices,
        widget=forms.RadioSelect,
        label="Who is in contact with them",
        error_messages={"required": "Select who is in contact with them"},
    )
    contact_name = forms.CharField(max_length=200, required=False, label="Name of the contact")
    in_contact_scheme = forms.BooleanField(required=False, label="In the statutory victim contact scheme")
    no_contact_condition = forms.BooleanField(required=False, label="The person may not contact them (no-contact)")
    exclusion_zone = _text("Exclusion zone", help_text="The area the person may not enter, if any")
    other_protection = _text("Other protective measures", help_text="For example: alarm, rapid response marker")
    notes = _text("Notes")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class NotificationForm(forms.Form):
    event = forms.ChoiceField(
        choices=NotifyOn.choices,
        widget=forms.RadioSelect,
        label="Tell them when",
        error_messages={"required": "Select the event the victim must be told of"},
    )
    event_detail = forms.CharField(max_length=200, required=False, label="Describe the event (for other)")
    notifier = forms.CharField(
        max_length=200,
        required=False,
        label="Who must notify them",
        help_text="For example: Victim Liaison Officer, or Approved Premises staff out of hours",
    )
    urgency = forms.ChoiceField(choices=Urgency.choices, widget=forms.RadioSelect, required=False, label="How fast")
    method = forms.CharField(max_length=200, required=False, label="How", help_text="For example: by telephone")
