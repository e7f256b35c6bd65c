"""Forms for the risk and plan pages. They collect input; the services decide what is
acceptable and name the rule when it is not."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Agency
from ui.widgets import GovukDateField

from .assessments import ASSESSMENT_TEXT
from .controls import CONTRACT_FIELDS, CONTROL_FIELDS
from .models import GROUPS, SETTINGS, ActionStatus, ControlKind, Imminence, PlanHeading, RiskLevel, Tool
from .services import ACTION_FIELDS

NOT_RATED = [("", "Not rated"), *RiskLevel.choices]


def _text(label: str, *, help_text: str = "", required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 3}), required=required, help_text=help_text
    )


def _choice(choices: Any, label: str, *, help_text: str = "", radios: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices,
        required=False,
        label=label,
        help_text=help_text,
        widget=forms.RadioSelect if radios else forms.Select,
    )


class _Versioned(forms.Form):
    """Edit forms carry the version they were opened at, so a stale save is refused."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"required": "This page is out of date: open it again before saving"},
    )

    def __init__(self, *args: Any, versioned: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = versioned


class AssessmentForm(forms.Form):
    tool = _choice(Tool.choices, "Assessment tool")
    tool_name = forms.CharField(label="Name of the tool", required=False, max_length=80, help_text="For another tool")
    assessed_on = GovukDateField(label="Date of the assessment", required=False)
    assessor = forms.CharField(label="Assessor", required=False, max_length=120)
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False, label="Assessor's agency")
    overall_level = _choice(
        RiskLevel.choices, "Overall level", help_text="For OASys this is the highest rating below, worked out for you"
    )
    reconviction_level = _choice(
        RiskLevel.choices, "Likelihood of reconviction", help_text="RM2000's takes precedence over OASys's"
    )
    who_is_at_risk = _text("Who is at risk")
    nature_of_harm = _text("Nature of the harm")
    imminence = _choice(Imminence.choices, "Imminence")
    risk_increased_by = _text("What increases the risk")
    risk_reduced_by = _text("What reduces the risk")
    notes = _text("Notes")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        for setting, setting_label in SETTINGS:
            for group, group_label in GROUPS:
                self.fields[f"{setting}_{group}"] = _choice(
                    NOT_RATED, f"{group_label}: {setting_label.lower()}", radios=False
                )

    def rosh_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(label, self[f"community_{group}"], self[f"custody_{group}"]) for group, label in GROUPS]

    def values(self) -> dict[str, Any]:
        names = ("tool", "tool_name", "assessed_on", "assessor", "agency", "overall_level", "reconviction_level")
        rosh = [f"{s}_{g}" for s, _ in SETTINGS for g, _ in GROUPS]
        return {k: self.cleaned_data.get(k) for k in (*names, *rosh, "imminence", *ASSESSMENT_TEXT)}


class AgreedLevelForm(forms.Form):
    agreed_level = _choice(RiskLevel.choices, "Agreed risk of serious harm")
    reconviction_level = _choice(RiskLevel.choices, "Agreed likelihood of reconviction (optional)")
    agreed_on = GovukDateField(label="Date agreed", required=False)
    reasoning = _text("Reasoning", help_text="How the professional discussion resolved the difference between tools")


class PlanForm(_Versioned):
    review_on = GovukDateField(label="Date of the plan's next formal review", required=False)
    supervision = _text(PlanHeading.SUPERVISION.label)
    monitoring = _text(PlanHeading.MONITORING.label)
    interventions = _text(PlanHeading.INTERVENTIONS.label)
    victim_safety = _text(PlanHeading.VICTIM_SAFETY.label)
    contingency = _text(PlanHeading.CONTINGENCY.label)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ActionForm(_Versioned):
    heading = _choice(PlanHeading.choices, "Plan heading")
    text = _text("Action", help_text="Specific, measurable, achievable, realistic and time-bound")
    owner_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), required=False, label="Owning agency", empty_label="Select an agency"
    )
    owner_person = forms.CharField(label="Person responsible (optional)", required=False, max_length=120)
    due_on = GovukDateField(label="Due date", required=False)
    status = _choice(ActionStatus.choices, "Status")
    cancel_reason = _text("Reason for cancelling", help_text="Only when the action is cancelled")

    def __init__(self, *args: Any, agencies: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, versioned=editing, **kwargs)
        self.fields["owner_agency"].queryset = agencies  # type: ignore[attr-defined]
        if not editing:
            del self.fields["status"]
            del self.fields["cancel_reason"]

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ACTION_FIELDS if k in self.cleaned_data}


class ProgressForm(_Versioned):
    status = _choice(
        [(s.value, s.label) for s in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE)], "Status now"
    )
    note = _text("Progress made")


class ControlForm(_Versioned):
    kind = _choice(ControlKind.choices, "Kind of control")
    text = _text("Condition", help_text="As written in the licence or order")
    from_on = GovukDateField(label="From", required=False)
    to_on = GovukDateField(label="To (optional)", required=False)
    source = forms.CharField(label="Source", required=False, max_length=200, help_text="For example the licence")

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in CONTROL_FIELDS}


class ContractForm(_Versioned):
    setting = forms.CharField(label="Where the contract applies", required=False, max_length=200)
    undertakings = _text("Undertakings", help_text="One per line, for example 'I will sit apart from children'")
    who_will_know = _text("Who will be told, and why", help_text="On a need-to-know basis")
    breach_consequence = _text("If the contract is broken")
    offender_signed_on = GovukDateField(label="Signed by the offender on", required=False)
    offender_manager = forms.CharField(label="Offender manager", required=False, max_length=120)
    offender_manager_signed_on = GovukDateField(label="Signed by the offender manager on", required=False)

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in CONTRACT_FIELDS}
