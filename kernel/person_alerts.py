"""What a practitioner needs to see first about a person: the alerts at the top of their
summary. Urgent or overdue reviews, overdue clocks, breaches and the orders in force.

A small registry, like kernel/timeline.py: each app that knows something alarming about a
person registers a source here from its AppConfig.ready(); the summary (in the register,
below those apps) asks `alerts_for`. The person's overdue clocks come from
kernel.person_clocks, which the clocks app installs. A source receives the person and the
user asking and leaves out what that user may not see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .person_clocks import clocks_of

URGENT = "urgent"  # act now: red
WARNING = "warning"  # needs attention: orange
NOTICE = "notice"  # keep in mind (an order in force): blue
_ORDER = {URGENT: 0, WARNING: 1, NOTICE: 2}
OVERDUE = "overdue"  # the clock status (rules.clocks) that makes a clock an alert


@dataclass(frozen=True)
class PersonAlert:
    kind: str  # a stable slug: "urgent-review", "clock-overdue", "breach", "order"...
    severity: str  # URGENT, WARNING or NOTICE
    title: str
    detail: str = ""
    url: str = ""
    since: date | None = None  # when the alert began (due date, breach date, order made)


# (the person, the user asking) -> the source's alerts about the person
AlertSource = Callable[[Any, Any], Iterable[PersonAlert]]
ALERT_SOURCES: dict[str, AlertSource] = {}


def register_alert_source(name: str) -> Callable[[AlertSource], AlertSource]:
    def decorate(source: AlertSource) -> AlertSource:
        ALERT_SOURCES[name] = source
        return source

    return decorate


def overdue_clocks(nominal: Any, requested_by: Any) -> list[PersonAlert]:
    """The person's clocks past their due date, not yet met."""
    return [
        PersonAlert(
            "clock-overdue",
            URGENT,
            f"Overdue: {clock.label}",
            f"Due by {clock.due_on:%d %B %Y}. {clock.detail}".strip() if clock.due_on else clock.detail,
            since=clock.due_on,
        )
        for clock in clocks_of(requested_by, nominal)
        if str(clock.status) == OVERDUE
    ]


def alerts_for(nominal: Any, requested_by: Any) -> list[PersonAlert]:
    """Every alert about the person the user may see: the most severe first, then the
    oldest first within a severity (what has waited longest)."""
    alerts = overdue_clocks(nominal, requested_by)
    alerts += [alert for source in ALERT_SOURCES.values() for alert in source(nominal, requested_by)]
    return sorted(alerts, key=lambda a: (_ORDER.get(a.severity, 9), a.since or date.max, a.title))
