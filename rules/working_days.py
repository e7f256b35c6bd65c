"""Working days and the deadlines counted in them.

A working day is Monday to Friday except England and Wales bank holidays
(England and Wales share one list under the Banking and Financial Dealings Act
1971, so the ``holidays`` package's "ENG" subdivision serves both). Any
function that counts working days takes an optional ``calendar`` so that
extra closure days (or a bank holiday announced after the package was
released) can be added without changing the code.

"Within N working days of X" is read as: the Nth working day after X, X itself
not counted; the result is always a working day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Final

import holidays

from rules.citations import (
    BANKING_AND_FINANCIAL_DEALINGS_ACT_1971,
    SEED_001,
    SEED_003,
    seed,
)
from rules.errors import RuleInputError
from rules.levels import check_level
from rules.rule import Rule


@lru_cache(maxsize=256)
def _bank_holidays_in(year: int) -> frozenset[date]:
    # One immutable set per year: safe to share between threads, unlike the
    # package's lazily-filled dictionary.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


class HolidayCalendar:
    """England and Wales bank holidays, plus any extra non-working dates given."""

    def __init__(self, extra_holidays: Iterable[date] = ()) -> None:
        self.extra_holidays: frozenset[date] = frozenset(extra_holidays)

    def is_holiday(self, day: date) -> bool:
        return day in self.extra_holidays or day in _bank_holidays_in(day.year)

    def with_extra_holidays(self, days: Iterable[date]) -> HolidayCalendar:
        """A new calendar with further non-working dates added."""
        return HolidayCalendar(self.extra_holidays | frozenset(days))


ENGLAND_AND_WALES: Final = HolidayCalendar()

WORKING_DAY_RULE: Final = Rule(
    "working_days.definition",
    "Working day",
    "A working day is Monday to Friday, except England and Wales bank holidays.",
    f"{BANKING_AND_FINANCIAL_DEALINGS_ACT_1971} s1 and Sch 1",
)
MINUTES_LEVEL_2: Final = Rule(
    "meetings.minutes_level_2",
    "Level 2 minutes",
    "Minutes of a level 2 MAPP meeting are produced within 10 working days.",
    seed(SEED_003, "MAPP Meeting Minutes"),
)
MINUTES_LEVEL_3: Final = Rule(
    "meetings.minutes_level_3",
    "Level 3 minutes",
    "Minutes of a level 3 MAPP meeting are produced within 5 working days.",
    seed(SEED_003, "MAPP Meeting Minutes"),
)
ACTIONS_LIST: Final = Rule(
    "meetings.actions_within_24_hours",
    "Agreed actions circulated",
    "The chair sends all attendees the list of agreed actions within 24 hours of a level 2 or level 3 meeting.",
    f"{SEED_001}, SMB 12-point action plan",
)
INFORMATION_REQUEST: Final = Rule(
    "meetings.information_request",
    "Agency records search",
    "An agency asked to search its records before a MAPP meeting responds within 7 days of the request.",
    seed(SEED_003, "Pre-meeting Preparation"),
)
PROBATION_FLAG: Final = Rule(
    "identification.probation_flag",
    "MAPPA flag set by probation",
    "Probation activates the MAPPA flag on its case management system within 3 working days of sentence.",
    seed(SEED_003, "Category 2 Offenders: Violent and Other Sexual Offenders"),
)
FIRST_HOME_VISIT: Final = Rule(
    "visits.probation_first_home_visit",
    "First probation home visit",
    "Probation makes a home visit within 10 working days of the start of supervision.",
    seed(SEED_003, "MAPPA Case Management Best Practice"),
)
TRANSFER_RECORDS: Final = Rule(
    "transfers.records_sent",
    "Transfer records sent",
    "All appropriate records are sent to the receiving area within 5 working days of the transfer being approved.",
    seed(SEED_003, "Cross Border Transfers", "General Principles"),
)

RULES: Final[tuple[Rule, ...]] = (
    WORKING_DAY_RULE,
    MINUTES_LEVEL_2,
    MINUTES_LEVEL_3,
    ACTIONS_LIST,
    INFORMATION_REQUEST,
    PROBATION_FLAG,
    FIRST_HOME_VISIT,
    TRANSFER_RECORDS,
)

_MINUTES_BY_LEVEL: Final = {2: (MINUTES_LEVEL_2, 10), 3: (MINUTES_LEVEL_3, 5)}


def is_working_day(day: date, *, calendar: HolidayCalendar | None = None) -> bool:
    """True on Monday to Friday unless it is a bank holiday (or an extra holiday)."""
    cal = calendar or ENGLAND_AND_WALES
    return day.weekday() < 5 and not cal.is_holiday(day)


def add_working_days(start: date, n: int, *, calendar: HolidayCalendar | None = None) -> date:
    """The nth working day after start (start not counted).

    With n == 0 the result is start itself if it is a working day, otherwise
    the next working day, so the result is always a working day.
    """
    if n < 0:
        raise RuleInputError("n", "n must not be negative")
    day = start
    while not is_working_day(day, calendar=calendar):
        day += timedelta(days=1)
    if n == 0:
        return day
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day, calendar=calendar):
            counted += 1
    return day


def minutes_rule(level: int) -> Rule:
    """The minutes rule for a meeting level (2 or 3)."""
    check_level(level)
    if level not in _MINUTES_BY_LEVEL:
        raise RuleInputError("level", "minutes deadlines apply to level 2 and 3 meetings only")
    return _MINUTES_BY_LEVEL[level][0]


def minutes_due_on(*, level: int, held_on: date, calendar: HolidayCalendar | None = None) -> date:
    """Last day for the minutes: level 2 within 10, level 3 within 5 working days."""
    minutes_rule(level)
    return add_working_days(held_on, _MINUTES_BY_LEVEL[level][1], calendar=calendar)


def actions_due_by(*, ended_at: datetime) -> datetime:
    """24 hours after the meeting ends.

    For a time-zone-aware datetime the 24 hours are elapsed hours, so the
    answer is right across a clock change; the result keeps ended_at's zone.
    """
    if ended_at.tzinfo is None:
        return ended_at + timedelta(hours=24)
    return (ended_at.astimezone(UTC) + timedelta(hours=24)).astimezone(ended_at.tzinfo)


def information_request_due_on(requested_on: date) -> date:
    """The agency's records search is due 7 calendar days after the request."""
    return requested_on + timedelta(days=7)


def probation_flag_due_on(sentenced_on: date, *, calendar: HolidayCalendar | None = None) -> date:
    """Probation's MAPPA flag is due within 3 working days of sentence."""
    return add_working_days(sentenced_on, 3, calendar=calendar)


def first_home_visit_due_on(supervision_started_on: date, *, calendar: HolidayCalendar | None = None) -> date:
    """Probation's first home visit: within 10 working days of supervision starting."""
    return add_working_days(supervision_started_on, 10, calendar=calendar)


def transfer_records_due_on(transfer_on: date, *, calendar: HolidayCalendar | None = None) -> date:
    """Records go to the receiving area within 5 working days.

    transfer_on is the day the transfer was approved, from which the seed
    counts.
    """
    return add_working_days(transfer_on, 5, calendar=calendar)
