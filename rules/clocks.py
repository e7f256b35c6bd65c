"""Clocks: a due date plus where things stand against it today.

Every clock the product shows (the person's pages, worklists, stored due dates, the API,
the SMB's timeliness report) is a ``Clock`` built here, and its state is decided here,
once, by the table ``STATE_TABLE``: so a date and its state mean the same thing
everywhere. ``due_on`` is the last day on which the thing is still on time.

Six states:

* not yet due, due (within the due-soon window), overdue: the clock is still running;
* met on time, met late (with the days late), ended: the clock has stopped and nothing
  is due any more. A late event stops the clock but is never shown as on time: the SMB
  monitors timeliness against the law's and the guidance's deadlines (seed 003), so
  lateness is a state of its own, not a footnote.

"Ended" is for a clock that stopped without its event: what it ran towards can no longer
happen or is no longer owed (a pre-release meeting once the person is released, a
notification duty once the person is no longer subject to it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from rules.citations import SEED_001, SEED_003, seed
from rules.errors import RuleInputError
from rules.rule import Rule

# Two weeks gives a caseworker a working week's notice even for clocks that
# fall just after a bank-holiday weekend.
DEFAULT_DUE_SOON_DAYS = 14


class ClockStatus(StrEnum):
    NOT_DUE = "not_due"  # not yet due
    DUE = "due"
    OVERDUE = "overdue"
    MET = "met"  # met on time
    MET_LATE = "met_late"
    ENDED = "ended"


# The states in which something is still owed: the only ones a worklist or a stored due
# date may show. A met (on time or late) or ended clock is never due.
RUNNING: Final = frozenset({ClockStatus.NOT_DUE, ClockStatus.DUE, ClockStatus.OVERDUE})
STOPPED: Final = frozenset({ClockStatus.MET, ClockStatus.MET_LATE, ClockStatus.ENDED})


# How each state reads (the met-late words name the days: Clock.status_text).
STATUS_WORDS: Final[dict[ClockStatus, str]] = {
    ClockStatus.NOT_DUE: "Not yet due",
    ClockStatus.DUE: "Due",
    ClockStatus.OVERDUE: "Overdue",
    ClockStatus.MET: "Met",
    ClockStatus.MET_LATE: "Met late",
    ClockStatus.ENDED: "Ended",
}


@dataclass(frozen=True)
class ClockFacts:
    """What the state of a clock is decided from."""

    due_on: date | None
    today: date
    met_on: date | None = None
    ended_on: date | None = None
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS


@dataclass(frozen=True)
class StateRow:
    """One row of the state table: the first row whose test holds gives the state."""

    status: ClockStatus
    when: str
    holds: Callable[[ClockFacts], bool]
    rule: Rule


# Compliance with the deadlines is "monitored and reported to the SMB on a quarterly basis"
# (seed 003), and the SMB publishes its performance each year (seed 001).
_TIMELINESS = SEED_001, seed(SEED_003, "Frequency of MAPP Meetings")

CLOCK_MET_ON_TIME: Final = Rule(
    "clock.met_on_time",
    "Met on time",
    "A clock whose event happened on or before its due date (the last day on time) is met on time.",
    _TIMELINESS[1],
)
CLOCK_MET_LATE: Final = Rule(
    "clock.met_late",
    "Met late",
    "A clock whose event happened after its due date is met late, by the number of days "
    "after the due date; it stops the clock but is reported as late, never as on time.",
    f"{_TIMELINESS[0]}; {_TIMELINESS[1]}",
)
CLOCK_ENDED: Final = Rule(
    "clock.ended",
    "Ended",
    "A clock ends without being met when what it runs towards can no longer happen or is no "
    "longer owed (for example a pre-release meeting once the person is released); nothing is "
    "then due.",
    seed(SEED_003, "Custody Issues", "Sexual Offender Notification"),
)
CLOCK_OVERDUE: Final = Rule(
    "clock.overdue",
    "Overdue",
    "A running clock is overdue from the day after its due date.",
    _TIMELINESS[1],
)
CLOCK_DUE: Final = Rule(
    "clock.due",
    "Due",
    f"A running clock is due from {DEFAULT_DUE_SOON_DAYS} days before its due date up to and including that date.",
    _TIMELINESS[1],
)
CLOCK_NOT_YET_DUE: Final = Rule(
    "clock.not_yet_due",
    "Not yet due",
    "A running clock is not yet due before its due-soon window, or while no due date can be computed.",
    _TIMELINESS[1],
)

RULES: Final[tuple[Rule, ...]] = (
    CLOCK_MET_ON_TIME,
    CLOCK_MET_LATE,
    CLOCK_ENDED,
    CLOCK_OVERDUE,
    CLOCK_DUE,
    CLOCK_NOT_YET_DUE,
)


def _met(f: ClockFacts) -> bool:
    return f.met_on is not None


def _late(f: ClockFacts) -> bool:
    return f.met_on is not None and f.due_on is not None and f.met_on > f.due_on


def _ended(f: ClockFacts) -> bool:
    return f.met_on is None and f.ended_on is not None and f.ended_on <= f.today


def _overdue(f: ClockFacts) -> bool:
    return f.due_on is not None and f.today > f.due_on


def _due(f: ClockFacts) -> bool:
    return f.due_on is not None and (f.due_on - f.today).days <= f.due_soon_days


# In order: the event decides first (a met clock stays met, late or not, whatever ends it
# afterwards), then an end without the event, then the dates of a clock still running.
STATE_TABLE: Final[tuple[StateRow, ...]] = (
    StateRow(ClockStatus.MET_LATE, "the event happened after the due date", _late, CLOCK_MET_LATE),
    StateRow(ClockStatus.MET, "the event happened on or before the due date", _met, CLOCK_MET_ON_TIME),
    StateRow(ClockStatus.ENDED, "it ended, on or before today, without the event", _ended, CLOCK_ENDED),
    StateRow(ClockStatus.OVERDUE, "today is after the due date", _overdue, CLOCK_OVERDUE),
    StateRow(ClockStatus.DUE, "the due date is within the due-soon window", _due, CLOCK_DUE),
    StateRow(ClockStatus.NOT_DUE, "otherwise (or no due date yet)", lambda f: True, CLOCK_NOT_YET_DUE),
)


@dataclass(frozen=True)
class Clock:
    """A named deadline and its state on a given day.

    ``due_on`` is None when no date can be computed (for example an indefinite
    notification period, or an exit that only a meeting can decide). ``met_on`` is the day
    the event happened; ``ended_on`` the day the clock ended without it.
    """

    key: str
    label: str
    due_on: date | None
    status: ClockStatus
    citation: str
    detail: str = ""
    met_on: date | None = None
    ended_on: date | None = None

    @property
    def days_late(self) -> int | None:
        """Days after the due date the event happened (met late only)."""
        if self.status != ClockStatus.MET_LATE or self.due_on is None or self.met_on is None:
            return None
        return (self.met_on - self.due_on).days

    @property
    def status_text(self) -> str:
        """The state in words, as its tag reads: 'Met 2 days late' names the lateness."""
        days_late = self.days_late
        if days_late is not None:
            return f"Met {days_late} day{'' if days_late == 1 else 's'} late"
        return STATUS_WORDS[self.status]

    @property
    def is_running(self) -> bool:
        """Something is still owed: not yet due, due or overdue."""
        return self.status in RUNNING

    @property
    def is_open(self) -> bool:
        """Running with a date: what a worklist and the stored due dates carry."""
        return self.is_running and self.due_on is not None


def clock_status(
    due_on: date | None,
    today: date,
    *,
    met_on: date | None = None,
    ended_on: date | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> ClockStatus:
    """Where a deadline stands on ``today``: the first row of ``STATE_TABLE`` that holds."""
    return state_row(
        ClockFacts(due_on=due_on, today=today, met_on=met_on, ended_on=ended_on, due_soon_days=due_soon_days)
    ).status


def state_row(facts: ClockFacts) -> StateRow:
    """The row of the state table that decides these facts."""
    if facts.due_soon_days < 0:
        raise RuleInputError("due_soon_days", "due_soon_days must not be negative")
    if facts.met_on is not None and facts.met_on > facts.today:
        raise RuleInputError("met_on", "met_on must be on or before today")
    return next(row for row in STATE_TABLE if row.holds(facts))


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
    ended_on: date | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    detail: str = "",
) -> Clock:
    """Build the Clock for a rule, its state from the state table, lateness in the detail too."""
    status = clock_status(due_on, today, met_on=met_on, ended_on=ended_on, due_soon_days=due_soon_days)
    parts = [p for p in (detail, lateness_detail(due_on, met_on)) if p]
    return Clock(
        key=rule.key,
        label=rule.label,
        due_on=due_on,
        status=status,
        citation=rule.citation,
        detail="; ".join(parts),
        met_on=met_on,
        ended_on=ended_on if status == ClockStatus.ENDED else None,
    )


def restated(clock: Clock, today: date, *, met_on: date | None = None, ended_on: date | None = None) -> Clock:
    """The clock with its event or end now known, its state decided again by the table."""
    met = met_on if met_on is not None else clock.met_on
    ended = ended_on if ended_on is not None else clock.ended_on
    status = clock_status(clock.due_on, today, met_on=met, ended_on=ended)
    return Clock(
        key=clock.key,
        label=clock.label,
        due_on=clock.due_on,
        status=status,
        citation=clock.citation,
        detail=clock.detail,
        met_on=met,
        ended_on=ended if status == ClockStatus.ENDED else None,
    )
