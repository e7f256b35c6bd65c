"""What is due, from every clock: the contract between the apps that own clocks and the worklists.

Each app that owns something with a due date (reviews, meetings, minutes, actions, visits,
notifications, disclosures, transfers, ...) registers one source here from its own
`worklist.py`, imported by its AppConfig.ready(). A source answers, for one scope, the items
due by a date, as plain WorkItems. Sources do the scoping themselves with querysets (so a
worklist for one user over 100,000 people stays one indexed query per source), and they get
their due dates from `rules/` or from dates already stored, never from date arithmetic of
their own.

A worklist page shows counts per kind and one page of items. Most sources have few items in
any scope, so `summarise` lists them all and counts in Python. A source that can hold tens
of thousands of items across an area (the stored notification clocks) also registers a
`summary`: it counts in SQL and returns only the first items in the order asked for, so the
co-ordinator's area view never builds every item. Both answers must agree; the tests check
that they do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from threading import RLock
from typing import Any, TypeVar, cast

from django.urls import reverse

T = TypeVar("T")


@dataclass(frozen=True)
class WorklistScope:
    """Whose work: one user's (`user` set), or a whole area's (`area_id` set, co-ordinator view).

    `due_by` is the horizon: items due on or before it (overdue ones included). `today`
    decides overdue versus due soon. A scope is one worklist read at one moment: what its
    sources share (`managed`, `shared`) is read once, so a later read needs a new scope.
    """

    today: date
    due_by: date
    user: Any = None
    area_id: int | None = None
    # The area view's filter: only work that falls to this agency (WorkItem.owner_agency_id).
    agency_id: int | None = None
    # What several sources read alike, read once per worklist (see `shared`).
    _shared: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _sharing: RLock = field(default_factory=RLock, init=False, repr=False, compare=False)

    def shared(self, key: str, read: Callable[[], T]) -> T:
        """`read()`, once per worklist for `key`: sources asked side by side wait for the
        first to read it rather than each reading it again."""
        with self._sharing:
            if key not in self._shared:
                self._shared[key] = read()
            return cast(T, self._shared[key])

    @cached_property
    def managed(self) -> dict[int, Managed]:
        """The user's own cases: the people whose active registration they manage, read
        once for the whole worklist (most sources start from them)."""
        if self.user is None or not getattr(self.user, "is_authenticated", False):
            return {}
        return _registrations["managed_by"](self.user.pk)

    @cached_property
    def area_level_2_3(self) -> dict[int, Managed]:
        """The area's people managed at level 2 or 3 now (the co-ordinator's view): under 2%
        of the area, and all that the custody and release sources are about."""
        if self.area_id is None:
            return {}
        return _registrations["area_level_2_3"](self.area_id)

    def warm(self) -> None:
        """Read what the sources share of the scope now, once, rather than in each source
        (and, when sources are asked side by side, in each thread)."""
        _ = self.managed if self.area_id is None else self.area_level_2_3


@dataclass(frozen=True)
class Managed:
    """What a worklist needs of one active registration (the user's own, or the area's)."""

    lead_agency_id: int
    level: int
    record_manager_id: int | None = None


# How a scope reads the registrations it starts from, by the user's or the area's id. The
# registrations belong to an app, which the kernel may not import: the worklists app
# installs these at start-up (WorklistsConfig.ready).
RegistrationReader = Callable[[int], dict[int, Managed]]
_registrations: dict[str, RegistrationReader] = {}


def install_registration_readers(*, managed_by: RegistrationReader, area_level_2_3: RegistrationReader) -> None:
    _registrations.update(managed_by=managed_by, area_level_2_3=area_level_2_3)


@dataclass(frozen=True)
class WorkItem:
    kind: str  # a stable slug, e.g. "plan-action", "home-visit", "minutes"
    label: str  # what is due, in words a practitioner uses
    due_on: date
    url: str  # the page where the work is done
    area_id: int
    nominal_id: int | None = None
    # The person the work is about, as the viewer may see them: the worklists name each
    # item for its viewer (access.policy.nominals_named_to), blank where they may not.
    person_name: str = ""
    person_reference: str = ""
    owner_agency_id: int | None = None
    owner_user_id: int | None = None

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


@dataclass(frozen=True)
class Wanted:
    """What a worklist page needs of one source: its first `limit` items with this status
    ("", "overdue" or "due_soon") in this order (a key of SORT_KEYS)."""

    status: str = ""
    sort: str = "due"
    limit: int = 0


@dataclass(frozen=True)
class Summary:
    """One source's answer for a page: its counts (whatever the status asked for) and its
    first items as wanted."""

    total: int
    overdue: int
    first: list[WorkItem]


Source = Callable[[WorklistScope], Iterable[WorkItem]]
Summariser = Callable[[WorklistScope, Wanted], Summary]
SOURCES: dict[str, Source] = {}
SUMMARISERS: dict[str, Summariser] = {}
# What each kind is called in the worklist's filter and counts ("Registration reviews").
KIND_TITLES: dict[str, str] = {}


def register_source(kind: str, title: str = "", *, summary: Summariser | None = None) -> Callable[[Source], Source]:
    """Decorator for a source; `kind` names it in the worklist's filter (as `title`, when
    given, else the kind in words). `summary`, for a source with many items, answers a page
    without listing them all."""

    def decorate(source: Source) -> Source:
        SOURCES[kind] = source
        KIND_TITLES[kind] = title or kind.replace("-", " ").capitalize()
        if summary is not None:
            SUMMARISERS[kind] = summary
        return source

    return decorate


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind) or kind.replace("-", " ").capitalize()


def _by_due(item: WorkItem) -> tuple[Any, ...]:
    return (item.due_on, item.kind, item.label)


def _by_kind(item: WorkItem) -> tuple[Any, ...]:
    return (kind_title(item.kind), item.due_on, item.label)


def _by_person(item: WorkItem) -> tuple[Any, ...]:
    return (item.person_name == "", item.person_name.lower(), item.due_on, item.kind)


# The orders a worklist can be sorted in; a summariser's SQL must order the same way.
SORT_KEYS: dict[str, Callable[[WorkItem], tuple[Any, ...]]] = {"due": _by_due, "kind": _by_kind, "person": _by_person}


def has_status(item: WorkItem, status: str, today: date) -> bool:
    if status == "overdue":
        return item.is_overdue(today)
    if status == "due_soon":
        return not item.is_overdue(today)
    return True


def summarise_listed(items: Iterable[WorkItem], scope: WorklistScope, wanted: Wanted) -> Summary:
    """A page's answer from a source's full list of items."""
    mine = [item for item in items if scope.agency_id is None or item.owner_agency_id == scope.agency_id]
    overdue = sum(1 for item in mine if item.is_overdue(scope.today))
    shown = sorted((item for item in mine if has_status(item, wanted.status, scope.today)), key=SORT_KEYS[wanted.sort])
    return Summary(total=len(mine), overdue=overdue, first=shown[: wanted.limit])


def combine(parts: Iterable[Summary], wanted: Wanted) -> Summary:
    """One answer from the answers of a source's parts (stored clocks and planned visits)."""
    answers = list(parts)
    first = sorted((item for part in answers for item in part.first), key=SORT_KEYS[wanted.sort])
    return Summary(
        total=sum(part.total for part in answers),
        overdue=sum(part.overdue for part in answers),
        first=first[: wanted.limit],
    )


def summarise(kind: str, scope: WorklistScope, wanted: Wanted) -> Summary:
    summariser = SUMMARISERS.get(kind)
    if summariser is not None:
        return summariser(scope, wanted)
    return summarise_listed(SOURCES[kind](scope), scope, wanted)


def work_items(scope: WorklistScope) -> list[WorkItem]:
    """Every item of every source (a reminder digest: one user's work, so never many)."""
    items = [item for source in SOURCES.values() for item in source(scope)]
    return sorted(items, key=_by_due)


def url_maker(name: str) -> Callable[[int], str]:
    """The page of each item for a URL name that takes one id, reversed once for a whole list."""
    sentinel = 987654321
    pattern = reverse(name, args=[sentinel])
    return lambda pk: pattern.replace(str(sentinel), str(pk), 1)
