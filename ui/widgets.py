"""Form widgets in the GOV.UK Design System patterns."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms


class GovukDateInput(forms.Widget):
    """The GOV.UK date input: separate day, month and year boxes."""

    template_name = "ui/widgets/date_input.html"
    parts = ("day", "month", "year")

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str | None:
        day, month, year = (str(data.get(f"{name}-{part}", "")).strip() for part in self.parts)
        if not (day or month or year):
            return None
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in self.parts)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        day = month = year = ""
        if isinstance(value, date):
            day, month, year = str(value.day), str(value.month), str(value.year)
        elif isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
        context["widget"]["parts"] = [("day", "Day", day, 2), ("month", "Month", month, 2), ("year", "Year", year, 4)]
        return context


class GovukDateField(forms.DateField):
    widget = GovukDateInput
    default_error_messages = {"invalid": "Enter a real date, for example 27 3 2007"}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)
