"""What starts, meets and ends each clock: the events behind the six states.

rules/clocks.py decides a clock's state from its due date, the day its event happened
(met) and the day it ended without it. This module says, for every kind of clock, which
recorded event meets it and which ends it, so that every page, worklist and stored due
date reads one answer; and it holds the few windows those events are looked for in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from rules.citations import NOTIFICATION_REGULATIONS_2012, SEED_003, SOA_2003, act, seed
from rules.dates import add_months
from rules.rule import Rule

_FREQUENCY = seed(SEED_003, "Frequency of MAPP Meetings")
_CUSTODY = seed(SEED_003, "Custody Issues", "Confirming Release Dates")
_NOTIFICATION = seed(SEED_003, "Sexual Offender Notification")

# A level 2 case meets every 8 to 12 weeks (seed 003): a meeting in the 3 months before the
# pre-release date is the last review before it, so it is the pre-release meeting.
PRE_RELEASE_MEETING_LEAD_MONTHS: Final = 3

PRE_RELEASE_MEETING_WINDOW: Final = Rule(
    "custody.pre_release_meeting_window",
    "Pre-release meeting window",
    f"A MAPP meeting held from {PRE_RELEASE_MEETING_LEAD_MONTHS} months before the pre-release date "
    "(6 months before release) up to the release meets the pre-release meeting: on time up to "
    "that date, late after it. A release before any such meeting ends the clock unmet.",
    _FREQUENCY,
)
RELEASE_OPENS_NOTIFICATION: Final = Rule(
    "soa84.release_notification",
    "Notification of release",
    "A release from custody, imprisonment or detention in hospital recorded after the initial "
    "notification starts the 3 days to notify it (beginning with the day of release); before "
    "the initial notification is made, the release starts the initial notification's 3 days "
    "instead (s83(6)).",
    f"{act(SOA_2003, 's84(1)(d), s84(5), s83(6)')}; {_NOTIFICATION}",
)
STAYS_OPEN_NOTIFICATION: Final = Rule(
    "soa84.recorded_stays",
    "Stays that add up to 7 days",
    "Stays recorded at an address that is not the notified home, adding up to 7 days in one "
    "period or in total within any 12 months, start the 3 days to notify the address, "
    "beginning with the 7th day, whether or not the person notifies it.",
    f"{act(SOA_2003, 's84(1)(c), s84(6)')}; {NOTIFICATION_REGULATIONS_2012}; {_NOTIFICATION}",
)

RULES: Final[tuple[Rule, ...]] = (PRE_RELEASE_MEETING_WINDOW, RELEASE_OPENS_NOTIFICATION, STAYS_OPEN_NOTIFICATION)


@dataclass(frozen=True)
class ClockEvents:
    """For one kind of clock: what starts it, what meets it, and what ends it unmet."""

    key: str
    starts: str
    met_by: str
    ended_by: str
    citation: str


# Every kind of clock the product runs, by rule key.
CLOCK_EVENTS: Final[tuple[ClockEvents, ...]] = (
    ClockEvents(
        "soa83.initial_notification",
        "the relevant date (conviction, caution, finding), or release when detained then",
        "the initial notification",
        "the end of the notification period",
        act(SOA_2003, "s83(1), s83(6)"),
    ),
    ClockEvents(
        "soa84.change_notification",
        "a change of name or home address",
        "the change notification",
        "the end of the notification period",
        act(SOA_2003, "s84(1)(a)-(b)"),
    ),
    ClockEvents(
        RELEASE_OPENS_NOTIFICATION.key,
        "a release recorded on the custody pages",
        "a release notification made on or after the release",
        "the end of the notification period",
        RELEASE_OPENS_NOTIFICATION.citation,
    ),
    ClockEvents(
        "soa84.qualifying_stay",
        "the 7th day of stays at an address, as notified",
        "a notification of the stay",
        "the end of the notification period",
        STAYS_OPEN_NOTIFICATION.citation,
    ),
    ClockEvents(
        STAYS_OPEN_NOTIFICATION.key,
        "the 7th day of stays recorded at an address (secondary addresses on the register)",
        "a notification of a stay naming one of those days",
        "the end of the notification period",
        STAYS_OPEN_NOTIFICATION.citation,
    ),
    ClockEvents(
        "soa85.annual_notification",
        "the last notification",
        "the next notification",
        "the end of the notification period",
        act(SOA_2003, "s85(1)"),
    ),
    ClockEvents(
        "custody.release_date_confirmed",
        "a release date on a custody spell of a level 2 or 3 case",
        "the prison's confirmation",
        "the release",
        _CUSTODY,
    ),
    ClockEvents(
        "custody.approved_premises_referral",
        "a release date on a custody spell of a level 2 or 3 case",
        "the first Approved Premises referral",
        "the release",
        seed(SEED_003, "Approved Premises"),
    ),
    ClockEvents(
        "custody.end_of_custody_licence_confirmed",
        "an end-of-custody early release date",
        "the prison's confirmation",
        "the release",
        seed(SEED_003, "Last minute Early Release due to Sentence Recalculation"),
    ),
    ClockEvents(
        "custody.pre_release_meeting",
        "a release date on a custody spell of a level 2 or 3 case",
        "a MAPP meeting in the pre-release meeting window",
        "the release",
        PRE_RELEASE_MEETING_WINDOW.citation,
    ),
    ClockEvents(
        "custody.post_release_meeting",
        "a release of a level 2 or 3 case",
        "a MAPP meeting on or after the release",
        "a return to custody",
        _FREQUENCY,
    ),
)


def events_for(key: str) -> ClockEvents | None:
    """What starts, meets and ends the clock with this rule key (None: not listed)."""
    return next((e for e in CLOCK_EVENTS if e.key == key), None)


def pre_release_meeting_window_opens(pre_release_due_on: date) -> date:
    """The first day a meeting counts as the pre-release meeting."""
    return add_months(pre_release_due_on, -PRE_RELEASE_MEETING_LEAD_MONTHS)


def pre_release_meeting_held_on(
    meeting_days: list[date], *, due_on: date, release_on: date, today: date
) -> date | None:
    """The day of the meeting that met the pre-release clock: the first held (on or before
    today) in its window, which closes with the release."""
    opens = pre_release_meeting_window_opens(due_on)
    held = [d for d in meeting_days if opens <= d <= min(release_on, today)]
    return min(held, default=None)


def post_release_meeting_held_on(meeting_days: list[date], *, released_on: date, today: date) -> date | None:
    """The first meeting held on or after the release (and on or before today)."""
    return min((d for d in meeting_days if released_on <= d <= today), default=None)
