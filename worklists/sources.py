"""What is due, from every clock: the contract between the apps that own clocks and the worklists.

Each app that owns something with a due date (reviews, meetings, minutes, actions, visits,
notifications, disclosures, transfers, ...) registers one source here from its own
`worklist.py`, imported by its AppConfig.ready(). A source answers, for one scope, the items
due by a date, as plain WorkItems. Sources do the scoping themselves with querysets (so a
worklist for one user over 100,000 people stays one indexed query per source), and they get
their due dates from `rules/` or from dates already stored, never from date arithmetic of
their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class WorklistScope:
    """Whose work: one user's (`user` set), or a whole area's (`area_id` set, co-ordinator view).

    `due_by` is the horizon: items due on or before it (overdue ones included). `today`
    decides overdue versus due soon.
    """

    today: date
    due_by: date
    user: Any = None
    area_id: int | None = None


@dataclass(frozen=True)
class WorkItem:
    kind: str  # a stable slug, e.g. "plan-action", "home-visit", "minutes"
    label: str  # what is due, in words a practitioner uses
    due_on: date
    url: str  # the page where the work is done
    area_id: int
    nominal_id: int | None = None
    person_name: str = ""  # shown only to those who may see the person (sources are scoped)
    owner_agency_id: int | None = None
    owner_user_id: int | None = None

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


Source = Callable[[WorklistScope], Iterable[WorkItem]]
SOURCES: dict[str, Source] = {}
# What each kind is called in the worklist's filter and counts ("Registration reviews").
KIND_TITLES: dict[str, str] = {}


def register_source(kind: str, title: str = "") -> Callable[[Source], Source]:
    """Decorator for a source; `kind` names it in the worklist's filter (as `title`, when
    given, else the kind in words)."""

    def decorate(source: Source) -> Source:
        SOURCES[kind] = source
        KIND_TITLES[kind] = title or kind.replace("-", " ").capitalize()
        return source

    return decorate


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind) or kind.replace("-", " ").capitalize()


def work_items(scope: WorklistScope) -> list[WorkItem]:
    items = [item for source in SOURCES.values() for item in source(scope)]
    return sorted(items, key=lambda item: (item.due_on, item.kind, item.label))
