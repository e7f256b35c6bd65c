"""Forms for the notification pages. Rules are checked by the services, which name them."""

from __future__ import annotations

from typing import Any

from django import forms

from ui.forms import VersionedForm
from ui.widgets import GovukDateField

from .models import NotificationKind, RequirementBasis, ReviewDetermination


class NotificationEventForm(VersionedForm):
    kind = forms.ChoiceField(
        choices=NotificationKind.choices,
        widget=forms.RadioSelect,
        label="What was notified",
        error_messages={"required": "Select what was notified"},
    )
    notified_on = GovukDateField(
        label="Date notified",
        help_text="The day the person attended the police station, for example 27 3 2025",
        error_messages={"required": "Enter the date notified"},
    )
    event_on = GovukDateField(
        label="Date of the change or event",
        required=False,
        help_text=(
            "For a change: the day of the change. For a 7-day stay: the 7th day. For travel: the day of departure. "
            "For a household with a child: the first day living there. "
            "Leave blank for initial and periodic notifications."
        ),
    )
    police_station = forms.CharField(
        max_length=120, label="Police station", error_messages={"required": "Enter the police station"}
    )
    officer = forms.CharField(
        max_length=120, label="Officer who took the notification", error_messages={"required": "Enter the officer"}
    )
    details = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Details notified",
        help_text="For example, the new name or address, travel dates and destinations, the household",
    )


class RequirementForm(VersionedForm):
    basis = forms.ChoiceField(
        choices=RequirementBasis.choices,
        widget=forms.RadioSelect,
        label="Why the person is subject to notification",
        error_messages={"required": "Select why the person is subject to notification"},
    )
    relevant_date = GovukDateField(
        label="Relevant date",
        help_text="The date of the conviction, caution, finding or order",
        error_messages={"required": "Enter the relevant date"},
    )
    detained_until = GovukDateField(
        label="Released or returned on",
        required=False,
        help_text="If in custody, in hospital or abroad on the relevant date: the 3 days run from release or return",
    )
    subject_until = GovukDateField(
        label="Subject until", required=False, help_text="The last day, if known. Leave blank if indefinite"
    )
    notes = forms.CharField(widget=forms.Textarea, required=False)


class ReviewApplicationForm(VersionedForm):
    """An application for review of indefinite notification. The requirement choices are
    the person's reviewable requirements, given by the view."""

    requirement = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Which notification requirement the application is about",
        error_messages={"required": "Select the notification requirement the application is about"},
    )
    received_on = GovukDateField(
        label="Date the application was received",
        help_text="The day the police received the written application, for example 3 3 2025",
        error_messages={"required": "Enter the date the application was received"},
    )
    notes = forms.CharField(widget=forms.Textarea, required=False, label="Notes")

    def __init__(self, *args: Any, requirements: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requirement"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(pk), label) for pk, label in requirements]
        if not requirements:
            field.help_text = (
                "No indefinite requirement is recorded for this person. Record that they are subject to "
                "notification (from the conviction, caution, finding or notification order) first."
            )


class DeterminationForm(VersionedForm):
    determination = forms.ChoiceField(
        choices=ReviewDetermination.choices,
        widget=forms.RadioSelect,
        label="Determination",
        error_messages={"required": "Select the determination"},
    )
    determined_on = GovukDateField(
        label="Date of the determination", error_messages={"required": "Enter the date of the determination"}
    )
    reasons = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Reasons",
        help_text="Required when the requirements continue: the notice of determination must give them",
    )
    further_review_years = forms.IntegerField(
        required=False,
        min_value=8,
        max_value=15,
        label="Years until a further application may be made",
        help_text="When the requirements continue: 8, unless the determination sets a longer period (up to 15)",
        error_messages={
            "min_value": "The further period is at least 8 years",
            "max_value": "The further period is at most 15 years",
            "invalid": "Enter the number of years as a whole number, like 8",
        },
    )
    notice_received_on = GovukDateField(
        label="Date the person received the notice of the determination",
        required=False,
        help_text="Required for a discharge: the person is no longer subject from this day",
    )
