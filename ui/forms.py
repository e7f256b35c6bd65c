"""Form pieces every app's pages share."""

from __future__ import annotations

from typing import Any

from django import forms


class VersionedForm(forms.Form):
    """A form that creates a record or edits one: an edit carries the version it was opened
    at, so the service refuses a save over someone else's (the page's If-Match)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> dict[str, Any]:
        """What the service is given: every field but the version."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or 0
