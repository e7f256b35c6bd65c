"""Worklist source: applications for review of indefinite notification waiting for the
police's determination (kernel/worklist_sources.py).

Each is due on the last day to determine it (IndefiniteReview.determine_by, stored from
rules.indefinite_review when the application is recorded). The work falls to the police
force of the person's area (the relevant chief officer's public protection staff): in a
user's own worklist it appears for that force's staff who see the person, and for whoever
recorded the application; the co-ordinator sees the whole area's.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse

from access import policy
from accounts.models import Agency, AgencyKind
from kernel.worklist_sources import WorkItem, WorklistScope, register_source

from .models import IndefiniteReview

KIND = "indefinite-review"


@register_source(KIND, title="Indefinite notification reviews to determine")
def indefinite_reviews_to_determine(scope: WorklistScope) -> Iterator[WorkItem]:
    reviews = IndefiniteReview.objects.filter(determination="", determine_by__lte=scope.due_by).select_related(
        "nominal"
    )
    if scope.area_id is not None:
        reviews = reviews.filter(nominal__area_id=scope.area_id)
    elif scope.user is not None and policy.works_with_people(scope.user):
        user = scope.user
        mine = Q(recorded_by_id=user.pk)
        if user.agency.kind == AgencyKind.POLICE:  # type: ignore[union-attr]
            mine |= Q(nominal__area_id=user.agency.area_id)  # type: ignore[union-attr]
        reviews = reviews.filter(mine, nominal__in=policy.ordinarily_visible_nominals(user))
    else:
        return
    found = list(reviews)
    forces = dict(
        Agency.objects.filter(kind=AgencyKind.POLICE, area_id__in={r.nominal.area_id for r in found}).values_list(
            "area_id", "pk"
        )
    )
    for review in found:
        yield WorkItem(
            kind=KIND,
            label=f"Determine the application for review of indefinite notification received "
            f"{review.received_on:%d %b %Y}",
            due_on=review.determine_by,
            url=reverse("notifications:person", args=[review.nominal_id]) + "#indefinite-reviews",
            area_id=review.nominal.area_id,
            nominal_id=review.nominal_id,
            person_name=str(review.nominal),
            owner_agency_id=forces.get(review.nominal.area_id),
            owner_user_id=review.recorded_by_id,
        )
