"""Forms for the civil order pages. Rules are checked by the services, which name them."""

from __future__ import annotations

from typing import Any

from django import forms

from ui.forms import VersionedForm
from ui.widgets import GovukDateField

from .models import BreachOutcome, CivilOrder, OrderKind

OUTCOME_CHOICES = [("", "Not known yet"), *BreachOutcome.choices]


class CivilOrderForm(VersionedForm):
    kind = forms.ChoiceField(
        choices=OrderKind.choices,
        widget=forms.RadioSelect,
        label="Order",
        error_messages={"required": "Select the order"},
    )
    made_on = GovukDateField(label="Date made", error_messages={"required": "Enter the date the order was made"})
    ends_on = GovukDateField(
        label="Has effect until",
        required=False,
        help_text="The last day of the order. Leave blank for until further order",
    )
    court = forms.CharField(max_length=120, error_messages={"required": "Enter the court that made the order"})
    foreign_travel_restriction = forms.BooleanField(label="Includes a foreign travel restriction", required=False)
    foreign_travel_ends_on = GovukDateField(label="Foreign travel restriction until", required=False)
    prohibitions = forms.CharField(
        widget=forms.Textarea, required=False, label="Prohibitions", help_text="One prohibition on each line"
    )
    discharged_on = GovukDateField(label="Discharged on", required=False, help_text="Only if the court discharged it")

    def values(self) -> dict[str, Any]:
        values = super().values()
        values["prohibitions"] = [line.strip() for line in values.get("prohibitions", "").splitlines() if line.strip()]
        return values

    @classmethod
    def initial_for(cls, order: CivilOrder) -> dict[str, Any]:
        initial = {name: getattr(order, name) for name in cls.base_fields if name not in ("prohibitions",)}
        initial["prohibitions"] = "\n".join(order.prohibitions)
        return initial


# A breach of an order, or of the notification requirements (notifications uses it too).
class BreachForm(VersionedForm):
    breach_on = GovukDateField(label="Date of the breach", error_messages={"required": "Enter the date of the breach"})
    description = forms.CharField(
        widget=forms.Textarea, label="What happened", error_messages={"required": "Describe the breach"}
    )
    outcome = forms.ChoiceField(choices=OUTCOME_CHOICES, widget=forms.RadioSelect, required=False, label="Outcome")
    outcome_on = GovukDateField(label="Date of the outcome", required=False)
