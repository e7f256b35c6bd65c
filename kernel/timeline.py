"""The person's timeline: events from every app, newest first.

A small registry, like kernel/worklist_sources.py: each app that records dated events about a
person registers one source here (from its AppConfig.ready()), which returns
TimelineEvents for one person. The page and the API only read the person through the
selector, which checks the caller may see them; sources receive that person and the
caller, so a source with a finer rule (restricted sections, records with their own
visibility) leaves out what the caller may not see. A source may also name the person's
tab (`section`) its events belong to: its events are shown only to a user shown that tab.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .registries import person_tabs


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
# The source's name -> the person tab its events belong to, for sources that name one.
SOURCE_SECTIONS: dict[str, str] = {}


def register_timeline_source(name: str, *, section: str = "") -> Callable[[TimelineSource], TimelineSource]:
    def decorate(source: TimelineSource) -> TimelineSource:
        TIMELINE_SOURCES[name] = source
        if section:
            SOURCE_SECTIONS[name] = section
        return source

    return decorate


def timeline_for(nominal: Any, requested_by: Any) -> list[TimelineEvent]:
    """Every event about the person the user may see, newest first. Sources give their
    events oldest first, so within a day the order they were given in is reversed too."""
    shown_tabs = {tab["section"] for tab in person_tabs(requested_by, nominal, "")} if SOURCE_SECTIONS else set()
    events = [
        event
        for name, source in TIMELINE_SOURCES.items()
        if name not in SOURCE_SECTIONS or SOURCE_SECTIONS[name] in shown_tabs
        for event in source(nominal, requested_by)
    ]
    # A stable sort of the reversed list: newest day first, and the latest given first within it.
    return sorted(reversed(events), key=lambda event: event.occurred_on, reverse=True)
