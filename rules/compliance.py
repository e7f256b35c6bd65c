"""Notification compliance clocks for registered sex offenders (SOA 2003 s83-s85).

The Act counts in periods "of 3 days beginning with" an event, so the event
day is day 1 and the clock's due_on (the last day on time) is two days after
it. Time the person is remanded or committed to custody, serving a sentence,
detained in hospital or outside the United Kingdom is not counted (s83(6),
applied to changes by s84(5)); such time is given as ``Absence`` periods.
Periodic re-notification is due "within the applicable period after" the last
notification, one year or, with no fixed abode, 7 days (s85), and is
extended to 3 days after release or return if it would end during an absence
(s85(3)-(4)). While the person is still away (``StillAway``) a period that would
end during that absence has no date yet: it runs from a release or return that has
not happened.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from rules.citations import NOTIFICATION_REGULATIONS_2012, SEED_003, SOA_2003, act, seed
from rules.clocks import DEFAULT_DUE_SOON_DAYS, Clock, make_clock
from rules.dates import add_months, add_years
from rules.errors import RuleInputError
from rules.rule import Rule

_SEED = seed(SEED_003, "Sexual Offender Notification")

INITIAL_NOTIFICATION: Final = Rule(
    "soa83.initial_notification",
    "Initial notification",
    "Notify the police within 3 days beginning with the date of conviction, caution or "
    "finding; time in custody, in hospital or outside the UK is not counted, so the 3 "
    "days then run from release or return.",
    f"{act(SOA_2003, 's83(1), s83(6)')}; {_SEED}",
)
CHANGE_NOTIFICATION: Final = Rule(
    "soa84.change_notification",
    "Notification of a change",
    "Notify a new name, a change of home address, or release from custody within 3 days beginning with the change.",
    f"{act(SOA_2003, 's84(1)(a), (b), (d) and s84(5)')}; {_SEED}",
)
QUALIFYING_STAY: Final = Rule(
    "soa84.qualifying_stay",
    "Notification of a 7-day stay",
    "Notify any address not already notified at which the person has stayed for 7 "
    "days, in one period or in total within 12 months, within 3 days beginning with "
    "the 7th day.",
    f"{act(SOA_2003, 's84(1)(c), s84(6)')}; {_SEED}",
)
ANNUAL_NOTIFICATION: Final = Rule(
    "soa85.annual_notification",
    "Annual re-notification",
    "Re-notify within one year after the last notification (initial, change or periodic).",
    f"{act(SOA_2003, 's85(1), s85(3)-(5)')}; {_SEED}",
)
WEEKLY_NOTIFICATION: Final = Rule(
    "soa85.weekly_notification",
    "Weekly re-notification (no fixed abode)",
    "A person whose notified home is a place where they can regularly be found rather "
    "than a sole or main residence re-notifies within 7 days after the last "
    "notification.",
    f"{act(SOA_2003, 's85(5)(a), s85(6)')}; {NOTIFICATION_REGULATIONS_2012}",
)

RULES: Final[tuple[Rule, ...]] = (
    INITIAL_NOTIFICATION,
    CHANGE_NOTIFICATION,
    QUALIFYING_STAY,
    ANNUAL_NOTIFICATION,
    WEEKLY_NOTIFICATION,
)

NOTIFICATION_DAYS: Final = 3
QUALIFYING_STAY_DAYS: Final = 7


class ChangeKind(StrEnum):
    NAME = "name"
    HOME_ADDRESS = "home_address"
    RELEASE = "release"


@dataclass(frozen=True)
class Absence:
    """Time that is not counted: detained (remand, sentence, hospital) or abroad.

    ``start`` is the first day away; ``end`` is the day of release or return,
    which counts again (the Act's 3 days run from release).
    """

    start: date
    end: date


@dataclass(frozen=True)
class StillAway:
    """Detained or outside the UK now, with no release or return yet.

    ``since`` is the first day away, or None when the record does not say (a
    hospital detention recorded only as the person's status, say).
    """

    since: date | None = None

    def covers(self, day: date) -> bool:
        """Whether ``day`` falls in this absence: a period ending then is extended."""
        return self.since is None or self.since <= day


def _unless_still_away(due_on: date, still_away: StillAway | None) -> date | None:
    """No date yet when the period ends while the person is still away: the 3 days will
    begin with a release or return still to come (s83(6), s84(5), s85(3))."""
    if still_away is not None and still_away.covers(due_on):
        return None
    return due_on


def _checked(absences: Iterable[Absence]) -> tuple[Absence, ...]:
    result = tuple(absences)
    for absence in result:
        if absence.end < absence.start:
            raise RuleInputError("absences", "each absence must end on or after its start")
    return result


def _disregarded(day: date, absences: Sequence[Absence]) -> bool:
    return any(a.start <= day < a.end for a in absences)


def three_day_deadline(start: date, absences: Iterable[Absence] = ()) -> date:
    """Last day of 'the period of 3 days beginning with' start, skipping absences."""
    checked = _checked(absences)
    day = start
    counted = 0
    while True:
        if not _disregarded(day, checked):
            counted += 1
            if counted == NOTIFICATION_DAYS:
                return day
        day += timedelta(days=1)


def notification_due_on(
    start: date, absences: Iterable[Absence] = (), still_away: StillAway | None = None
) -> date | None:
    """Last day of the 3 days beginning with start, time away disregarded (s83(6)
    and s84(5)); None while the person is still away before the 3 days are out."""
    return _unless_still_away(three_day_deadline(start, absences), still_away)


def initial_notification_clock(
    *,
    relevant_date: date,
    today: date,
    absences: Iterable[Absence] = (),
    still_away: StillAway | None = None,
    notified_on: date | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Clock:
    """Initial notification (s83(1)): 3 days beginning with the relevant date.

    Someone sent to prison on the relevant date is given as
    ``absences=[Absence(relevant_date, release_date)]``; the 3 days then begin
    with the release date.
    """
    due_on = notification_due_on(relevant_date, absences, still_away)
    return make_clock(
        INITIAL_NOTIFICATION,
        due_on,
        today,
        met_on=notified_on,
        due_soon_days=due_soon_days,
    )


def change_notification_clock(
    *,
    changed_on: date,
    today: date,
    change: ChangeKind | str = ChangeKind.HOME_ADDRESS,
    absences: Iterable[Absence] = (),
    still_away: StillAway | None = None,
    notified_on: date | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Clock:
    """A new name, a change of home address, or release (s84(1)): 3 days from it."""
    try:
        kind = ChangeKind(change)
    except ValueError:
        allowed = ", ".join(k.value for k in ChangeKind)
        raise RuleInputError("change", f"change must be one of: {allowed}") from None
    due_on = notification_due_on(changed_on, absences, still_away)
    return make_clock(
        CHANGE_NOTIFICATION,
        due_on,
        today,
        met_on=notified_on,
        due_soon_days=due_soon_days,
        detail=f"change: {kind.value}",
    )


def qualifying_period_reached_on(stay_days: Iterable[date]) -> date | None:
    """The day on which stays at one address first make a qualifying period.

    stay_days are the days on which the person resided or stayed at the
    address. The qualifying period is reached on the first day by which 7
    such days fall within one period of 12 months (which includes 7 days in a
    row). None if that has not happened.
    """
    days = sorted(set(stay_days))
    for i in range(QUALIFYING_STAY_DAYS - 1, len(days)):
        window_start = days[i - (QUALIFYING_STAY_DAYS - 1)]
        if days[i] < add_months(window_start, 12):
            return days[i]
    return None


def stay_days(periods: Iterable[tuple[date, date]]) -> list[date]:
    """The days of stays given as (first day, last day) periods, as qualifying_period_reached_on
    reads them. Only the first 7 days of each period can make the qualifying period first
    (a period of 7 days makes it on its 7th day), so no more are listed: a stay recorded
    as open for years stays a short list."""
    days: set[date] = set()
    for first, last in periods:
        if last < first:
            raise RuleInputError("periods", "each stay must end on or after its first day")
        length = min((last - first).days + 1, QUALIFYING_STAY_DAYS)
        days.update(first + timedelta(days=n) for n in range(length))
    return sorted(days)


def qualifying_stay_clock(
    *,
    stay_days: Iterable[date],
    today: date,
    absences: Iterable[Absence] = (),
    still_away: StillAway | None = None,
    notified_on: date | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Clock:
    """An address stayed at for a qualifying period (s84(1)(c), s84(6)).

    The clock has no due date (NOT_DUE) until the qualifying period is reached.
    """
    reached_on = qualifying_period_reached_on(stay_days)
    due_on = None if reached_on is None else notification_due_on(reached_on, absences, still_away)
    detail = "" if reached_on is None else f"qualifying period reached on {reached_on}"
    return make_clock(
        QUALIFYING_STAY,
        due_on,
        today,
        met_on=notified_on,
        due_soon_days=due_soon_days,
        detail=detail,
    )


def periodic_notification_due_on(
    *,
    last_notified_on: date,
    no_fixed_abode: bool = False,
    absences: Iterable[Absence] = (),
) -> date:
    """Last day for the next periodic notification (s85).

    last_notified_on is the latest notification of any kind (initial, change
    or periodic), since each one restarts the period. One year after it, or 7
    days with no fixed abode; if that day falls while the person is detained
    or abroad, the period runs on to the end of 3 days beginning with release
    or return (s85(3)).
    """
    checked = _checked(absences)
    due_on = last_notified_on + timedelta(days=7) if no_fixed_abode else add_years(last_notified_on, 1)
    for absence in checked:
        if absence.start <= due_on < absence.end:
            return three_day_deadline(absence.end, checked)
    return due_on


def periodic_notification_clock(
    *,
    last_notified_on: date,
    today: date,
    no_fixed_abode: bool = False,
    absences: Iterable[Absence] = (),
    still_away: StillAway | None = None,
    notified_on: date | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Clock:
    """Annual re-notification, or weekly for someone with no fixed abode.

    ``absences`` are past spells away (custody, hospital, abroad) and ``still_away``
    the one going on now: a period ending in it has no date until the release."""
    rule = WEEKLY_NOTIFICATION if no_fixed_abode else ANNUAL_NOTIFICATION
    due_on = _unless_still_away(
        periodic_notification_due_on(
            last_notified_on=last_notified_on,
            no_fixed_abode=no_fixed_abode,
            absences=absences,
        ),
        still_away,
    )
    return make_clock(rule, due_on, today, met_on=notified_on, due_soon_days=due_soon_days)
