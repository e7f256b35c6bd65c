"""The auditor's search form."""

from __future__ import annotations

from typing import Any

from django import forms

from ui.widgets import GovukDateField

from .audit_selectors import AuditFilters, audit_filter_problems

# The page and the API take the same parameter names.
FILTER_NAMES = ("nominal", "user", "agency", "from", "to")


class AuditSearchForm(forms.Form):
    nominal = forms.CharField(
        label="Person",
        required=False,
        max_length=40,
        help_text="OpenMAPPA reference, for example DEMO-000012, or record number",
    )
    user = forms.CharField(
        label="Username", required=False, max_length=150, help_text="Exactly as they sign in, for example police.om"
    )
    agency = forms.CharField(label="Agency code", required=False, max_length=24, help_text="For example DEMO-POL")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two cannot be declared on the class.
        self.fields["from"] = GovukDateField(
            label="From", required=False, help_text="Events on or after this day, for example 1 4 2026"
        )
        self.fields["to"] = GovukDateField(
            label="To", required=False, help_text="Events on or before this day, for example 30 4 2026"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, message in audit_filter_problems(self.filters()).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def filters(self) -> AuditFilters:
        data = getattr(self, "cleaned_data", {})
        return AuditFilters(
            person=(data.get("nominal") or "").strip(),
            username=(data.get("user") or "").strip(),
            agency=(data.get("agency") or "").strip(),
            date_from=data.get("from"),
            date_to=data.get("to"),
        )
