"""Stored due dates: open clocks kept in a table so a worklist reads them with one query.

An app whose clocks depend on many records of a person (notifications, home visits)
registers a calculator for its kind (kernel.due_dates). Each service that writes a fact a
calculator reads names the people whose dates follow (`kernel.due_dates.dates_changed`),
and `refresh_people` here rewrites their rows once the transaction commits. The sources
read the rows through kernel.worklist_stored, with the readers here (both installed by
WorklistsConfig.ready). `refresh_due_dates` (a management command) back-fills the table
and recomputes the people whose facts take effect on a later day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from access import policy
from cases.models import Registration, RegistrationStatus
from kernel.due_dates import CALCULATORS
from kernel.worklist_sources import WorklistScope

from .models import StoredDue


def refresh_people(nominal_ids: Iterable[int], *, today: date | None = None, kinds: Iterable[str] = ()) -> int:
    """Recompute the stored clocks of these people (every kind unless `kinds` is given)."""
    ids = sorted(set(nominal_ids))
    chosen = tuple(kinds) or tuple(CALCULATORS)
    if not ids:
        return 0
    today = today or timezone.localdate()
    with transaction.atomic():
        StoredDue.objects.filter(nominal_id__in=ids, kind__in=chosen).delete()
        # Whose work each clock is: only people with an active registration are on a worklist.
        owners = {
            nominal_id: (area_id, agency_id, manager_id)
            for nominal_id, area_id, agency_id, manager_id in Registration.objects.filter(
                nominal_id__in=ids, status=RegistrationStatus.ACTIVE
            ).values_list("nominal_id", "nominal__area_id", "lead_agency_id", "record_manager_id")
        }
        managed = [nominal_id for nominal_id in ids if nominal_id in owners]
        rows = [
            StoredDue(
                kind=kind,
                nominal_id=due.nominal_id,
                area_id=owners[due.nominal_id][0],
                lead_agency_id=owners[due.nominal_id][1],
                record_manager_id=owners[due.nominal_id][2],
                owner_agency_id=due.owner_agency_id,
                ref_id=due.ref_id,
                label=due.label[:300],
                due_on=due.due_on,
                stops_after=due.stops_after,
                refresh_on=due.refresh_on,
            )
            for kind in chosen
            for due in (CALCULATORS[kind](managed, today) if managed else ())
        ]
        StoredDue.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def in_scope(kind: str, scope: WorklistScope) -> QuerySet[StoredDue] | None:
    """The stored clocks of `kind` due by the horizon for people in scope: the area's (the
    co-ordinator), or those whose active registration the user manages (the row says whose
    work it is)."""
    found = StoredDue.objects.filter(kind=kind, due_on__lte=scope.due_by).filter(
        Q(stops_after__isnull=True) | Q(stops_after__gte=scope.today)
    )
    if scope.area_id is not None:
        return found.filter(area_id=scope.area_id)
    if policy.is_caseworker(scope.user):
        return found.filter(record_manager_id=scope.user.pk)
    return None


def for_area(kind: str, scope: WorklistScope) -> QuerySet[StoredDue] | None:
    """An area's stored copy of the open work of `kind` due by the horizon (the co-ordinator's
    view of work whose live source joins national tables)."""
    if scope.area_id is None:
        return None
    return StoredDue.objects.filter(kind=kind, area_id=scope.area_id, due_on__lte=scope.due_by)
