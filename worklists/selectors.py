"""Reads of worklists and notifications, always for the requesting user.

A worklist is the items of every registered source for one scope: the user's own work,
or (for the co-ordinator) the whole area across agencies. Filtering, sorting, paging and
the counts per kind happen here, once, for the page and the API alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.db.models import QuerySet
from django.http import Http404

from access import policy
from access.policy.roles import agency_of
from accounts.models import Agency, User
from kernel.worklist_sources import SOURCES, Wanted, WorkItem, WorklistScope, combine, kind_title, summarise

from .naming import name_items
from .parallel import ask_all

HORIZONS = (7, 14, 28, 56)
DEFAULT_HORIZON = 14
SORTS = ("due", "kind", "person")
STATUSES = ("overdue", "due_soon")
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


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
    """One page of a worklist: the counts of everything in scope, and the page's items."""

    today: date
    due_by: date
    filters: WorklistFilters
    items: list[WorkItem]
    counts: list[KindCount] = field(default_factory=list)
    overdue: int = 0
    due_soon: int = 0
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def total(self) -> int:
        """The items matching the filters, on every page."""
        return self.overdue + self.due_soon

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.items else 0

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.items) - 1 if self.items else 0


def _build(scope: WorklistScope, filters: WorklistFilters, *, viewer: User, page: int, page_size: int) -> Worklist:
    """Each source's counts, and the items of one page: a source lists only as many items
    as the page needs (its first page * page_size in the order asked for), each naming its
    person as `viewer` may see them."""
    wanted = Wanted(status=filters.status, sort=filters.sort, limit=page * page_size)
    asked = {kind: wanted if not filters.kinds or kind in filters.kinds else Wanted() for kind in SOURCES}
    scope.warm()  # what every source reads of the scope, read once before they are asked
    summaries = ask_all({kind: partial(summarise, kind, scope, one) for kind, one in asked.items()})
    counts = [KindCount(kind, kind_title(kind), s.total, s.overdue) for kind, s in summaries.items()]
    chosen = [s for kind, s in summaries.items() if not filters.kinds or kind in filters.kinds]
    overdue = 0 if filters.status == "due_soon" else sum(s.overdue for s in chosen)
    due_soon = 0 if filters.status == "overdue" else sum(s.total - s.overdue for s in chosen)
    items = name_items(combine(chosen, wanted).first[(page - 1) * page_size :], viewer=viewer)
    return Worklist(
        today=scope.today,
        due_by=scope.due_by,
        filters=filters,
        items=items,
        counts=counts,
        overdue=overdue,
        due_soon=due_soon,
        page=page,
        page_size=page_size,
    )


def my_work(
    *, requested_by: User, today: date, filters: WorklistFilters, page: int = 1, page_size: int = PAGE_SIZE
) -> Worklist:
    """The user's own work: due within the horizon, and everything overdue."""
    scope = WorklistScope(today=today, due_by=today + timedelta(days=filters.within), user=requested_by)
    mine = WorklistFilters(filters.kinds, filters.status, filters.within, filters.sort)
    return _build(scope, mine, viewer=requested_by, page=page, page_size=page_size)


def _coordinated_area(user: User) -> int | None:
    """The area a co-ordinator co-ordinates; None for anyone else."""
    return agency_of(user).area_id if policy.is_coordinator(user) else None


def area_work(
    *, requested_by: User, today: date, filters: WorklistFilters, page: int = 1, page_size: int = PAGE_SIZE
) -> Worklist:
    """The co-ordinator's view of the whole area's work, across agencies."""
    area_id = _coordinated_area(requested_by)
    if area_id is None:
        raise Http404
    scope = WorklistScope(
        today=today, due_by=today + timedelta(days=filters.within), area_id=area_id, agency_id=filters.agency_id
    )
    return _build(scope, filters, viewer=requested_by, page=page, page_size=page_size)


def area_agencies(*, requested_by: User) -> QuerySet[Agency]:
    area_id = _coordinated_area(requested_by)
    if area_id is None:
        return Agency.objects.none()
    return Agency.objects.filter(area_id=area_id).order_by("name")
