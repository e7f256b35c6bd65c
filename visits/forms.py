"""Forms for the home visit pages. Rules are checked by the services, which name them."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Agency
from ui.forms import VersionedForm
from ui.widgets import GovukDateField

from .models import HomeVisit, ScheduleKind, VisitPurpose, VisitStatus
from .services import VISITING_AGENCIES


class HomeVisitForm(VersionedForm):
    visit_on = GovukDateField(label="Date of the visit", error_messages={"required": "Enter the date of the visit"})
    status = forms.ChoiceField(
        choices=VisitStatus.choices,
        widget=forms.RadioSelect,
        label="Status",
        error_messages={"required": "Select the status of the visit"},
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Visiting agency",
        empty_label="Select the agency",
        error_messages={"required": "Select the visiting agency"},
    )
    joint = forms.BooleanField(label="Joint police and probation visit", required=False)
    announced = forms.TypedChoiceField(
        choices=[("yes", "Announced"), ("no", "Unannounced")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Announced or unannounced",
        error_messages={"required": "Select whether the visit was announced"},
    )
    purpose = forms.ChoiceField(
        choices=VisitPurpose.choices, widget=forms.RadioSelect, error_messages={"required": "Select the purpose"}
    )
    visitors = forms.CharField(
        max_length=200,
        label="Who visited",
        help_text="Names and roles",
        error_messages={"required": "Enter who visited"},
    )
    address = forms.CharField(max_length=200, required=False, label="Address visited")
    outcome = forms.CharField(widget=forms.Textarea, required=False, label="Outcome")
    concerns_found = forms.BooleanField(label="Concerns found", required=False)
    concerns = forms.CharField(widget=forms.Textarea, required=False, label="Concerns")

    def __init__(self, *args: Any, area_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(area_id=area_id, kind__in=VISITING_AGENCIES).order_by("name")

    @classmethod
    def initial_for(cls, visit: HomeVisit) -> dict[str, Any]:
        initial = {name: getattr(visit, name) for name in cls.base_fields if name not in ("announced", "agency")}
        initial["announced"] = "yes" if visit.announced else "no"
        initial["agency"] = visit.agency_id
        return initial


class VisitScheduleForm(VersionedForm):
    kind = forms.ChoiceField(
        choices=ScheduleKind.choices,
        widget=forms.RadioSelect,
        label="Whose visits",
        error_messages={"required": "Select police or probation"},
    )
    # No risk level here: visits follow the latest risk assessment on the Risk tab.
    supervision_started_on = GovukDateField(
        label="Probation supervision started on", required=False, help_text="Probation only"
    )
