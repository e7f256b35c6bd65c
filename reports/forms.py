"""The report filters (GET forms, working without JavaScript) and the population form."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Area

from .selectors import ALL_AREAS, report_areas


def _area_choices() -> list[tuple[str, str]]:
    return [(ALL_AREAS, "All areas (England and Wales)"), *((a.code, a.name) for a in report_areas())]


class AnnualFilterForm(forms.Form):
    area = forms.ChoiceField(label="Area", choices=())
    year_ending = forms.IntegerField(
        label="Year ending 31 March",
        min_value=2004,
        max_value=2100,
        help_text="For example, 2026 for April 2025 to March 2026",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = _area_choices()  # type: ignore[attr-defined]


class QuarterlyFilterForm(AnnualFilterForm):
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        choices=[
            ("1", "1: April to June"),
            ("2", "2: July to September"),
            ("3", "3: October to December"),
            ("4", "4: January to March"),
        ],
    )


class PopulationForm(forms.Form):
    area: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        label="Area", queryset=Area.objects.none(), empty_label="Select an area"
    )
    year_ending = forms.IntegerField(label="Year ending 31 March", min_value=2004, max_value=2100)
    population_aged_10_and_over = forms.IntegerField(
        label="Population aged 10 and over", min_value=1, help_text="The ONS mid-year estimate for the area"
    )
    source = forms.CharField(
        label="Source", required=False, max_length=200, help_text="For example: ONS mid-2024 estimates"
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
