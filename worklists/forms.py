"""The worklist filter: a GET form, so it works without JavaScript (MOJ filter pattern)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone

from kernel.worklist_sources import SOURCES, kind_title

from .selectors import DEFAULT_HORIZON, HORIZONS, MAX_PAGE_SIZE, PAGE_SIZE, Worklist, WorklistFilters

STATUS_CHOICES = [("", "Overdue and due soon"), ("overdue", "Overdue"), ("due_soon", "Due soon")]
SORT_CHOICES = [("due", "Due date"), ("kind", "Kind of work"), ("person", "Person")]


class WorklistFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label="Kind of work", required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES, widget=forms.RadioSelect)
    within = forms.TypedChoiceField(
        label="Due within",
        required=False,
        coerce=int,
        empty_value=DEFAULT_HORIZON,  # type: ignore[arg-type]
        choices=[(str(days), f"{days} days") for days in HORIZONS],
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)
    # Paging: followed from the pagination links, not shown among the filters.
    page = forms.IntegerField(label="Page", required=False, min_value=1, max_value=100_000)
    page_size = forms.IntegerField(label="Items per page", required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, kind_title(kind)) for kind in SOURCES]  # type: ignore[attr-defined]
        if agencies is not None:
            self.fields["agency"] = forms.TypedChoiceField(
                label="Agency the work falls to",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "All agencies"), *((str(a.pk), a.name) for a in agencies)],
            )

    def filters(self) -> WorklistFilters:
        """The chosen filters; the defaults when the form is not valid."""
        if not self.is_valid():
            return WorklistFilters()
        data = self.cleaned_data
        return WorklistFilters(
            kinds=tuple(data.get("kind") or ()),
            status=data.get("status") or "",
            within=data.get("within") or DEFAULT_HORIZON,
            sort=data.get("sort") or "due",
            agency_id=data.get("agency"),
        )

    def paging(self) -> tuple[int, int]:
        """The page asked for and its size; the first page of the usual size otherwise."""
        if not self.is_valid():
            return 1, PAGE_SIZE
        return self.cleaned_data.get("page") or 1, self.cleaned_data.get("page_size") or PAGE_SIZE

    def worklist(self, read: Callable[..., Worklist]) -> Worklist:
        """The page of the worklist `read` (my_work or area_work, for its user) that the
        form asks for, as of today: the page and the API read it alike."""
        page, page_size = self.paging()
        return read(today=timezone.localdate(), filters=self.filters(), page=page, page_size=page_size)
