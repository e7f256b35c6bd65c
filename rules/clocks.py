"""Clocks: a due date plus where things stand against it today.

Every clock the product shows (worklists, case pages, the SMB's timeliness
report) is a ``Clock`` built here, so a date means the same thing everywhere:
``due_on`` is the last day on which the thing is still on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rules.errors import RuleInputError
from rules.rule import Rule

# Two weeks gives a caseworker a working week's notice even for clocks that
# fall just after a bank-holiday weekend.
DEFAULT_DUE_SOON_DAYS = 14


class ClockStatus(StrEnum):
    NOT_DUE = "not_due"
    DUE = "due"
    OVERDUE = "overdue"
    MET = "met"


@dataclass(frozen=True)
class Clock:
    """A named deadline and its status on a given day.

    ``due_on`` is None when no date can be computed (for example an indefinite
    notification period, or an exit that only a meeting can decide).
    """

    key: str
    label: str
    due_on: date | None
    status: ClockStatus
    citation: str
    detail: str = ""


def clock_status(
    due_on: date | None,
    today: date,
    *,
    met_on: date | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> ClockStatus:
    """Where a deadline stands on ``today``.

    * MET whenever the event has happened (``met_on`` given), even if late:
      a late event still stops the clock; lateness is reported in the clock's
      detail by ``make_clock`` rather than by a separate status.
    * OVERDUE if today is after due_on.
    * DUE if due_on is within ``due_soon_days`` of today (including today).
    * NOT_DUE otherwise, and whenever there is no due date.
    """
    if due_soon_days < 0:
        raise RuleInputError("due_soon_days", "due_soon_days must not be negative")
    if met_on is not None:
        if met_on > today:
            raise RuleInputError("met_on", "met_on must be on or before today")
        return ClockStatus.MET
    if due_on is None:
        return ClockStatus.NOT_DUE
    if today > due_on:
        return ClockStatus.OVERDUE
    if (due_on - today).days <= due_soon_days:
        return ClockStatus.DUE
    return ClockStatus.NOT_DUE


def lateness_detail(due_on: date | None, met_on: date | None) -> str:
    """'met N days late' when an event happened after its due date, else ''."""
    if due_on is None or met_on is None or met_on <= due_on:
        return ""
    days = (met_on - due_on).days
    return f"met {days} day{'s' if days != 1 else ''} late"


def make_clock(
    rule: Rule,
    due_on: date | None,
    today: date,
    *,
    met_on: date | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    detail: str = "",
) -> Clock:
    """Build the Clock for a rule, recording lateness in the detail."""
    status = clock_status(due_on, today, met_on=met_on, due_soon_days=due_soon_days)
    parts = [p for p in (detail, lateness_detail(due_on, met_on)) if p]
    return Clock(
        key=rule.key,
        label=rule.label,
        due_on=due_on,
        status=status,
        citation=rule.citation,
        detail="; ".join(parts),
    )
