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


@register_source("emergency-level-start", title="Emergency starts of level 2 or 3 to follow up")
def emergency_level_starts(scope: WorklistScope) -> Iterator[WorkItem]:
    """The co-ordinator is told of every level 2 or 3 start by the emergency route
    (rules.level_basis) until a referral is accepted or a meeting decides the level."""
    if scope.area_id is None:
        return
    for change in selectors.emergency_starts_to_follow(area_id=scope.area_id, due_by=scope.due_by):
        nominal = change.registration.nominal
        yield WorkItem(
            kind="emergency-level-start",
            label=f"Level {change.to_level} started by the emergency route: follow with a referral or a meeting",
            due_on=change.decided_on,
            url=reverse("cases:registration", args=[nominal.pk]),
            area_id=scope.area_id,
            nominal_id=nominal.pk,
            person_name=str(nominal),
        )
