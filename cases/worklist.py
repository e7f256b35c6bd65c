"""Worklist source for the retention review (kernel/worklist_sources.py): the co-ordinator's
records at or past the person's 100th birthday awaiting a keep-or-delete decision."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from kernel.worklist_sources import WorkItem, WorklistScope, register_source

from . import selectors


@register_source("retention-review", title="Retention reviews at 100")
def retention_reviews(scope: WorklistScope) -> Iterator[WorkItem]:
    if scope.area_id is None:
        return
    for due in selectors.retention_reviews_due(area_id=scope.area_id, today=scope.due_by):
        yield WorkItem(
            kind="retention-review",
            label="Retention review: keep or delete the record (100th birthday)",
            due_on=due.due_on,
            url=reverse("cases:retention-decision", args=[due.nominal.pk]),
            area_id=scope.area_id,
            nominal_id=due.nominal.pk,
            person_name=str(due.nominal),
        )
