"""Reads of worklists and notifications, always for the requesting user.

A worklist is the items of every registered source for one scope: the user's own work,
or (for the co-ordinator) the whole area across agencies. Filtering, sorting and the
counts per kind happen here, once, for the page and the API alike.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet
from django.http import Http404

from access import policy
from accounts.models import Agency

from .models import Notification
from .sources import SOURCES, WorkItem, WorklistScope, kind_title, work_items

HORIZONS = (7, 14, 28, 56)
DEFAULT_HORIZON = 14
SORTS = ("due", "kind", "person")
STATUSES = ("overdue", "due_soon")


@dataclass(frozen=True)
class WorklistFilters:
    kinds: tuple[str, ...] = ()
    status: str = ""  # "", "overdue" or "due_soon"
    within: int = DEFAULT_HORIZON  # days ahead of today
    sort: str = "due"
    agency_id: int | None = None  # the area view only: the agency the work falls to


@dataclass(frozen=True)
class KindCount:
    kind: str
    title: str
    total: int
    overdue: int


@dataclass
class Worklist:
    today: date
    due_by: date
    filters: WorklistFilters
    items: list[WorkItem]
    counts: list[KindCount] = field(default_factory=list)
    overdue: int = 0
    due_soon: int = 0

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon


def _sort_key(sort: str) -> object:
    if sort == "kind":
        return lambda item: (kind_title(item.kind), item.due_on, item.label)
    if sort == "person":
        return lambda item: (item.person_name == "", item.person_name.lower(), item.due_on, item.kind)
    return lambda item: (item.due_on, item.kind, item.label)


def _build(scope: WorklistScope, filters: WorklistFilters) -> Worklist:
    everything = work_items(scope)
    if filters.agency_id is not None:
        everything = [item for item in everything if item.owner_agency_id == filters.agency_id]
    totals = Counter(item.kind for item in everything)
    late = Counter(item.kind for item in everything if item.is_overdue(scope.today))
    counts = [KindCount(kind, kind_title(kind), totals[kind], late[kind]) for kind in SOURCES]
    chosen = [item for item in everything if not filters.kinds or item.kind in filters.kinds]
    overdue = sum(1 for item in chosen if item.is_overdue(scope.today))
    if filters.status == "overdue":
        chosen = [item for item in chosen if item.is_overdue(scope.today)]
    elif filters.status == "due_soon":
        chosen = [item for item in chosen if not item.is_overdue(scope.today)]
    chosen.sort(key=_sort_key(filters.sort))  # type: ignore[arg-type]
    overdue_shown = sum(1 for item in chosen if item.is_overdue(scope.today))
    return Worklist(
        today=scope.today,
        due_by=scope.due_by,
        filters=filters,
        items=chosen,
        counts=counts,
        overdue=overdue if not filters.status else overdue_shown,
        due_soon=len(chosen) - overdue_shown,
    )


def my_work(*, requested_by: object, today: date, filters: WorklistFilters) -> Worklist:
    """The user's own work: due within the horizon, and everything overdue."""
    scope = WorklistScope(today=today, due_by=today + timedelta(days=filters.within), user=requested_by)
    return _build(scope, WorklistFilters(filters.kinds, filters.status, filters.within, filters.sort))


def area_work(*, requested_by: object, today: date, filters: WorklistFilters) -> Worklist:
    """The co-ordinator's view of the whole area's work, across agencies."""
    if not policy.is_coordinator(requested_by):
        raise Http404
    area_id = requested_by.agency.area_id  # type: ignore[attr-defined]
    scope = WorklistScope(today=today, due_by=today + timedelta(days=filters.within), area_id=area_id)
    return _build(scope, filters)


def area_agencies(*, requested_by: object) -> QuerySet[Agency]:
    if not policy.is_coordinator(requested_by):
        return Agency.objects.none()
    return Agency.objects.filter(area_id=requested_by.agency.area_id).order_by("name")  # type: ignore[attr-defined]


def notifications(*, requested_by: object) -> QuerySet[Notification]:
    """The user's own reminders, newest first."""
    if not getattr(requested_by, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user_id=requested_by.pk).order_by("-sent_on", "due_on", "pk")  # type: ignore[attr-defined]


def unread_count(*, requested_by: object) -> int:
    return notifications(requested_by=requested_by).filter(read_at__isnull=True).count()
