"""Stored due dates: open clocks kept in a table so a worklist reads them with one query.

An app whose clocks depend on many records of a person (notifications, home visits)
registers a calculator for its kind (kernel.due_dates). Each service that writes a fact a
calculator reads names the people whose dates follow (`kernel.due_dates.dates_changed`),
and `refresh_people` here rewrites their rows once the transaction commits (installed by
WorklistsConfig.ready). `refresh_due_dates` (a management command) back-fills the table
and recomputes the people whose facts take effect on a later day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from access import policy
from cases.models import Registration, RegistrationStatus
from kernel.due_dates import CALCULATORS
from kernel.worklist_counting import CountedSource, codepoint_order
from kernel.worklist_sources import WorkItem, WorklistScope
from register.models import shown_name

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


def _in_scope(kind: str, scope: WorklistScope) -> QuerySet[StoredDue] | None:
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


class StoredRow(NamedTuple):
    """One stored clock as a worklist reads it."""

    ref_id: int | None
    nominal_id: int
    label: str
    due_on: date
    area_id: int
    family_name: str
    given_names: str
    lead_agency_id: int
    owner_agency_id: int | None
    record_manager_id: int | None

    @property
    def person_name(self) -> str:
        return shown_name(self.family_name, self.given_names)


_ROW_FIELDS = (
    "ref_id",
    "nominal_id",
    "label",
    "due_on",
    "area_id",
    "nominal__family_name",
    "nominal__given_names",
    "lead_agency_id",
    "owner_agency_id",
    "record_manager_id",
)


def _stored(
    kind: str,
    page_name: str,
    rows: Callable[[WorklistScope], QuerySet[StoredDue] | None],
    *,
    links_to_record: bool = False,
    agency: str = "lead_agency_id",
    manager: bool = True,
    tie: str = "pk",
) -> CountedSource:
    """A source of stored `rows` of `kind`. Its items link to `page_name` for the record
    (`links_to_record`: the row's `ref_id`) or else the person, fall to the agency in the
    column `agency`, and to the record manager if `manager`."""

    def item(scope: WorklistScope) -> Callable[[Any], WorkItem]:
        page = url_maker(page_name)

        def make(values: Any) -> WorkItem:
            row = StoredRow(*values)
            linked = row.ref_id if links_to_record else row.nominal_id
            assert linked is not None  # a kind linking to its record stores the record's id
            return WorkItem(
                kind=kind,
                label=row.label,
                due_on=row.due_on,
                url=page(linked),
                area_id=row.area_id,
                nominal_id=row.nominal_id,
                person_name=row.person_name,
                owner_agency_id=getattr(row, agency),
                owner_user_id=row.record_manager_id if manager else None,
            )

        return make

    return CountedSource(
        rows=rows,
        fields=_ROW_FIELDS,
        due="due_on",
        nominal="nominal",
        agency=agency,
        item=item,
        label_order=(codepoint_order(F("label")),),
        tie=tie,
    )


def stored_source(kind: str, page_name: str) -> CountedSource:
    """The worklist source of the stored clocks of `kind` (the source's kind too); each
    item links to the person's page `page_name`. One indexed query lists a user's; an
    area's (tens of thousands) are counted in SQL."""
    return _stored(kind, page_name, partial(_in_scope, kind))


def stored_for_area(
    kind: str, page_name: str, *, links_to_record: bool = False, agency: str = "lead_agency_id", manager: bool = True
) -> CountedSource:
    """The co-ordinator's area view of a kind whose open work is also stored here: counted
    from one index rather than joined across national tables. Each row's `ref_id` is the
    id of the live row it stands for, so rows alike come in the live source's order; the
    items are the ones the kind's live source makes (see `_stored`)."""

    def rows(scope: WorklistScope) -> QuerySet[StoredDue] | None:
        if scope.area_id is None:
            return None
        return StoredDue.objects.filter(kind=kind, area_id=scope.area_id, due_on__lte=scope.due_by)

    return _stored(kind, page_name, rows, links_to_record=links_to_record, agency=agency, manager=manager, tie="ref_id")


def url_maker(name: str) -> Callable[[int], str]:
    """The page of each person for a URL name, reversing once for a whole list."""
    sentinel = 987654321
    pattern = reverse(name, args=[sentinel])
    return lambda pk: pattern.replace(str(sentinel), str(pk), 1)
