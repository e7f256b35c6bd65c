"""Forms for sharing grants, restricted-section grants and emergency access."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Agency, User
from ui.widgets import GovukDateField

from .emergency import MIN_REASON_LENGTH
from .models import RestrictedSection, ReviewOutcome, ShareScope


def end_of_day(day: date | None) -> datetime | None:
    """A date typed in a form means "until the end of that day", local time."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


class _UntilDateForm(forms.Form):
    """A form with an optional `expires_on` date, which may not be in the past."""

    def clean_expires_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("expires_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError("The expiry date must be today or in the future")
        return value


class ShareForm(_UntilDateForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency to share with",
        help_text="The agency's single point of contact will see what you share.",
        empty_label="Select the agency",
        error_messages={"required": "Select the agency to share with", "invalid_choice": "Select a known agency"},
    )
    scope = forms.ChoiceField(
        choices=ShareScope.choices,
        label="What to share",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what to share"},
    )
    reason = forms.CharField(
        label="Why it is shared",
        help_text="The event that justifies sharing, for example an invitation to a meeting.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for sharing"},
    )
    expires_on = GovukDateField(
        label="Shared until (optional)",
        required=False,
        help_text="Leave blank for 90 days. For example 27 3 2027",
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why it is revoked",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for revoking"},
    )


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # not generic at run time
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name} ({obj.agency or obj.get_role_display()})"


class RestrictedGrantForm(_UntilDateForm):
    user = UserChoiceField(
        queryset=User.objects.none(),
        label="Person to give access to",
        help_text="Only people who can already see this record are listed.",
        empty_label="Select a person",
        error_messages={"required": "Select the person to give access to", "invalid_choice": "Select a listed person"},
    )
    section = forms.ChoiceField(
        choices=RestrictedSection.choices,
        label="Section",
        widget=forms.RadioSelect,
        error_messages={"required": "Select victims, intelligence or health"},
    )
    reason = forms.CharField(
        label="Why they need to know",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason this person needs to know"},
    )
    expires_on = GovukDateField(
        label="Access until (optional)", required=False, help_text="Leave blank for no end date."
    )

    def __init__(self, *args: Any, users: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[u.pk for u in users]).order_by("last_name", "username")


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label="Why you need this record now",
        help_text=(
            f"At least {MIN_REASON_LENGTH} characters. Your reason is recorded with everything you look at, "
            "and the MAPPA co-ordinator reviews it."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain why you need this record now"},
    )
    identifier = forms.CharField(
        label="OpenMAPPA reference or PNC number",
        help_text="For example DEMO-000012 or 2004/0012345D",
        max_length=40,
        error_messages={"required": "Enter the person's OpenMAPPA reference or PNC number"},
    )


class EmergencyReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=ReviewOutcome.choices,
        label="Was the emergency access justified?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the emergency access was justified"},
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a note explaining the decision"},
    )
