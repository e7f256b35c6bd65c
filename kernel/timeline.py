"""The person's timeline: events from every app, in date order.

A small registry, like kernel/worklist_sources.py: each app that records dated events about a
person registers one source here (from its AppConfig.ready()), which returns
TimelineEvents for one person. The page and the API only read the person through the
selector, which checks the caller may see them; sources receive that person and the
caller, so a source with a finer rule (restricted sections) can leave events out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class TimelineEvent:
    kind: str  # a stable slug, e.g. "level-change", "custody", "transfer"
    occurred_on: date
    title: str  # what happened, in a few words
    detail: str = ""
    url: str = ""  # where the event is recorded, if it has a page


# (the person, the user asking) -> the source's events about the person
TimelineSource = Callable[[Any, Any], Iterable[TimelineEvent]]
TIMELINE_SOURCES: dict[str, TimelineSource] = {}


def register_timeline_source(name: str) -> Callable[[TimelineSource], TimelineSource]:
    def decorate(source: TimelineSource) -> TimelineSource:
        TIMELINE_SOURCES[name] = source
        return source

    return decorate


def timeline_for(nominal: Any, requested_by: Any) -> list[TimelineEvent]:
    """Every event about the person, oldest first (stable within a day by source order)."""
    events = [event for source in TIMELINE_SOURCES.values() for event in source(nominal, requested_by)]
    return sorted(events, key=lambda event: event.occurred_on)
