"""The notification calculator form: the same inputs as the API, in GOV.UK patterns."""

from __future__ import annotations

from typing import Any

from django import forms

from rules.errors import RuleInputError
from rules.notification import Disposal, NotificationPeriod
from ui.widgets import GovukDateField

from .calculator import DISPOSAL_LABELS, calculate, humanise


class NotificationCalculatorForm(forms.Form):
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="For example, 27 3 1990",
        error_messages={"required": "Enter the date of birth"},
    )
    relevant_date = GovukDateField(
        label="Relevant date",
        help_text="The date of the conviction, caution or finding (Sexual Offences Act 2003 s82(6))",
        error_messages={"required": "Enter the relevant date: the date of the conviction, caution or finding"},
    )
    disposal = forms.ChoiceField(
        label="Disposal",
        choices=[(d.value, DISPOSAL_LABELS[d]) for d in Disposal],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the disposal",
            "invalid_choice": "Select one of the disposals listed",
        },
    )
    custody_months = forms.IntegerField(
        label="Length of custody, in months (custody only)",
        help_text="Consecutive terms count as one term of their total length. 30 months or more is indefinite.",
        required=False,
        widget=forms.TextInput,  # GOV.UK asks for text inputs for numbers, not type="number"
        error_messages={"invalid": "Enter the length of custody as a whole number of months"},
    )
    discharge_months = forms.IntegerField(
        label="Length of the conditional discharge, in months (conditional discharge only)",
        required=False,
        widget=forms.TextInput,
        error_messages={"invalid": "Enter the length of the conditional discharge as a whole number of months"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period: NotificationPeriod | None = None

    def clean(self) -> dict[str, Any]:
        """Ask the rule; its RuleInputError names the field at fault and the rule broken."""
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.period = calculate(
                date_of_birth=data["date_of_birth"],
                relevant_date=data["relevant_date"],
                disposal=data["disposal"],
                custody_months=data.get("custody_months"),
                discharge_months=data.get("discharge_months"),
            )
        except RuleInputError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, humanise(error.message))
        return data
